"""Tells the organisations room that a team with a roadmap or targets cannot be deleted:
they are the team's plans, made from a round's report."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from assessments.organisations.models import Team
from assessments.organisations.signals import Use, team_uses
from assessments.roadmaps.models import Roadmap, Target


@receiver(team_uses, dispatch_uid="roadmaps-team-uses")
def _team_uses(sender: Any, team: Team, **kwargs: Any) -> list[Use]:
    if not (
        Roadmap.objects.filter(team=team).exists() or Target.objects.filter(team=team).exists()
    ):
        return []
    return [
        Use(
            "It has a roadmap or targets.",
            blocks=True,
            why="They are the team's plans; they would go with it. Rename the team instead.",
        )
    ]
