"""Reads for the API: a person's tokens and organisations, and an organisation's structure."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from assessments.api.authentication import TokenAuth
from assessments.api.models import ApiToken
from assessments.organisations.models import Department, Membership, Organisation, Team


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    """Every token a person made, newest first, with its organisation."""
    return ApiToken.objects.filter(user_id=user.pk).select_related("organisation")


def memberships_of(user: Any, auth: object) -> QuerySet[Membership]:
    """The organisations a caller reaches, with their role there: a token reaches its own
    organisation only; a session, every one the person belongs to."""
    memberships = Membership.objects.filter(user_id=user.pk).select_related("organisation", "team")
    if isinstance(auth, TokenAuth):
        memberships = memberships.filter(organisation_id=auth.token.organisation_id)
    return memberships.order_by("organisation__name", "organisation_id")


def departments_of(organisation: Organisation) -> QuerySet[Department]:
    return organisation.departments.order_by("name", "pk")


def teams_of(organisation: Organisation) -> QuerySet[Team]:
    return organisation.teams.select_related("department").order_by("name", "pk")


def organisations_of_user(user: Any) -> QuerySet[Organisation]:
    """The organisations a person may make a token for: every one they belong to."""
    return Organisation.objects.filter(memberships__user_id=user.pk).order_by("name", "pk")
