"""A team's targets per enabler and its roadmap of actions, with every change recorded."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from assessments.organisations.models import Team
from assessments.rounds.models import Assessment


class Target(models.Model):
    """The level a team aims for on one enabler, in one round."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="targets")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="targets")
    enabler = models.ForeignKey("frameworks.Enabler", on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey("frameworks.Level", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "team", "enabler"], name="unique_target"),
        ]

    def __str__(self) -> str:
        return f"{self.team}: {self.enabler} → {self.level}"


class Roadmap(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="roadmaps")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="roadmaps")
    generated_at = models.DateTimeField(auto_now=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "team"], name="unique_roadmap"),
        ]

    def __str__(self) -> str:
        return f"Roadmap for {self.team} ({self.assessment})"


class RoadmapAction(models.Model):
    class Horizon(models.TextChoices):
        NOW = "now", "Now"
        NEXT = "next", "Next"
        LATER = "later", "Later"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="actions")
    key = models.CharField(
        max_length=120, blank=True, help_text="Generated item key; empty for the team's own."
    )
    recommendation = models.ForeignKey(
        "frameworks.Recommendation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    activity = models.ForeignKey(
        "frameworks.Activity", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What a generated action covers, so a later plan never proposes it again.
    activities = models.ManyToManyField(
        "frameworks.Activity",
        blank=True,
        related_name="+",
        help_text="Every activity an activity-gap action is about.",
    )
    statement = models.ForeignKey(
        "frameworks.Statement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The split statement a conversation is about.",
    )
    title = models.CharField(max_length=200)
    reason = models.TextField(blank=True, help_text="Why it sits where it does.")
    first_step = models.TextField(
        blank=True, help_text="Something to start on Monday and finish that week."
    )
    effort = models.CharField(max_length=1, blank=True)
    horizon = models.CharField(max_length=5, choices=Horizon.choices, default=Horizon.NEXT)
    position = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["horizon", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def for_leadership(self) -> bool:
        """Only leadership can take it: the board lists it apart from the team's own work."""
        rec = self.recommendation
        return rec is not None and rec.decided_by == rec.DecidedBy.LEADERSHIP


class ActionChange(models.Model):
    """Who changed what on a roadmap action, and when."""

    action = models.ForeignKey(RoadmapAction, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    field = models.CharField(max_length=30)
    old = models.CharField(max_length=300, blank=True)
    new = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old} → {self.new}"
