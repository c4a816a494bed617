"""The project's own records: which background workers are alive."""

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
