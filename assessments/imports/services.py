"""Writes for imports: keep an upload's lines, and confirm them.

A confirm claims its batch with one conditional update, so of two submits (a double click,
two tabs) only one writes; the other finds the batch confirmed and shows what was written.
The plan is made again against the database inside the same transaction: a line that has
become a problem since the preview stops the whole import.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.imports.departments import Addition
from assessments.imports.invitations import NewInvitation
from assessments.imports.models import ImportBatch
from assessments.imports.parsing import Column, Table, read_table
from assessments.imports.plans import Plan
from assessments.imports.selectors import (
    SCHEMA,
    StoredLinesBroken,
    batch_table,
    departments_plan,
    invitations_plan,
    lines_data,
)
from assessments.organisations import services as organisation_services
from assessments.organisations.models import Department, Organisation
from assessments.rounds import services as round_services
from assessments.rounds.models import Assessment

BATCH_HOURS = 2  # time enough to check a preview; after that, upload the file again


class ImportRefused(Exception):
    """The lines can't be imported now; ``plan`` says which and why."""

    def __init__(self, text: str, plan: Plan[Any] | None = None) -> None:
        self.plan = plan
        super().__init__(text)


EXPIRED = (
    "This upload has expired: uploads are kept for {hours} hours. Nothing was added. Upload "
    "the file again."
)
STILL_PROBLEMS = (
    "Nothing was added: {count} line{s} can't be imported as {they} stand{verb}. Fix {them} in "
    "your file and upload it again."
)


@transaction.atomic
def batch_upload(
    *,
    organisation: Organisation,
    uploaded_by: Any,
    kind: str,
    data: bytes,
    filename: str,
    columns: tuple[Column, ...],
    assessment: Assessment | None = None,
) -> ImportBatch:
    """Read an uploaded file (UploadProblem if it can't be) and keep its lines for the preview.
    Uploads past their expiry go at the same time: nobody can open them any more."""
    table = read_table(data, columns)
    now = timezone.now()
    ImportBatch.objects.filter(expires_at__lte=now).delete()
    return ImportBatch.objects.create(
        organisation=organisation,
        assessment=assessment,
        kind=kind,
        uploaded_by=uploaded_by,
        filename=filename[:200],
        lines=lines_data(table),
        expires_at=now + timedelta(hours=BATCH_HOURS),
    )


def _claim(batch: ImportBatch) -> ImportBatch | None:
    """The batch, claimed for this confirm; None if another confirm has had it already."""
    if batch.has_expired and batch.confirmed_at is None:
        raise ImportRefused(EXPIRED.format(hours=BATCH_HOURS))
    claimed = ImportBatch.objects.filter(pk=batch.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )
    if not claimed:
        batch.refresh_from_db()
        return None
    return batch


def _table(batch: ImportBatch) -> Table:
    try:
        return batch_table(batch)
    except StoredLinesBroken as exc:  # kept by an older version of this code
        raise ImportRefused(EXPIRED.format(hours=BATCH_HOURS)) from exc


def _refuse_problems(plan: Plan[Any]) -> None:
    if plan.problems:
        many = plan.problems != 1
        raise ImportRefused(
            STILL_PROBLEMS.format(
                count=plan.problems,
                s="s" if many else "",
                they="they" if many else "it",
                verb="" if many else "s",
                them="them" if many else "it",
            ),
            plan,
        )
    if not plan.writes:
        raise ImportRefused("Nothing to add: every line is there already.", plan)


def _finish(batch: ImportBatch, summary: str, lines: list[tuple[int, str]]) -> dict[str, Any]:
    batch.result = {"schema": SCHEMA, "summary": summary, "lines": [list(x) for x in lines]}
    batch.save(update_fields=["result"])
    return batch.result


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


@transaction.atomic
def departments_import_confirm(*, batch: ImportBatch) -> dict[str, Any]:
    """Add the batch's new departments and teams, all or none (ImportRefused says why none).
    A second confirm of the same batch writes nothing and returns what the first wrote."""
    if _claim(batch) is None:
        return batch.result or {}
    plan = departments_plan(batch.organisation, _table(batch))
    _refuse_problems(plan)
    organisation = batch.organisation
    by_name = {d.name: d for d in Department.objects.filter(organisation=organisation)}
    for addition in plan.writes:
        _add(organisation, addition, by_name)
    written = [(addition.line, addition.done) for addition in plan.writes]
    departments = sum(not a.is_team for a in plan.writes)
    teams = len(plan.writes) - departments
    summary = f"Added {_plural(departments, 'department')} and {_plural(teams, 'team')}."
    return _finish(batch, summary, written)


def _add(organisation: Organisation, addition: Addition, by_name: dict[str, Department]) -> None:
    try:
        if addition.is_team:
            organisation_services.team_create(
                organisation=organisation,
                name=addition.name,
                department=by_name[addition.department],
            )
        else:
            by_name[addition.name] = organisation_services.department_create(
                organisation=organisation, name=addition.name
            )
    except ValidationError as exc:  # added by someone else this very moment
        raise ImportRefused(f"Nothing was added: {exc.messages[0]} Upload the file again.") from exc


@transaction.atomic
def invitations_import_confirm(
    *, batch: ImportBatch, link_for: Callable[[str], str]
) -> dict[str, Any]:
    """Make and email the batch's new personal invitations, all or none, as the round's page
    does (``rounds.services.invitations_send_personal``: refused once the round has closed).
    A second confirm of the same batch writes nothing and returns what the first wrote."""
    assessment = batch.assessment
    if assessment is None:
        raise ImportRefused("This upload is not for a round.")
    if _claim(batch) is None:
        return batch.result or {}
    plan = invitations_plan(assessment, _table(batch))
    _refuse_problems(plan)
    teams = {team.name: team for team in assessment.teams.all()}
    by_team: dict[str, list[NewInvitation]] = {}
    for invitation in plan.writes:
        by_team.setdefault(invitation.team, []).append(invitation)
    try:
        for team_name, invitations in by_team.items():
            round_services.invitations_send_personal(
                assessment=assessment,
                team=teams[team_name],
                emails=[i.email for i in invitations],
                names={i.email: i.name for i in invitations},
                link_for=link_for,
            )
    except round_services.RoundClosed as exc:
        raise ImportRefused(exc.messages[0]) from exc
    written = [(invitation.line, invitation.done) for invitation in plan.writes]
    summary = f"Sent {_plural(len(plan.writes), 'personal link')} by email."
    return _finish(batch, summary, written)


@transaction.atomic
def file_import(
    *,
    organisation: Organisation,
    uploaded_by: Any,
    kind: str,
    data: bytes,
    filename: str,
    columns: tuple[Column, ...],
    assessment: Assessment | None = None,
    link_for: Callable[[str], str] | None = None,
) -> dict[str, Any]:
    """Upload and confirm at once (the API without a dry run): all or nothing, as a confirm.
    UploadProblem if the file can't be read, ImportRefused if its lines can't be imported."""
    batch = batch_upload(
        organisation=organisation,
        uploaded_by=uploaded_by,
        kind=kind,
        data=data,
        filename=filename,
        columns=columns,
        assessment=assessment,
    )
    if kind == ImportBatch.Kind.DEPARTMENTS:
        return departments_import_confirm(batch=batch)
    if link_for is None:
        raise ValueError("Invitations need link_for, to put each person's link in their email.")
    return invitations_import_confirm(batch=batch, link_for=link_for)
