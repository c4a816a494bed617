"""The imports room's part of the URL world (tests/factories.py ``build_url_world``): an
upload of each kind waiting for its confirm, made by the organisation's admin (the owner)."""

from __future__ import annotations

from typing import Any

from assessments.imports import departments, invitations, services
from assessments.imports.models import ImportBatch

DEPARTMENTS_FILE = b"department,team\nImported department,Imported team\n"
INVITATIONS_FILE = b"email,name\nimported@example.com,Imported Person\n"


def import_world(organisation: Any, assessment: Any, owner: Any) -> dict[str, int]:
    kinds = ImportBatch.Kind
    made_departments = services.batch_upload(
        organisation=organisation,
        uploaded_by=owner,
        kind=kinds.DEPARTMENTS,
        data=DEPARTMENTS_FILE,
        filename="departments.csv",
        columns=departments.COLUMNS,
    )
    made_invitations = services.batch_upload(
        organisation=organisation,
        uploaded_by=owner,
        kind=kinds.INVITATIONS,
        assessment=assessment,
        data=INVITATIONS_FILE,
        filename="people.csv",
        columns=invitations.columns(several_teams=False),
    )
    return {"dept_import": made_departments.pk, "invitation_import": made_invitations.pk}
