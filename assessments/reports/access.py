"""Who may see which report: a team's own people see their team; managers see everything.

A report's *scope* is the round, one department or one team. Anything outside the
user's organisation, or a team or department not in the round, is a 404. A department's
teams are those the round grouped under it (``rounds.selectors.round_team_departments``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from assessments.organisations.access import OrgAccess, department_in, team_in
from assessments.organisations.models import Department, Team
from assessments.rounds.models import Assessment
from assessments.rounds.selectors import round_team_departments

ROUND, DEPARTMENT, TEAM = "round", "department", "team"


@dataclass(frozen=True)
class Scope:
    """Whose answers a report pools: every team in the round, or some of them."""

    kind: str  # round, department or team
    title: str
    team_ids: frozenset[int] | None  # None: the whole round
    team: Team | None = None
    department: Department | None = None

    @property
    def obj_pk(self) -> int | None:
        obj = self.team or self.department
        return obj.pk if obj is not None else None


def whole_round() -> Scope:
    return Scope(ROUND, "All teams in this round", None)


def team_scope(team: Team) -> Scope:
    return Scope(TEAM, team.name, frozenset({team.pk}), team=team)


def report_scope(access: OrgAccess, assessment: Assessment, kind: str, obj_pk: int | None) -> Scope:
    """The scope asked for, if this person may see it."""
    grouped = round_team_departments(assessment)
    if kind == TEAM:
        team = team_in(access, obj_pk)
        if team.pk not in grouped:
            raise Http404
        if not access.can_see_team(team):
            raise PermissionDenied("You can see the report of your own team.")
        return team_scope(team)
    if not access.is_manager:
        raise PermissionDenied("Only organisation admins and consultants see reports across teams.")
    if kind == DEPARTMENT:
        department = department_in(access, obj_pk)
        # The teams the round grouped under it when they joined, wherever they are now.
        ids = {team for team, grouped_under in grouped.items() if grouped_under == department.pk}
        if not ids:
            raise Http404
        return Scope(DEPARTMENT, department.name, frozenset(ids), department=department)
    return whole_round()
