"""An export someone asked for, and the slots that cap how many render at once."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from assessments.organisations.models import Organisation
from assessments.rounds.models import Assessment


class ExportJob(models.Model):
    """One file being made for one person: what, for which scope, and how far it has got."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting its turn"
        RUNNING = "running", "Being made"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Could not be made"

    class Kind(models.TextChoices):
        REPORT_PDF = "report-pdf", "PDF of the report"
        REPORT_XLSX = "report-xlsx", "Excel workbook of the report"
        REPORT_ANSWERS = "report-answers", "Raw answers (CSV)"
        ROADMAP_PDF = "roadmap-pdf", "PDF of the roadmap summary"
        BOARD_PDF = "board-pdf", "Board pack (PDF)"
        BOARD_XLSX = "board-xlsx", "Board pack (Excel workbook)"
        REVIEW_PDF = "review-pdf", "Review report (PDF)"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="export_jobs"
    )
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The report's scope: "round", "department" or "team", and which one.
    scope_kind = models.CharField(max_length=12)
    scope_pk = models.PositiveBigIntegerField(null=True, blank=True)
    # What the page it was asked from was filtered by, as that page's address names them
    # (name → value, strings): the room that makes the file reads them back, leaving out
    # anything it does not understand. Empty for a file with no filters.
    filters = models.JSONField(default=dict, blank=True)
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    problem = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # While it is being made: until when the worker making it has said it is alive (renewed
    # every few seconds); past it, the worker is taken to have died (exports.making).
    lease_until = models.DateTimeField(null=True, blank=True)
    # How many times a worker has started making it (a dead worker's job is made again once).
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="export_status_idx"),
            models.Index(fields=["requested_by", "created_at"], name="export_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.READY, self.Status.FAILED}


class RenderSlot(models.Model):
    """One of EXPORT_CONCURRENCY places to render in, shared by every worker on every machine.

    A worker takes a slot with a conditional UPDATE (atomic in any database) before it starts
    Chromium, renews its lease while it works, and gives it back when done; a slot whose
    lease ran out (its worker was killed) is taken over within a minute.
    """

    number = models.PositiveSmallIntegerField(unique=True)
    job = models.OneToOneField(
        ExportJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    taken_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Render slot {self.number}"
