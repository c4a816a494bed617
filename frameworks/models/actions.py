"""Roadmap actions as framework content: what helps an enabler up a step, and what closes a gap
in who does what. Defined apart from ``frameworks.models`` (which imports them) to keep each
module short."""

from __future__ import annotations

from typing import Any

from django.db import models

from frameworks.models.content import (
    Activity,
    Dial,
    Enabler,
    KeyedContent,
    Statement,
    VersionedContent,
)


class Effort(models.TextChoices):
    SMALL = "S", "S: days"
    MEDIUM = "M", "M: weeks"
    LARGE = "L", "L: a quarter"


class Recommendation(KeyedContent):
    """An action that helps an enabler take one step up (Immature → Managed, Managed → Leading)."""

    class Step(models.TextChoices):
        TO_MANAGED = "immature-managed", "Immature → Managed"
        TO_LEADING = "managed-leading", "Managed → Leading"

    enabler = models.ForeignKey(Enabler, on_delete=models.CASCADE, related_name="recommendations")
    step = models.CharField(max_length=20, choices=Step.choices)
    title = models.CharField(max_length=200)
    why = models.TextField()
    done = models.TextField(help_text="What “done” looks like.")
    effort = models.CharField(max_length=1, choices=Effort.choices)
    first_step = models.TextField(
        blank=True, help_text="Something the team can start on Monday and finish that week."
    )

    class DecidedBy(models.TextChoices):
        TEAM = "team", "The team"
        LEADERSHIP = "leadership", "Leadership"

    decided_by = models.CharField(
        max_length=10,
        choices=DecidedBy.choices,
        default=DecidedBy.TEAM,
        help_text="Who can act on it: the team itself, or leadership above it.",
    )
    statements: models.ManyToManyField[Statement, Any] = models.ManyToManyField(
        Statement, blank=True, related_name="recommendations"
    )
    dials: models.ManyToManyField[Dial, Any] = models.ManyToManyField(
        Dial, blank=True, related_name="recommendations"
    )
    activities: models.ManyToManyField[Activity, Any] = models.ManyToManyField(
        Activity, blank=True, related_name="recommendations"
    )
    requires: models.ManyToManyField[Recommendation, Any] = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="unlocks"
    )

    class Meta(KeyedContent.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_recommendation_key"),
        ]

    def __str__(self) -> str:
        return self.title


class GapAction(VersionedContent):
    """The action suggested for an activity gap; ``{activity}`` stands for the activity's name."""

    class Gap(models.TextChoices):
        # The labels are what reports say of a gap in the who-does-what table.
        NOBODY = "nobody", "Nobody leads it"
        LED_ELSEWHERE = (
            "led-elsewhere",
            "Led by another function where product management should lead",
        )
        PRODUCT_LEADS = (
            "product-leads",
            "Led by product people where they should support another function",
        )
        DISAGREE = "disagree", "People disagree about who leads it"
        UNKNOWN = "unknown", "Nobody knows who leads it"

    gap = models.CharField(max_length=20, choices=Gap.choices)
    title = models.CharField(max_length=200)
    why = models.TextField()
    done = models.TextField()
    effort = models.CharField(max_length=1, choices=Effort.choices)
    first_step = models.TextField(
        blank=True, help_text="Something the team can start on Monday and finish that week."
    )

    class Meta(VersionedContent.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "gap"], name="unique_gap_action"),
        ]

    def __str__(self) -> str:
        return self.title
