"""Reads for the dashboards: the signed-in home page (my organisations, their open rounds,
my actions), an organisation's rounds and a firm's workspace.

Everything is reached through the user's memberships, in a fixed number of queries however
many organisations, rounds or actions there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments.firms.models import Firm
from assessments.firms.selectors import ClientRow, Workspace, workspace
from assessments.organisations.access import OrgAccess
from assessments.organisations.models import Membership, Team
from assessments.reviews.models import Review
from assessments.reviews.selectors import reviews_of_clients
from assessments.roadmaps.models import RoadmapAction
from assessments.rounds.access import assessment_state, can_manage
from assessments.rounds.models import Assessment, Invitation, Respondent
from assessments.rounds.selectors import assessments_for, count_shown, rounds_with_responses

# The dashboard lists the most pressing actions; the roadmap pages hold the rest.
MAX_ACTIONS = 8


@dataclass(frozen=True)
class OpenRound:
    """A round open now, with how many of those invited have submitted."""

    assessment: Assessment
    submitted: int
    invited: int
    can_manage: bool
    my_team: Team | None

    @property
    def percent(self) -> int:
        if not self.invited:
            return 0
        return min(100, round(100 * self.submitted / self.invited))


@dataclass(frozen=True)
class DueAction:
    action: RoadmapAction
    can_open: bool  # the owner may see the team's roadmap (their own team, or a manager)

    @property
    def overdue(self) -> bool:
        due = self.action.due_date
        return due is not None and due < timezone.localdate()


@dataclass(frozen=True)
class Dashboard:
    memberships: list[Membership]
    open_rounds: list[OpenRound]
    actions: list[DueAction]
    more_actions: bool  # there are more open actions than the dashboard lists


def _count_per_round(queryset: QuerySet[Any]) -> Coalesce:
    """How many rows of ``queryset`` belong to the outer round, as a subquery (0 if none)."""
    counted = (
        queryset.filter(assessment=OuterRef("pk"))
        .order_by()
        .values("assessment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _open_rounds(accesses: dict[int, OrgAccess]) -> list[OpenRound]:
    now = timezone.now()
    rounds = (
        Assessment.objects.filter(
            organisation_id__in=list(accesses),
            opens_at__lte=now,
            closes_at__gt=now,
            closed_early_at__isnull=True,
        )
        .select_related("organisation")
        .prefetch_related("teams")
        .annotate(
            submitted=_count_per_round(Respondent.objects.filter(submitted_at__isnull=False)),
            # Invited, as the round page counts it: each personal link, plus everyone who
            # came in through a team link.
            personal=_count_per_round(Invitation.objects.filter(kind=Invitation.Kind.PERSONAL)),
            through_team_links=_count_per_round(
                Respondent.objects.filter(invitation__kind=Invitation.Kind.TEAM)
            ),
        )
        .order_by("closes_at", "pk")
    )
    found = []
    for assessment in rounds:
        access = accesses[assessment.organisation_id]
        team = access.membership.team
        found.append(
            OpenRound(
                assessment=assessment,
                submitted=count_shown(assessment, assessment.submitted),  # type: ignore[attr-defined]
                invited=assessment.personal + assessment.through_team_links,  # type: ignore[attr-defined]
                can_manage=can_manage(access, assessment),
                my_team=team if team is not None and team in assessment.teams.all() else None,
            )
        )
    return found


def _due_actions(user: Any, accesses: dict[int, OrgAccess]) -> list[DueAction]:
    actions = (
        RoadmapAction.objects.filter(
            owner=user, roadmap__assessment__organisation_id__in=list(accesses)
        )
        .exclude(status__in=[RoadmapAction.Status.DONE, RoadmapAction.Status.DROPPED])
        .select_related("roadmap__assessment__organisation", "roadmap__team")
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )[: MAX_ACTIONS + 1]
    return [
        DueAction(
            action=action,
            can_open=accesses[action.roadmap.assessment.organisation_id].can_see_team(
                action.roadmap.team
            ),
        )
        for action in actions
    ]


def dashboard_for(user: Any) -> Dashboard:
    """What the signed-in home page shows ``user``; nothing from outside their organisations."""
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("organisation", "team")
        .order_by("organisation__name", "organisation__pk")
    )
    accesses = {m.organisation_id: OrgAccess(m.organisation, m) for m in memberships}
    if not accesses:
        return Dashboard(memberships=[], open_rounds=[], actions=[], more_actions=False)
    actions = _due_actions(user, accesses)
    return Dashboard(
        memberships=memberships,
        open_rounds=_open_rounds(accesses),
        actions=actions[:MAX_ACTIONS],
        more_actions=len(actions) > MAX_ACTIONS,
    )


# --- an organisation's page --------------------------------------------------------------


def organisation_rounds(access: OrgAccess) -> list[Assessment]:
    """The organisation's rounds, each with its state, whether this person may manage it and
    their own team in it (if the round includes it)."""
    assessments = list(assessments_for(access.organisation))
    team = access.membership.team
    for a in assessments:
        a.state = assessment_state(a)  # type: ignore[attr-defined]
        a.submitted_count = count_shown(a, a.submitted_count)  # type: ignore[attr-defined]
        a.can_manage = can_manage(access, a)  # type: ignore[attr-defined]
        a.my_team = team if team and team in a.teams.all() else None  # type: ignore[attr-defined]
    return assessments


# --- a firm's workspace ------------------------------------------------------------------


@dataclass
class ClientCard(ClientRow):
    """A client as the workspace shows it: the firms room's row, with its rounds (newest
    first, with response counts) and the firm's reviews of it."""

    rounds: list[Assessment] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)


def firm_workspace(firm: Firm) -> Workspace:
    """The firm's workspace with every client's rounds and reviews. Seven queries however
    many clients there are."""
    found = workspace(firm, row=ClientCard)
    cards = {row.organisation.pk: row for row in found.clients if isinstance(row, ClientCard)}
    for a in rounds_with_responses(cards):
        cards[a.organisation_id].rounds.append(a)
    for review in reviews_of_clients(firm, cards):
        cards[review.organisation_id].reviews.append(review)
    return found
