"""A review: a firm's engagement with one client, its evidence and its moderated levels.

Enablers and statements are named by their stable keys, not by row, so a review spans rounds
answered on different versions of the questionnaire (a client's adapted fork included).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from assessments.firms.models import Firm
from assessments.organisations.models import Organisation, Team
from assessments.rounds.models import Assessment


class Review(models.Model):
    class Status(models.TextChoices):
        PLANNING = "planning", "Planning"
        FIELDWORK = "fieldwork", "Fieldwork"
        MODERATION = "moderation", "Moderation"
        DELIVERED = "delivered", "Delivered"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="reviews")
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="reviews")
    title = models.CharField(max_length=160)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNING)
    starts_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    rounds = models.ManyToManyField(Assessment, blank=True, related_name="reviews")
    # Empty: every team in the review's rounds.
    teams = models.ManyToManyField(Team, blank=True, related_name="reviews")
    consultants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="reviews_worked"
    )
    # The consultant's executive summary, in Markdown; rendered through a sanitiser.
    executive_summary = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ReviewSnapshot(models.Model):
    """The delivered report as the client received it: rendered at its handover and never
    recomputed, so answers, other clients' rounds or a new scoring method arriving later
    change nothing in it. Delivering again (after a reopening) takes a new one."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="snapshots")
    as_of = models.DateTimeField()  # the delivery: every figure is as it stood then
    body_html = models.TextField()  # the report page's body, without its buttons
    pdf_html = models.TextField()  # the same body, as printed
    taken_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-as_of", "-pk"]

    def __str__(self) -> str:
        return f"{self.review} as of {self.as_of:%Y-%m-%d}"


def evidence_path(evidence: Evidence, filename: str) -> str:
    return f"reviews/{evidence.review_id}/evidence/{filename}"


class Evidence(models.Model):
    """An interview note, a link or a document, about an enabler or one of its statements."""

    class Kind(models.TextChoices):
        NOTE = "note", "Interview note"
        LINK = "link", "Link"
        DOCUMENT = "document", "Document"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    enabler_key = models.SlugField(max_length=60)
    statement_key = models.SlugField(max_length=60, blank=True)
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    # Kept through Django's storage API, outside any public URL; a view checks who asks.
    document = models.FileField(upload_to=evidence_path, blank=True)
    document_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enabler_key", "statement_key", "-added_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Moderation(models.Model):
    """One moderating decision. Rows are only ever added: the newest for an enabler (or a
    statement) is the one that stands, and the older ones are its history. A blank level
    withdraws the moderation, so the survey's result stands again."""

    class Verdict(models.TextChoices):
        IN_PLACE = "in_place", "In place"
        PARTLY = "partly", "Partly in place"
        NOT_IN_PLACE = "not_in_place", "Not in place"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="moderations")
    enabler_key = models.SlugField(max_length=60)
    statement_key = models.SlugField(max_length=60, blank=True)
    # For an enabler: a level key (immature, managed, leading). Blank: withdrawn.
    level = models.CharField(max_length=20, blank=True)
    # For a statement: whether the evidence shows it in place. Blank: withdrawn.
    verdict = models.CharField(max_length=14, choices=Verdict.choices, blank=True)
    reason = models.TextField()
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="moderations")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-set_at", "-pk"]
        indexes = [
            models.Index(fields=["review", "enabler_key", "statement_key"], name="moderation_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enabler_key}/{self.statement_key or '-'} → {self.level or self.verdict}"
