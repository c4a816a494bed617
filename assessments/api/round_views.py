"""Rounds: listed for every member, as on the organisation page; read in full (participation
per team), opened, closed and extended by whoever runs the round on its page (organisation
admins, consultants, the team lead of a round of their own team only); set up by team leads
and organisation admins, with the page's form deciding what is valid."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from assessments.api import selectors
from assessments.api.base import OrgApiView, OrgListApiView, form_refused, refusals_for
from assessments.api.round_serializers import (
    RoundCreateSerializer,
    RoundDetailSerializer,
    RoundExtendSerializer,
    RoundSerializer,
)
from assessments.rounds import services
from assessments.rounds.access import assessment_for_manager, require_can_create
from assessments.rounds.forms import ExtendForm, assessment_form_for
from assessments.rounds.models import Assessment
from assessments.rounds.selectors import versions_for

NO_EARLIER_ROUND = "There is no earlier round you may follow up."


class RoundList(OrgListApiView):
    """The organisation's rounds, newest first. Team leads and organisation admins set one up
    (a team lead, for their own team only); it gets a team link per team, as on the page."""

    serializer_class = RoundSerializer

    def get_queryset(self) -> QuerySet[Assessment]:
        return selectors.rounds_of(self.access)

    def paginate_queryset(self, queryset: Any) -> list[Assessment] | None:
        page = super().paginate_queryset(queryset)
        return None if page is None else [selectors.as_listed(self.access, a) for a in page]

    @extend_schema(request=RoundCreateSerializer, responses={201: RoundDetailSerializer})
    def post(self, request: Request, slug: str) -> Response:
        require_can_create(self.access)
        given = RoundCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        form = assessment_form_for(self.access, self._form_data(given.validated_data))
        if given.validated_data.get("follows") is not None and "follows" not in form.fields:
            raise serializers.ValidationError({"follows": [NO_EARLIER_ROUND]})
        if not form.is_valid():
            raise form_refused(form)
        with refusals_for("non_field_errors"):
            assessment = services.round_set_up(
                organisation=self.access.organisation,
                data=form.cleaned_data,
                created_by=request.user,
            )
        return _detail(self, assessment.pk, status.HTTP_201_CREATED)

    def _form_data(self, given: dict[str, Any]) -> dict[str, Any]:
        """What the page's form would have been sent, with the page's defaults."""
        data = {**given}
        data.setdefault("opens_at", timezone.now())
        if "framework_version" not in data:
            newest = versions_for(self.access.organisation).order_by("-published_at").first()
            data["framework_version"] = newest.pk if newest is not None else None
        return data


def _detail(view: OrgApiView, pk: int, code: int = status.HTTP_200_OK) -> Response:
    assessment = assessment_for_manager(view.access, pk)
    shown = selectors.round_with_participation(view.access, assessment)
    return Response(RoundDetailSerializer(shown).data, status=code)


class RoundDetail(OrgApiView):
    """A round with its participation per team, for whoever runs it."""

    serializer_class = RoundDetailSerializer

    def get(self, request: Request, slug: str, pk: int) -> Response:
        return _detail(self, pk)


class RoundOpen(OrgApiView):
    """Open now a round that was set to open later."""

    serializer_class = RoundDetailSerializer

    @extend_schema(request=None)
    def post(self, request: Request, slug: str, pk: int) -> Response:
        assessment = assessment_for_manager(self.access, pk)
        with refusals_for("non_field_errors"):
            services.assessment_open_now(assessment=assessment)
        return _detail(self, pk)


class RoundClose(OrgApiView):
    """Close a round now: its links say so; extend it to reopen it."""

    serializer_class = RoundDetailSerializer

    @extend_schema(request=None)
    def post(self, request: Request, slug: str, pk: int) -> Response:
        services.assessment_close(assessment=assessment_for_manager(self.access, pk))
        return _detail(self, pk)


class RoundExtend(OrgApiView):
    """Move a round's closing date (reopening it if it closed), and optionally its reminder."""

    serializer_class = RoundDetailSerializer

    @extend_schema(request=RoundExtendSerializer)
    def post(self, request: Request, slug: str, pk: int) -> Response:
        assessment = assessment_for_manager(self.access, pk)
        given = RoundExtendSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        form = ExtendForm(given.validated_data)
        if not form.is_valid():
            raise form_refused(form)
        with refusals_for("closes_at"), transaction.atomic():
            services.assessment_extend(
                assessment=assessment, closes_at=form.cleaned_data["closes_at"]
            )
            if form.sets_reminder:
                days = form.cleaned_data["auto_remind_days_before_close"]
                services.assessment_set_auto_remind(assessment=assessment, days=days)
        return _detail(self, pk)
