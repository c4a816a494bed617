"""Private calendar feeds: a secret address a calendar app subscribes to, for the due dates of
a team's roadmap or the dates of a round."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from assessments.organisations.models import Organisation
from assessments.roadmaps.models import Roadmap
from assessments.rounds.models import Assessment


class CalendarFeed(models.Model):
    """One person's feed of one roadmap or one round, in one organisation.

    Calendar apps cannot log in, so the address carries a secret token; only its SHA-256
    digest is kept (``assessments.tokens``), and the address is shown once, when it is made.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    roadmap = models.ForeignKey(
        Roadmap, null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(roadmap__isnull=False, assessment__isnull=True)
                | models.Q(roadmap__isnull=True, assessment__isnull=False),
                name="calendar_feed_follows_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return f"Calendar feed {self.pk} of {self.user_id}"

    @property
    def title(self) -> str:
        """What the feed follows, in the words the page and the calendar's name use."""
        if self.roadmap is not None:
            return f"{self.roadmap.team.name} roadmap ({self.roadmap.assessment.name})"
        assert self.assessment is not None
        return f"{self.assessment.name} (round dates)"
