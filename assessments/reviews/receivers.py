"""Tells the organisations room which reviews name a team it would delete."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from assessments.organisations.models import Team
from assessments.organisations.signals import Use, team_uses
from assessments.reviews.models import Review


@receiver(team_uses, dispatch_uid="reviews-team-uses")
def _team_uses(sender: Any, team: Team, **kwargs: Any) -> list[Use]:
    titles = tuple(Review.objects.filter(teams=team).order_by("pk").values_list("title", flat=True))
    return [Use("These reviews no longer name it among their teams:", titles)] if titles else []
