"""An uploaded file's lines, kept between its preview and its confirm."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from assessments.organisations.models import Organisation
from assessments.rounds.models import Assessment


class ImportBatch(models.Model):
    """The lines read from one upload, stored as JSON until confirmed or expired.

    The confirm reads them from here, never from a second upload, and checks them against the
    database again. Seen only by the person who uploaded the file.
    """

    class Kind(models.TextChoices):
        DEPARTMENTS = "departments", "Departments and teams"
        INVITATIONS = "invitations", "Personal invitations"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    # The round invited to (invitations only).
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(max_length=200, blank=True)
    # {"schema": 1, "columns": [...], "ignored": [...], "lines": [[number, {key: value}], ...]}
    lines = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # What the confirm wrote: {"schema": 1, "summary": "...", "lines": [[number, text], ...]}
    result = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["expires_at"], name="import_batch_expiry")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.filename or 'a file'}"

    @property
    def has_expired(self) -> bool:
        return self.expires_at <= timezone.now()
