"""The whole picture of a scope, and what a report picks out of it. Pure code."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from assessments.reports.scoring.instruments import (
    ActivityResult,
    ActivitySpec,
    DialResult,
    DialSpec,
    activity_results,
    dial_results,
)
from assessments.reports.scoring.method import (
    EnablerResult,
    MinGroup,
    ResponseIn,
    StatementResult,
    StatementSpec,
    enabler_results,
    statement_results,
)
from assessments.rounds.anonymity import shows_group
from frameworks.levels import MaturityLevel


@dataclass(frozen=True)
class Scores:
    respondents: int
    statements: dict[int, StatementResult]
    enablers: dict[str, EnablerResult]
    dials: dict[str, DialResult]
    activities: dict[int, ActivityResult]


def score(
    *,
    statements: Sequence[StatementSpec],
    dials: Sequence[DialSpec],
    activities: Sequence[ActivitySpec],
    responses: Sequence[ResponseIn],
    min_group: MinGroup = 1,
) -> Scores:
    """``min_group``: the round's anonymity threshold (see ``statement_results``)."""
    per_statement = statement_results(statements, responses, min_group=min_group)
    return Scores(
        respondents=len(responses),
        statements=per_statement,
        enablers=enabler_results(statements, per_statement, responses),
        dials=dial_results(dials, per_statement, {s.id: s for s in statements}),
        activities=activity_results(activities, responses),
    )


def by_role(
    *, statements: Sequence[StatementSpec], responses: Sequence[ResponseIn], min_group: int = 1
) -> dict[str, dict[str, EnablerResult]]:
    """Enabler results per respondent role, for roles with at least ``min_group`` people."""
    groups: dict[str, list[ResponseIn]] = defaultdict(list)
    for r in responses:
        groups[r.role or "other"].append(r)
    return {
        role: enabler_results(statements, statement_results(statements, members), members)
        for role, members in sorted(groups.items())
        if shows_group(len(members), min_group)
    }


# --- consistency across the instruments -------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    kind: str  # enabler-vs-activity or dial-vs-enabler
    text: str


def consistency_flags(
    *,
    enablers: dict[str, EnablerResult],
    enabler_names: dict[str, str],
    depends_on: dict[str, list[ActivitySpec]],
    activities: dict[int, ActivityResult],
    activity_names: dict[int, str],
    dials: Sequence[DialSpec],
    dial_results: dict[str, DialResult],
    dial_names: dict[str, str],
    statements: Sequence[StatementSpec],
) -> list[Flag]:
    """Places where the instruments disagree: worth a conversation before trusting either."""
    flags: list[Flag] = []
    for key, result in enablers.items():
        if not result.decided or result.level < MaturityLevel.MANAGED:
            continue
        for spec in depends_on.get(key, []):
            gaps = activities[spec.id].gaps if spec.id in activities else ()
            if "nobody" in gaps or "led-elsewhere" in gaps:
                who = "nobody leads" if "nobody" in gaps else "another function leads"
                flags.append(
                    Flag(
                        "enabler-vs-activity",
                        f"{enabler_names[key]} is rated {result.level_name}, yet {who} "
                        f"{activity_names[spec.id]}, which it relies on.",
                    )
                )
    enabler_of = {s.id: s.enabler for s in statements}
    for dial in dials:
        weights: Counter[str] = Counter()
        for inp in dial.inputs:
            if inp.statement_id in enabler_of:
                weights[enabler_of[inp.statement_id]] += inp.weight
        if not weights:
            continue
        main = enablers.get(weights.most_common(1)[0][0])
        if main is None or not main.decided:
            continue
        zone, level = dial_results[dial.key].zone, main.level
        if (zone == "red" and level == MaturityLevel.LEADING) or (
            zone == "green" and level == MaturityLevel.IMMATURE
        ):
            flags.append(
                Flag(
                    "dial-vs-enabler",
                    f"The {dial_names[dial.key]} dial is {zone} while "
                    f"{enabler_names[main.key]}, which feeds it most, is rated {level.label}.",
                )
            )
    return flags


# --- what to celebrate, what to do next -------------------------------------------------------

TOP_STRENGTHS = 3
NEXT_MOVES = 3
TOP_SPLITS = 5


@dataclass(frozen=True)
class Ranked:
    """A statement picked out for the report, with its result."""

    spec: StatementSpec
    result: StatementResult


def _rated(
    statements: Sequence[StatementSpec], results: dict[int, StatementResult]
) -> list[Ranked]:
    return [
        Ranked(spec, results[spec.id])
        for spec in statements
        if spec.id in results and results[spec.id].evidence is not None
    ]


def strengths(
    statements: Sequence[StatementSpec],
    results: dict[int, StatementResult],
    limit: int = TOP_STRENGTHS,
) -> list[Ranked]:
    """Practices in place (or warning signs absent), the strongest evidence first."""
    met = [r for r in _rated(statements, results) if r.result.met]
    return sorted(met, key=lambda r: -(r.result.evidence or 0))[:limit]


@dataclass(frozen=True)
class Move:
    """One statement to put in place, and what it would do for its enabler."""

    spec: StatementSpec
    result: StatementResult
    enabler: EnablerResult

    @property
    def completes(self) -> bool:
        """Meeting it alone takes the enabler to its next level."""
        return self.enabler.to_go == 1


def next_moves(
    statements: Sequence[StatementSpec],
    results: dict[int, StatementResult],
    enablers: dict[str, EnablerResult],
    limit: int = NEXT_MOVES,
) -> list[Move]:
    """The moves that would lift the most: blocking statements of the enablers nearest
    their next level, one enabler at a time so the list is not all about one of them.

    Only enablers with a decided level take part: where evidence is thin, the first move
    is to ask the people who know, which the report says separately.
    """
    specs = {s.id: s for s in statements}
    ready = sorted(
        (e for e in enablers.values() if e.decided and e.blocking),
        key=lambda e: (e.to_go, -e.progress, e.score or 0, e.key),
    )
    queues = [[sid for sid in e.blocking if results[sid].rated] for e in ready]
    moves: list[Move] = []
    depth = 0
    while len(moves) < limit and any(len(q) > depth for q in queues):
        for enabler, queue in zip(ready, queues, strict=True):
            if depth < len(queue) and len(moves) < limit:
                sid = queue[depth]
                moves.append(Move(specs[sid], results[sid], enabler))
        depth += 1
    return moves


def splits(
    statements: Sequence[StatementSpec],
    results: dict[int, StatementResult],
    limit: int = TOP_SPLITS,
) -> list[Ranked]:
    """The statements that divide people most: the most even split first."""
    split = [r for r in _rated(statements, results) if r.result.split]
    return sorted(split, key=lambda r: -min(r.result.support, r.result.oppose))[:limit]
