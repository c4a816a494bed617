"""Reads for organisations and the people in them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from assessments.organisations.models import Membership, Organisation


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
