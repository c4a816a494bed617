"""An organisation's (or a department's) product-management charter and its versions.

A saved version never changes: editing saves a new version, so the history stays true.
The published version is the one published most recently.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from assessments.organisations.models import Department, Organisation

TITLE_MAX = 160
TEXT_MAX = 600
NOTE_MAX = 200


class Charter(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="charters"
    )
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.CASCADE, related_name="charters"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "department"], name="unique_charter_department"
            ),
            # NULL departments are never equal in SQL: one organisation-wide charter, said apart.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(department__isnull=True),
                name="unique_charter_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"Charter of {self.department or self.organisation}"


class CharterVersion(models.Model):
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=NOTE_MAX, blank=True, help_text="What changed, and why.")
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was last published; empty if never."
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "number"], name="unique_charter_version"),
        ]

    def __str__(self) -> str:
        return f"{self.charter}, version {self.number}"


class CharterPrinciple(models.Model):
    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="principles")
    position = models.PositiveIntegerField()
    key = models.CharField(
        max_length=60, blank=True, help_text="Template key; empty for a principle of their own."
    )
    title = models.CharField(max_length=TITLE_MAX)
    text = models.TextField(max_length=TEXT_MAX, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title
