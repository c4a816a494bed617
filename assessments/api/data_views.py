"""The API's data endpoints: a scope's results, a round's comparison, its teams' roadmaps and
their actions, and a consultant's firm's clients and reviews. Thin, as the pages' views:
access (through the pages' helpers), validate, one read or one service, respond.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from assessments.api import data_selectors
from assessments.api.authentication import TokenAuth
from assessments.api.base import ApiView, OrgApiView
from assessments.api.data_serializers import ActionChange, ActionNew
from assessments.api.representations.roadmaps import action_data
from assessments.firms.access import firm_of
from assessments.firms.models import Firm
from assessments.reports.access import ROUND
from assessments.roadmaps import services as roadmap_services
from assessments.roadmaps.access import action_or_404
from pmmaturity.converters import as_id

SCOPE_PARAMETERS = [
    OpenApiParameter(
        "scope",
        str,
        enum=list(data_selectors.SCOPES),
        description="Whose answers: the whole round (default), one department or one team.",
    ),
    OpenApiParameter(
        "id", int, description="The department's or team's id (for scope=department or team)."
    ),
]
COMPARE_PARAMETERS = [
    OpenApiParameter("dept", int, description="One department's teams only."),
    OpenApiParameter("role", str, description="One role's answers (where large enough)."),
    OpenApiParameter("show", str, enum=["maturity", "dials", "activities"]),
    OpenApiParameter("since", int, description="The earlier round to compare with."),
    OpenApiParameter("sort", str, description="name, people, or an enabler's key."),
]


class ScopeResults(OrgApiView):
    """The results of a round, one of its departments or one of its teams, as the report page
    shows them to you: a report the page withholds comes with ``results`` null and the reason."""

    @extend_schema(parameters=SCOPE_PARAMETERS, responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, slug: str, pk: int) -> Response:
        kind = request.query_params.get("scope", ROUND)
        if kind not in data_selectors.SCOPES:
            raise exceptions.ValidationError({"scope": ["Choose round, department or team."]})
        obj_pk = None
        if kind != ROUND:
            obj_pk = as_id(request.query_params.get("id", ""))
            if obj_pk is None:
                raise exceptions.ValidationError(
                    {"id": [f"Give the {kind}'s id as a whole number."]}
                )
        return Response(data_selectors.scope_results(self.access, pk, kind, obj_pk))


class RoundComparison(OrgApiView):
    """A round's departments and teams side by side, and what changed since an earlier round,
    as the comparison page shows them (organisation admins and consultants only)."""

    @extend_schema(parameters=COMPARE_PARAMETERS, responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return Response(data_selectors.round_comparison(self.access, pk, request.query_params))


class RoundRoadmaps(OrgApiView):
    """The roadmaps of the round's teams you may see: every team for admins and consultants,
    your own team for everyone else."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, slug: str, pk: int) -> Response:
        rows = data_selectors.round_roadmaps(self.access, pk)
        page = self.paginate_queryset(rows)  # type: ignore[arg-type]
        return self.get_paginated_response(page)


class TeamActions(OrgApiView):
    """A team's roadmap: its targets and actions as its board shows them (GET), or a new
    action of the team's own (POST), for those who may see the team's report."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, slug: str, pk: int, team_pk: int) -> Response:
        place = data_selectors.board_place(self.access, pk, team_pk)
        return Response(data_selectors.team_board(place))

    @extend_schema(request=ActionNew, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request, slug: str, pk: int, team_pk: int) -> Response:
        place = data_selectors.board_place(self.access, pk, team_pk)
        form = ActionNew(data=request.data)
        form.is_valid(raise_exception=True)
        road = place.roadmap
        if road is None:
            raise exceptions.ValidationError(
                "This team has no roadmap yet: generate it on the roadmap page first."
            )
        action = roadmap_services.action_add(road=road, user=request.user, **form.validated_data)
        return Response(action_data(action), status=status.HTTP_201_CREATED)


class TeamAction(OrgApiView):
    """One action of a team's roadmap: change its status, owner, due date, horizon or notes,
    as the board does (each change recorded with who and when)."""

    @extend_schema(request=ActionChange, responses=OpenApiTypes.OBJECT)
    def patch(self, request: Request, slug: str, pk: int, team_pk: int, action_pk: int) -> Response:
        place = data_selectors.board_place(self.access, pk, team_pk)
        action = action_or_404(place, action_pk)
        form = ActionChange(data=request.data, context={"access": self.access})
        form.is_valid(raise_exception=True)
        changed = roadmap_services.action_update(action=action, user=request.user, **form.changes())
        return Response(action_data(changed))


def _firm(request: Request) -> tuple[Firm, int | None]:
    """The caller's firm, and (for a token) the one organisation the token reaches."""
    firm = firm_of(request.user)
    if firm is None:
        raise Http404
    only = request.auth.access.organisation.pk if isinstance(request.auth, TokenAuth) else None
    return firm, only


class FirmClients(ApiView):
    """Your firm's client organisations, with their admins, rounds and reviews, as your firm's
    workspace shows them. A token reaches its own organisation's entry only."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        firm, only = _firm(request)
        page = self.paginate_queryset(data_selectors.firm_clients(firm, only))  # type: ignore[arg-type]
        return self.get_paginated_response(page)


class FirmReviews(ApiView):
    """Your firm's reviews of its clients, newest first. A token reaches its own
    organisation's reviews only."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        firm, only = _firm(request)
        page = self.paginate_queryset(data_selectors.firm_reviews(firm, only))  # type: ignore[arg-type]
        return self.get_paginated_response(page)
