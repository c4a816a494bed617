"""Who may see and change a team's roadmap: the same people who may see its report."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from assessments.organisations.access import OrgAccess, org_access
from assessments.organisations.models import Team
from assessments.reports.access import TEAM, report_scope
from assessments.roadmaps.models import Roadmap, RoadmapAction
from assessments.rounds.access import assessment_in
from assessments.rounds.models import Assessment


def roadmap_of(assessment: Assessment, team: Team) -> Roadmap | None:
    """The team's roadmap for the round, if it has one yet."""
    return Roadmap.objects.filter(assessment=assessment, team=team).first()


@dataclass(frozen=True)
class TeamRoadmap:
    """A team in a round, reached through the user's organisation."""

    access: OrgAccess
    assessment: Assessment
    team: Team

    @property
    def roadmap(self) -> Roadmap | None:
        return roadmap_of(self.assessment, self.team)


def team_roadmap(request: HttpRequest, slug: str, pk: int, team_pk: int) -> TeamRoadmap:
    return roadmap_place(org_access(request, slug), pk, team_pk)


def roadmap_place(access: OrgAccess, pk: int, team_pk: int) -> TeamRoadmap:
    """A team's roadmap in a round, if this person may see that team."""
    assessment = assessment_in(access, pk)
    team = report_scope(access, assessment, TEAM, team_pk).team
    assert team is not None
    return TeamRoadmap(access, assessment, team)


def roadmap_or_404(place: TeamRoadmap) -> Roadmap:
    road = place.roadmap
    if road is None:
        raise Http404("No roadmap yet.")
    return road


def action_or_404(place: TeamRoadmap, action_pk: int) -> RoadmapAction:
    return get_object_or_404(RoadmapAction, roadmap=roadmap_or_404(place), pk=action_pk)
