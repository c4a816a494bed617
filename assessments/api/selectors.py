"""Reads for the API: a person's tokens and organisations, and an organisation's structure."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from assessments.api.authentication import TokenAuth
from assessments.api.models import ApiToken
from assessments.organisations.access import OrgAccess
from assessments.organisations.models import Department, Membership, Organisation, Team
from assessments.rounds.access import can_manage
from assessments.rounds.models import Assessment
from assessments.rounds.selectors import assessments_for, count_shown, participation


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


def rounds_of(access: OrgAccess) -> QuerySet[Assessment]:
    """The organisation's rounds as its page lists them, newest first, each with how many
    people submitted (``submitted_count``) and its teams. Two queries, however many rounds."""
    return (
        assessments_for(access.organisation).select_related("follows").order_by("-opens_at", "-pk")
    )


def as_listed(access: OrgAccess, assessment: Assessment) -> Assessment:
    """A round with what its row says: the submitted count the pages show (batched while an
    anonymous round is open) and whether this person runs it."""
    counted = getattr(assessment, "submitted_count", 0)
    assessment.submitted_count = count_shown(assessment, counted)  # type: ignore[attr-defined]
    assessment.can_manage = can_manage(access, assessment)  # type: ignore[attr-defined]
    return assessment


def round_with_participation(access: OrgAccess, assessment: Assessment) -> Assessment:
    """A round as its own page shows it: participation per team and in total."""
    rows = participation(assessment)
    assessment.participation = rows  # type: ignore[attr-defined]
    totals = {
        "invited": sum(r.invited for r in rows),
        "started": sum(r.started for r in rows),
        "submitted": sum(r.submitted for r in rows),
    }
    assessment.totals = totals  # type: ignore[attr-defined]
    assessment.submitted_count = totals["submitted"]  # type: ignore[attr-defined]
    assessment.can_manage = can_manage(access, assessment)  # type: ignore[attr-defined]
    return assessment
