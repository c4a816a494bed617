"""Who may compare: organisation admins and consultants, on their own organisation's rounds.

A round outside the user's organisations is a 404; a member or team lead is refused (403)
with a plain reason, as for reports across teams.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from assessments.organisations.access import OrgAccess
from assessments.rounds.access import assessment_in
from assessments.rounds.models import Assessment


def comparison_round(access: OrgAccess, pk: int) -> Assessment:
    assessment = assessment_in(access, pk)
    if not access.is_manager:
        raise PermissionDenied(
            "Only organisation admins and consultants compare departments and teams."
        )
    assessment.organisation = access.organisation  # already read with the membership
    return assessment
