"""Keeps a round's record of where its teams stood, however a team joins the round; and
tells the organisations room what of its rounds rests on a team or department it would delete.

``rounds.services.round_teams_add`` writes each team's department as it adds it; a team
added by the many-to-many manager (``assessment.teams.add``, as tests and scripts do) gets
its department now here, so no round groups its teams by where they are later.
"""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from assessments.organisations.models import Department, Team
from assessments.organisations.signals import Use, department_uses, team_uses
from assessments.rounds.models import Assessment, RoundTeam


@receiver(m2m_changed, sender=RoundTeam, dispatch_uid="round-teams-added")
def _teams_added(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    if not reverse:  # what the round object read of its teams is out of date
        getattr(instance, "_prefetched_objects_cache", {}).pop("round_teams", None)
    if action != "post_add" or not pk_set:
        return
    if reverse:  # team.assessments.add(...)
        added = RoundTeam.objects.filter(team_id=instance.pk, assessment_id__in=pk_set)
    else:
        added = RoundTeam.objects.filter(assessment_id=instance.pk, team_id__in=pk_set)
    added.filter(department__isnull=True).update(
        department_id=Subquery(Team.objects.filter(pk=OuterRef("team_id")).values("department_id"))
    )


def _names(rounds: Any) -> tuple[str, ...]:
    return tuple(a.name for a in rounds.order_by("opens_at", "pk"))


@receiver(team_uses, dispatch_uid="rounds-team-uses")
def _team_uses(sender: Any, team: Team, **kwargs: Any) -> list[Use]:
    """A team whose people answered a round is part of its results; a round nobody in it
    answered just loses it (with its answer links)."""
    answered = Assessment.objects.filter(respondents__team=team).distinct()
    others = Assessment.objects.filter(round_teams__team=team).exclude(pk__in=answered)
    uses = []
    if answered.exists():
        uses.append(
            Use(
                "Its people answered these rounds:",
                _names(answered),
                blocks=True,
                why="Their answers are part of those rounds' results, which must keep adding "
                "up. Rename the team instead, or leave it as it is.",
            )
        )
    if others.exists():
        uses.append(
            Use("It is taken out of these rounds, with their answer links:", _names(others))
        )
    return uses


@receiver(department_uses, dispatch_uid="rounds-department-uses")
def _department_uses(sender: Any, department: Department, **kwargs: Any) -> list[Use]:
    grouped = Assessment.objects.filter(round_teams__department=department).distinct()
    if not grouped.exists():
        return []
    return [
        Use(
            "These rounds group teams under it:",
            _names(grouped),
            blocks=True,
            why="Their department results are worked out for it and must stay as they were. "
            "Rename it instead, or leave it without teams.",
        )
    ]
