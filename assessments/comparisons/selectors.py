"""Reads for comparisons: a round's stored results, its earlier rounds', targets and keys.

Nothing here reads an answer: every number comes from the results store. The query count
is fixed, whatever the number of teams or rounds.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from assessments.organisations.models import Department
from assessments.reports import store
from assessments.roadmaps.models import Target
from assessments.rounds.models import Assessment
from frameworks.levels import MaturityLevel
from frameworks.models import Statement


def comparable_rounds(assessment: Assessment) -> QuerySet[Assessment]:
    """The organisation's rounds up to this one, oldest first; targeted re-checks (a few
    statements for one team) are not rounds to compare."""
    return (
        Assessment.objects.filter(
            organisation_id=assessment.organisation_id,
            recheck_of__isnull=True,
            opens_at__lte=assessment.opens_at,
        )
        .select_related("framework_version")
        .order_by("opens_at", "pk")
    )


@dataclass(frozen=True)
class StatementKey:
    key: str
    enabler: str
    text: str
    warning: bool  # describes a warning sign: its evidence rises as it becomes less true


@dataclass(frozen=True)
class CompareData:
    """Everything a comparison page shows, read in a fixed number of queries."""

    assessment: Assessment
    rounds: tuple[Assessment, ...]  # up to and including this one, oldest first
    results: dict[int, store.Results]  # round pk → its stored results
    statements: dict[int, StatementKey]  # statement pk (any version used) → its key
    targets: dict[tuple[int, str], MaturityLevel]  # (team, enabler key) → latest target
    departments: dict[int, str]  # department pk → name


DEPARTMENT_KINDS = ("round", "department")
EVERY_KIND = ("round", "department", "team")


def compare_data(
    assessment: Assessment, *, since: int | None = None, department: int | None = None
) -> CompareData:
    """This round's results for every scope; earlier rounds' for the round and departments,
    and, within one department, its teams in the round compared with (``since``, or the
    round before)."""
    rounds = list(comparable_rounds(assessment))
    if assessment.pk not in {r.pk for r in rounds}:  # a re-check round compares with itself
        rounds.append(assessment)
    wanted = {r: EVERY_KIND if r.pk == assessment.pk else DEPARTMENT_KINDS for r in rounds}
    teams = {}
    earlier = [r.pk for r in rounds if r.pk != assessment.pk]
    if department and earlier:
        compared = since if since in earlier else earlier[-1]
        teams[compared] = [t.pk for t in assessment.teams.all() if t.department_id == department]
    return CompareData(
        assessment=assessment,
        rounds=tuple(rounds),
        results=store.rounds_results(wanted, teams),
        statements=_statement_keys({r.framework_version_id for r in rounds}),
        targets=latest_targets(assessment),
        departments=dict(
            Department.objects.filter(organisation_id=assessment.organisation_id).values_list(
                "pk", "name"
            )
        ),
    )


def _statement_keys(version_ids: set[int]) -> dict[int, StatementKey]:
    return {
        pk: StatementKey(key, enabler, text, warning)
        for pk, key, enabler, text, warning in Statement.objects.filter(
            version_id__in=version_ids
        ).values_list("pk", "key", "enabler__key", "text", "reverse_scored")
    }


def latest_targets(assessment: Assessment) -> dict[tuple[int, str], MaturityLevel]:
    """Each team's latest target per enabler, set in this round or an earlier one."""
    targets: dict[tuple[int, str], MaturityLevel] = {}
    for team_id, enabler, level in (
        Target.objects.filter(
            assessment__organisation_id=assessment.organisation_id,
            assessment__opens_at__lte=assessment.opens_at,
        )
        .order_by("assessment__opens_at", "pk")
        .values_list("team_id", "enabler__key", "level__key")
    ):
        targets[(team_id, enabler)] = MaturityLevel.from_key(level)
    return targets
