"""The project's own records: which background workers are alive, and the scheduled jobs they
run in turn (``pmmaturity.schedule``)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """One background worker's last sign of life, shared by every machine through the
    database: /healthz/ reports the task queue down when every row has gone quiet."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Worker {self.host}:{self.pid} (last beat {self.beat_at:%H:%M:%S})"


def workers_alive() -> tuple[int, float | None]:
    """(workers heard from in the last WORKER_SILENCE_SECONDS, seconds since the last beat
    of any worker or None if none has ever beaten)."""
    moment = timezone.now()
    rows = list(WorkerHeartbeat.objects.values_list("beat_at", flat=True))
    if not rows:
        return 0, None
    silence = timedelta(seconds=settings.WORKER_SILENCE_SECONDS)
    alive = sum(1 for beat_at in rows if moment - beat_at <= silence)
    return alive, (moment - max(rows)).total_seconds()


class ScheduledJob(models.Model):
    """One scheduled job (``pmmaturity.schedule``): when it is next due, who holds it now, and
    how its last run went. Shared by every worker on every machine: a worker runs a job only
    after claiming this row, so one runner at a time, whatever the number of workers."""

    class Outcome(models.TextChoices):
        NEVER = "", "Not run yet"
        RUNNING = "running", "Running"
        OK = "ok", "Succeeded"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=64, unique=True)
    every = models.DurationField(help_text="How often it runs (from the code's schedule).")
    # The slot the next run is for; a run in hand is for this slot until it finishes.
    next_run_at = models.DateTimeField(db_index=True)
    # The runner holding the job (worker host:pid), a token for this one claim, and until
    # when the claim holds unless renewed: a runner that dies lets it run out.
    claimed_by = models.CharField(max_length=255, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_duration = models.DurationField(null=True, blank=True)
    last_outcome = models.CharField(
        max_length=10, choices=Outcome.choices, default=Outcome.NEVER, blank=True
    )
    last_message = models.TextField(blank=True, help_text="What the last run said, or its error.")
    runs = models.PositiveIntegerField(default=0)
    failures = models.PositiveIntegerField(default=0)
    # Slots that came and went while no worker ran (the next run covered them).
    missed_slots = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def abandoned(self) -> bool:
        """Its last runner stopped mid-run (its claim ran out): the job is due again."""
        return self.claimed_until is not None and self.claimed_until < timezone.now()
