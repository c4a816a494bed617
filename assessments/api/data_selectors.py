"""Reads of the API's data endpoints: each reaches its object through the pages' access helpers
and reads it with the pages' own builders, then hands it to ``representations``.

Another organisation's round, team or department is a 404; a role the page refuses is a 403
with the page's words (the access helpers raise both).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from django.db.models import Count

from assessments.api.representations.comparison import comparison_data
from assessments.api.representations.firms import clients_data, reviews_data
from assessments.api.representations.results import results_data
from assessments.api.representations.roadmaps import roadmap_data, roadmap_summary
from assessments.comparisons.access import comparison_round
from assessments.comparisons.builder import comparison_for, filters_from
from assessments.firms.models import Firm
from assessments.firms.selectors import Workspace
from assessments.home.selectors import firm_workspace
from assessments.organisations.access import OrgAccess
from assessments.reports.access import DEPARTMENT, ROUND, TEAM, report_scope
from assessments.reports.builder import Report, build_report
from assessments.reports.disclosure import disclosure_for
from assessments.roadmaps import selectors as roadmap_selectors
from assessments.roadmaps.access import TeamRoadmap, roadmap_place
from assessments.roadmaps.models import Roadmap, RoadmapAction
from assessments.rounds.access import assessment_in

SCOPES = (ROUND, DEPARTMENT, TEAM)


def scope_report(access: OrgAccess, pk: int, kind: str, obj_pk: int | None) -> Report:
    """The report the page of this scope shows this person (department and round overlays on
    its radar included), or the page's 404/403."""
    assessment = assessment_in(access, pk)
    scope = report_scope(access, assessment, kind, obj_pk)
    return build_report(assessment, scope)


def scope_results(access: OrgAccess, pk: int, kind: str, obj_pk: int | None) -> dict[str, Any]:
    return results_data(scope_report(access, pk, kind, obj_pk))


def round_comparison(access: OrgAccess, pk: int, query: Mapping[str, Any]) -> dict[str, Any]:
    """The comparison page's content with the same filters (``dept``, ``role``, ``show``,
    ``since``, ``sort``); anything not understood is left out, as on the page."""
    assessment = comparison_round(access, pk)
    return comparison_data(comparison_for(assessment, filters_from(query)))


def round_roadmaps(access: OrgAccess, pk: int) -> list[dict[str, Any]]:
    """The roadmaps of the round's teams this person may see (every team for managers, their
    own for others). A fixed number of queries however many teams."""
    assessment = assessment_in(access, pk)
    teams = [t for t in assessment.teams.all() if access.can_see_team(t)]
    if not teams:
        return []
    disclosure = disclosure_for(assessment)
    roads = {r.team_id: r for r in Roadmap.objects.filter(assessment=assessment, team__in=teams)}
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    by_status = (
        RoadmapAction.objects.filter(roadmap__in=roads.values())
        .values_list("roadmap__team_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for team_id, status, n in by_status:
        counts[team_id][status] = n
    return [
        roadmap_summary(
            team, disclosure.shows(("team", team.pk)), roads.get(team.pk), counts[team.pk]
        )
        for team in sorted(teams, key=lambda t: (t.name, t.pk))
    ]


def team_board(place: TeamRoadmap) -> dict[str, Any]:
    """What the team's roadmap board shows: its targets and actions, none while withheld."""
    report = roadmap_selectors.team_report(place.assessment, place.team)
    road = place.roadmap
    if report.scores is None:
        return roadmap_data(place.team, report, road, [], {}, {})
    return roadmap_data(
        place.team,
        report,
        road,
        roadmap_selectors.board_actions(road),
        roadmap_selectors.current_targets(place.assessment, place.team, report.scores),
        roadmap_selectors.target_reasons(place.assessment, place.team),
    )


def board_place(access: OrgAccess, pk: int, team_pk: int) -> TeamRoadmap:
    """A team's roadmap in a round, for those who may see the team's report (as the board)."""
    return roadmap_place(access, pk, team_pk)


def firm_clients(firm: Firm, only: int | None = None) -> list[dict[str, Any]]:
    """The firm's clients as its workspace shows them; ``only``: one organisation's (a token
    reaches its own organisation and nothing else)."""
    return clients_data(_workspace(firm, only))


def firm_reviews(firm: Firm, only: int | None = None) -> list[dict[str, Any]]:
    return reviews_data(_workspace(firm, only))


def _workspace(firm: Firm, only: int | None) -> Workspace:
    found = firm_workspace(firm)
    if only is not None:
        found.clients = [row for row in found.clients if row.organisation.pk == only]
    return found
