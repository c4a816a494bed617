"""The Dashboard's dials and the Product Activities Framework's who-leads-what. Pure code."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assessments.reports.scoring.method import (
    MOSTLY,
    ResponseIn,
    StatementResult,
    StatementSpec,
    raters_needed,
)
from assessments.reports.scoring.stats import mean

# --- dials ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DialInputSpec:
    statement_id: int
    weight: int = 1
    symptom: bool = False


@dataclass(frozen=True)
class DialSpec:
    key: str
    inputs: tuple[DialInputSpec, ...]
    red_below: int = 40
    green_from: int = 70


@dataclass(frozen=True)
class DialResult:
    key: str
    value: float | None
    zone: str  # red, amber, green, or none


def shown(value: float) -> int:
    """A 0–100 figure as pages print it: the nearest whole number, halves up."""
    return int(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _zone(dial: DialSpec, value: float | None) -> str:
    """From the figure as shown, so "70" is never in the zone that ends at 69."""
    if value is None:
        return "none"
    if shown(value) < dial.red_below:
        return "red"
    return "green" if shown(value) >= dial.green_from else "amber"


def inputs_needed(inputs: int) -> int:
    """A dial reads only when most of its statements are rated, as a level does."""
    return math.ceil(inputs * MOSTLY - 1e-9)


def dial_results(
    dials: Iterable[DialSpec],
    per_statement: dict[int, StatementResult],
    statements: dict[int, StatementSpec],
) -> dict[str, DialResult]:
    """Each dial: the weighted mean of its rated statements, each in the dial's direction,
    once most of them are rated (one statement of six never moves a dial into a zone)."""
    results = {}
    for dial in dials:
        total = weight = 0.0
        rated = 0
        for inp in dial.inputs:
            r = per_statement.get(inp.statement_id)
            spec = statements.get(inp.statement_id)
            if r is None or r.evidence is None or spec is None:
                continue  # not rated by enough people: it does not move the dial
            raw = 100 - r.evidence if spec.reverse else r.evidence  # back to agreement
            total += inp.weight * (100 - raw if inp.symptom else raw)
            weight += inp.weight
            rated += 1
        enough = rated >= inputs_needed(len(dial.inputs))
        value = total / weight if weight and enough else None
        results[dial.key] = DialResult(dial.key, value, _zone(dial, value))
    return results


# --- activities -------------------------------------------------------------------------------

# Product management should lead these; "owns unless dedicated" is fine in a dedicated team's
# hands, so another function leading it is not a gap.
PRODUCT_SHOULD_LEAD = {"owns", "owns-high-level"}
PRODUCT_SHOULD_SUPPORT = {"supports"}
# Fewer than this share of the known answers naming the same leader is a gap: people disagree.
LEADER_AGREEMENT = 1 / 2


@dataclass(frozen=True)
class ActivitySpec:
    id: int
    key: str
    area: str
    ownership: str  # owns, owns-unless-dedicated, owns-high-level, supports


@dataclass(frozen=True)
class ActivityResult:
    id: int
    key: str
    leaders: tuple[tuple[str, int], ...]  # (leader key, count), most common first
    # Who leads it: None when too few people know (fewer than a statement needs), or when
    # two functions are named equally often ("no clear leader", never the first by name).
    top_leader: str | None
    top_kind: str | None
    agreement: float | None  # share of known answers naming the top leader
    performance: float | None
    gaps: tuple[str, ...]  # led-elsewhere, product-leads, nobody, disagree, unknown


def _gaps(
    spec: ActivitySpec, top_kind: str | None, known: int, agreement: float | None
) -> list[str]:
    gaps = []
    if top_kind == "nobody":
        gaps.append("nobody")
    elif top_kind == "other" and spec.ownership in PRODUCT_SHOULD_LEAD:
        gaps.append("led-elsewhere")
    elif top_kind == "product" and spec.ownership in PRODUCT_SHOULD_SUPPORT:
        # Product people leading work another function should own: the firefighting sign.
        gaps.append("product-leads")
    if agreement is not None and known >= 2 and agreement < LEADER_AGREEMENT:
        gaps.append("disagree")
    return gaps


def activity_results(
    activities: Iterable[ActivitySpec], responses: Iterable[ResponseIn]
) -> dict[int, ActivityResult]:
    responses = list(responses)
    results = {}
    for spec in activities:
        answers = [r.activities[spec.id] for r in responses if spec.id in r.activities]
        known = [a for a in answers if a.leader_kind != "unknown"]
        results[spec.id] = activity_result(
            spec,
            len(answers),
            Counter(a.leader for a in known),
            {a.leader: a.leader_kind for a in known},
            [a.performance for a in answers if a.performance is not None],
        )
    return results


def activity_result(
    spec: ActivitySpec,
    answered: int,
    leaders: Counter[str],
    kinds: Mapping[str, str],
    performances: Iterable[float],
) -> ActivityResult:
    """One activity's result from its answers, counted: how many people answered it, how often
    each leader was named (by those who knew), each leader's kind, and the performances."""
    known = sum(leaders.values())
    ranked = tuple(sorted(leaders.items(), key=lambda kv: (-kv[1], kv[0])))
    enough = known > 0 and known >= raters_needed(answered)
    tied = len(ranked) > 1 and ranked[0][1] == ranked[1][1]
    top = ranked[0][0] if enough and not tied else None
    top_kind = kinds.get(top) if top else None
    agreement = ranked[0][1] / known if enough else None
    perf = mean(sorted(performances))
    gaps = ["unknown"] if answered and not known else []
    gaps += _gaps(spec, top_kind, known, agreement)
    if enough and tied and "disagree" not in gaps:
        gaps.append("disagree")  # as many name one function as another
    return ActivityResult(spec.id, spec.key, ranked, top, top_kind, agreement, perf, tuple(gaps))
