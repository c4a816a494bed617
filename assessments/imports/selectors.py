"""Reads for imports: a batch's stored lines, and the plans made from them against the
database as it is now."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assessments.imports.departments import Addition, plan_departments
from assessments.imports.invitations import NewInvitation, plan_invitations
from assessments.imports.models import ImportBatch
from assessments.imports.parsing import Column, Line, Table, read_table
from assessments.imports.plans import Plan
from assessments.organisations.models import Department, Organisation, Team
from assessments.rounds.models import Assessment, Invitation

SCHEMA = 1


class StoredLinesBroken(Exception):
    """A batch's stored lines are not in the shape this code writes (an older schema)."""


def lines_data(table: Table) -> dict[str, Any]:
    """A read table as the JSON a batch stores."""
    return {
        "schema": SCHEMA,
        "columns": list(table.columns),
        "ignored": list(table.ignored),
        "lines": [[line.number, line.values] for line in table.lines],
    }


def batch_table(batch: ImportBatch) -> Table:
    """The lines a batch stores, checked as they are read (StoredLinesBroken if not right)."""
    data = batch.lines
    try:
        if data["schema"] != SCHEMA:
            raise StoredLinesBroken(f"schema {data['schema']}")
        lines = tuple(
            Line(int(number), {str(k): str(v) for k, v in values.items()})
            for number, values in data["lines"]
        )
        return Table(tuple(map(str, data["columns"])), tuple(map(str, data["ignored"])), lines)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StoredLinesBroken(str(exc)) from exc


def departments_plan(organisation: Organisation, table: Table) -> Plan[Addition]:
    """What the lines would add to the organisation now (two queries)."""
    return plan_departments(
        table.lines,
        departments=Department.objects.filter(organisation=organisation).values_list(
            "name", flat=True
        ),
        teams=Team.objects.filter(organisation=organisation).values_list(
            "name", "department__name"
        ),
    )


def invitations_plan(assessment: Assessment, table: Table) -> Plan[NewInvitation]:
    """What the lines would add to the round now. The round's teams come prefetched with it
    (``rounds.access``); one query reads the addresses it has invited."""
    invited = (
        Invitation.objects.filter(
            assessment=assessment, kind=Invitation.Kind.PERSONAL, revoked_at__isnull=True
        )
        .order_by("pk")
        .values_list("email", "team__name")
    )
    return plan_invitations(
        table.lines,
        teams=[team.name for team in assessment.teams.all()],
        invited={email.lower(): team for email, team in invited},
    )


def round_team_names(assessment: Assessment) -> list[str]:
    return sorted(team.name for team in assessment.teams.all())


def file_preview(
    data: bytes, columns: tuple[Column, ...], plan_for: Callable[[Table], Plan[Any]]
) -> tuple[Table, Plan[Any]]:
    """A file read and planned without keeping anything (an API dry run). UploadProblem if
    it can't be read."""
    table = read_table(data, columns)
    return table, plan_for(table)
