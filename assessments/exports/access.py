"""Who may see an export: only the person who asked for it, inside their organisation.

Anyone else, including other people in the same organisation, gets a 404.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from assessments.exports.models import ExportJob
from assessments.organisations.access import OrgAccess


def job_for(access: OrgAccess, pk: int) -> ExportJob:
    return get_object_or_404(
        ExportJob.objects.select_related("assessment", "organisation"),
        organisation=access.organisation,
        requested_by_id=access.membership.user_id,
        pk=pk,
    )
