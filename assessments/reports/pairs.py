"""The pairs rows of a round's stored results: how the people who answered an earlier round
too moved, as totals, written by ``reports.store``'s refresh and read by comparisons.

The same person in two rounds of an organisation is a respondent of a personal invitation
with the same email in both (``selectors.earlier_selves``); a team link's people cannot be
followed. For each earlier round sharing some, one row (kind "pairs", keyed by the earlier
round) holds per group of this round and per enabler only how many such people there are and
the correlation of their own scores across the two rounds (``scoring.pairs``). Who they are,
and what any of them answered, is used in memory while the row is made and never kept.

In an anonymous round a group's totals are kept only when its pairs are at least the
threshold of both rounds, as any other figure about a group.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from pydantic import TypeAdapter, ValidationError

from assessments.reports.models import StoredResult
from assessments.reports.scoring.pairs import (
    MIN_PAIRS,
    NO_PAIRS,
    Linked,
    PairTable,
    pair_totals,
)
from assessments.reports.selectors import (
    Framework,
    RoundAnswers,
    earlier_selves,
    framework_for,
)
from assessments.reports.stored import SCHEMA_VERSION, Key, UnreadableRow
from assessments.rounds.models import Assessment

logger = logging.getLogger(__name__)

PAIRS_KIND = "pairs"  # a row's scope kind; its scope pk is the earlier round's
_TABLE = TypeAdapter(PairTable)


def _scopes(team: int, department: int | None) -> frozenset[Key]:
    """The groups a person of this team is in: the round, the team, its department."""
    groups: set[Key] = {("round", 0), ("team", team)}
    if department is not None:
        groups.add(("department", department))
    return frozenset(groups)


def pair_rows(
    assessment: Assessment,
    framework: Framework,
    answers: RoundAnswers,
    team_departments: Mapping[int, int | None],
) -> list[tuple[Key, int, str]]:
    """The round's pairs rows, one per earlier round sharing people: (key, pairs, data).

    A person counts in a group when they are in it in both rounds (the same team, or a team
    of the same department): each side of a group's change then holds them.
    """
    least = max(MIN_PAIRS, assessment.group_threshold)
    shared = earlier_selves(assessment, min_pairs=least)
    if not shared:
        return []
    rounds = Assessment.objects.select_related("framework_version").in_bulk(list(shared))
    now = {r.respondent_id: (team, r) for team, rs in answers.by_team.items() for r in rs}
    rows = []
    for pk, people in sorted(shared.items()):
        then = rounds[pk]
        linked = [
            Linked(
                _scopes(p.team, p.department) & _scopes(team, team_departments.get(team)),
                p.response,
                response,
            )
            for p in people
            if p.later in now
            for team, response in [now[p.later]]
        ]
        totals = pair_totals(
            framework_for(then).specs,
            framework.specs,
            linked,
            min_pairs=max(least, then.group_threshold),
        )
        if totals:
            table = PairTable.of(totals)
            rows.append(((PAIRS_KIND, pk), table.people, _TABLE.dump_json(table).decode()))
    return rows


def decode_pairs(text: str) -> PairTable:
    try:
        table: PairTable = _TABLE.validate_json(text, strict=True)
    except ValidationError as error:
        raise UnreadableRow(str(error)) from error
    if not table.lines_up():
        raise UnreadableRow("pair totals do not line up")
    return table


def stored_pairs(assessment: Assessment, earlier: int, readable: str) -> PairTable:
    """The round's stored pair totals with an earlier round; none when it has none (or its
    row does not fit: the rounds are then compared unpaired)."""
    text = (
        StoredResult.objects.filter(
            assessment=assessment,
            method__endswith=readable,
            schema=SCHEMA_VERSION,
            scope_kind=PAIRS_KIND,
            scope_pk=earlier,
        )
        .values_list("data", flat=True)
        .first()
    )
    if text is None:
        return NO_PAIRS
    try:
        return decode_pairs(text)
    except UnreadableRow as error:
        logger.warning("Pairs of round %s unreadable: %s", assessment.pk, error)
        return NO_PAIRS
