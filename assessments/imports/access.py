"""Who reaches an upload: only the person who uploaded it, inside its organisation (and its
round, for invitations). Anyone else finds nothing (404), as with another organisation's.

The role is checked before (``organisations.access.require_manager`` for departments,
``rounds.access.assessment_for_manager`` for a round): whoever may not import gets a 403.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from assessments.imports.models import ImportBatch
from assessments.organisations.access import OrgAccess
from assessments.rounds.models import Assessment


def batch_in(
    access: OrgAccess, pk: int, *, kind: str, assessment: Assessment | None = None
) -> ImportBatch:
    return get_object_or_404(
        ImportBatch,
        organisation=access.organisation,
        uploaded_by_id=access.membership.user_id,
        kind=kind,
        assessment=assessment,
        pk=pk,
    )
