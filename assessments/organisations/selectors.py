"""Reads for organisations and the people in them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from assessments.organisations.models import Department, Membership, Organisation, Team
from assessments.organisations.signals import Use, department_uses, team_uses, uses_of


def organisations_for_user(user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation", "team")


def organisation_overview(organisation: Organisation) -> dict[str, object]:
    return {
        "departments": organisation.departments.prefetch_related("teams"),
        "teams_without_department": organisation.teams.filter(department__isnull=True),
        "memberships": organisation.memberships.select_related("user", "team").order_by(
            "role", "user__first_name", "user__username"
        ),
        "invitations": organisation.invitations.select_related("team", "accepted_by")[:20],
    }


@dataclass(frozen=True)
class Deletion:
    """What deleting a team or department would do, and what stops it (``refusals``)."""

    uses: tuple[Use, ...]  # what the rooms above say rests on it
    notes: tuple[str, ...]  # what this room changes with it
    names: tuple[str, ...] = ()  # the teams left without a department

    @property
    def refusals(self) -> tuple[Use, ...]:
        return tuple(u for u in self.uses if u.blocks)


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def team_deletion(team: Team) -> Deletion:
    members = team.memberships.count()
    leads = team.memberships.filter(role=Membership.Role.TEAM_LEAD).count()
    invited = team.organisationinvitation_set.filter(
        accepted_at__isnull=True, revoked_at__isnull=True
    ).count()
    notes = []
    if members:
        notes.append(f"{_people(members)} whose team it is will have no team.")
    if leads:
        notes.append(
            f"Its team lead{'s' if leads != 1 else ''} will lead nothing, and run no round, "
            "until you give them another team."
        )
    if invited:
        notes.append(f"{_people(invited)} invited to join it will join with no team.")
    return Deletion(tuple(uses_of(team_uses, team=team)), tuple(notes))


def department_deletion(department: Department) -> Deletion:
    teams = tuple(department.teams.order_by("name").values_list("name", flat=True))
    notes = ("These teams will be in no department:",) if teams else ()
    return Deletion(tuple(uses_of(department_uses, department=department)), notes, teams)


def choices_of(organisation: Organisation) -> dict[str, list[tuple[int, str]]]:
    """The organisation's departments and teams as choices, read once for a page's forms."""
    return {
        "departments": list(organisation.departments.values_list("pk", "name")),
        "teams": list(organisation.teams.values_list("pk", "name")),
    }


def people_page(organisation: Organisation) -> dict[str, Any]:
    """Departments with their teams, teams in none, and everyone with their role and team."""
    return {
        "departments": list(organisation.departments.prefetch_related("teams")),
        "loose_teams": list(organisation.teams.filter(department__isnull=True)),
        "memberships": list(
            organisation.memberships.select_related("user", "team").order_by(
                "user__first_name", "user__last_name", "user__username"
            )
        ),
    }


def admins_of(organisation_id: int) -> list[str]:
    """The names of the organisation's admins, to say who can change someone's role."""
    return [
        m.user.get_full_name() or m.user.get_username()
        for m in Membership.objects.filter(
            organisation_id=organisation_id, role=Membership.Role.ADMIN
        )
        .select_related("user")
        .order_by("user__first_name", "user__username")
    ]
