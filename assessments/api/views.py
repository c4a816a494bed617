"""Organisations, their departments and teams: read by every member, as on the organisation
page; created and renamed by organisation admins and consultants only, as on the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from assessments.api import selectors
from assessments.api.base import ListApiView, OrgApiView, OrgListApiView, refusals_for
from assessments.api.serializers import (
    DepartmentSerializer,
    OrganisationSerializer,
    RenameSerializer,
    TeamSerializer,
)
from assessments.organisations import services
from assessments.organisations.access import department_in, require_manager, team_in
from assessments.organisations.models import Department, Membership

NO_SUCH_DEPARTMENT = "There is no department with this id in the organisation."


class OrganisationList(ListApiView):
    """The organisations you belong to (with a token: its organisation), with your role."""

    serializer_class = OrganisationSerializer

    def get_queryset(self) -> QuerySet[Membership]:
        return selectors.memberships_of(self.request.user, self.request.auth)


class OrganisationDetail(OrgApiView):
    """One organisation you belong to, with your role and team there."""

    serializer_class = OrganisationSerializer

    def get(self, request: Request, slug: str) -> Response:
        return Response(self.get_serializer(self.access.membership).data)


class DepartmentList(OrgListApiView):
    """The organisation's departments. Organisation admins and consultants add one."""

    serializer_class = DepartmentSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.departments_of(self.access.organisation)

    def post(self, request: Request, slug: str) -> Response:
        require_manager(self.access)
        form = self.get_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        with refusals_for("name"):
            department = services.department_create(
                organisation=self.access.organisation, name=form.validated_data["name"]
            )
        return Response(self.get_serializer(department).data, status=status.HTTP_201_CREATED)


class DepartmentDetail(OrgApiView):
    """One department. Organisation admins and consultants rename it."""

    serializer_class = DepartmentSerializer

    def get(self, request: Request, slug: str, pk: int) -> Response:
        return Response(self.get_serializer(department_in(self.access, pk)).data)

    @extend_schema(request=RenameSerializer)
    def patch(self, request: Request, slug: str, pk: int) -> Response:
        require_manager(self.access)
        department = department_in(self.access, pk)
        form = RenameSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        with refusals_for("name"):
            services.department_rename(department=department, name=form.validated_data["name"])
        return Response(self.get_serializer(department).data)


class TeamList(OrgListApiView):
    """The organisation's teams. Organisation admins and consultants add one."""

    serializer_class = TeamSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.teams_of(self.access.organisation)

    def post(self, request: Request, slug: str) -> Response:
        require_manager(self.access)
        form = self.get_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        department = self._department(form.validated_data.get("department_id"))
        with refusals_for("name"):
            team = services.team_create(
                organisation=self.access.organisation,
                name=form.validated_data["name"],
                department=department,
            )
        return Response(self.get_serializer(team).data, status=status.HTTP_201_CREATED)

    def _department(self, pk: int | None) -> Department | None:
        if pk is None:
            return None
        department = selectors.departments_of(self.access.organisation).filter(pk=pk).first()
        if department is None:
            raise serializers.ValidationError({"department": [NO_SUCH_DEPARTMENT]})
        return department


class TeamDetail(OrgApiView):
    """One team. Organisation admins and consultants rename it."""

    serializer_class = TeamSerializer

    def get(self, request: Request, slug: str, pk: int) -> Response:
        return Response(self.get_serializer(team_in(self.access, pk)).data)

    @extend_schema(request=RenameSerializer)
    def patch(self, request: Request, slug: str, pk: int) -> Response:
        require_manager(self.access)
        team = team_in(self.access, pk)
        form = RenameSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        with refusals_for("name"):
            services.team_rename(team=team, name=form.validated_data["name"])
        return Response(self.get_serializer(team).data)
