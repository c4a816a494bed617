"""The anonymised benchmark across a firm's clients: pure rules, no database.

Where one client sits, per enabler, against the firm's other clients. The output carries
numbers only: no name, slug or key of any other organisation, so a page cannot leak one by
mistake. What it publishes follows the rules a statistical office applies to a small table
of businesses, because with a handful of organisations plain arithmetic gives one away:

* **Enough organisations, or nothing.** An enabler is compared only when at least
  ``MIN_OTHER_ORGANISATIONS`` other organisations count for it; below that nothing at all is
  shown for it, not even how many others there are ("two other clients" is itself a clue).
* **No order statistics.** The lowest and the highest are one organisation's score each, and
  so is any quantile that lands on a single organisation (with five others, lowest, lower
  quarter, median, upper quarter and highest *are* the five scores). So no lowest or highest
  is published (the middle half is the spread shown), and organisations count in pairs
  (``BATCH``): with an even number of them, the median is the mean of the middle two and each
  quarter lies a quarter or three quarters of the way between two neighbours (linear
  interpolation), never on one organisation.
* **Released in batches.** One organisation joining must not be pinned by comparing the
  benchmark before and after. Organisations count oldest first (by when they became the firm's
  clients) and only in whole pairs, so a newcomer waits, unseen, until a second one joins:
  every change to who counts is at least two organisations, and "after minus before" mixes
  their scores.
* **Rounded to bands, going in and coming out.** Each organisation's score is rounded to the
  nearest ``BAND`` points before anything is worked out from it, and each published figure is
  rounded to ``BAND`` points again. What is published then depends on an organisation's score
  only through its band, so even someone who knew every other score exactly (the client that
  waited, say) can place a newcomer no closer than its band: five points wide, half that at
  0 and 100. (Rounding only the figures is not enough: a figure landing exactly on a rounding
  edge when the newcomer scores 100 gives the 100 away.)
* **The client's position comes from the published figures.** Its quarter is read off the
  rounded quarters and median, never from a count of the organisations below it: a rank
  moves by one exactly when a newcomer crosses the client's own score, and would say so.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assessments.rounds.anonymity import BENCHMARK_BAND, BENCHMARK_BATCH, BENCHMARK_MIN_OTHERS

MIN_OTHER_ORGANISATIONS = BENCHMARK_MIN_OTHERS  # the fewest others compared (whole batches)
BATCH = BENCHMARK_BATCH  # organisations count, and join the benchmark, in whole pairs
BAND = BENCHMARK_BAND  # published figures are rounded to the nearest BAND points


@dataclass(frozen=True)
class Contribution:
    """One organisation's whole-round score (0–100) per enabler key.

    ``source`` is opaque: it only tells organisations apart, so that one never counts itself
    and none counts twice. ``joined`` orders them (older first): who waits for the next
    batch. Neither ever appears in the result.
    """

    source: Hashable
    scores: Mapping[str, float | None]
    joined: Any = 0


@dataclass(frozen=True)
class Spread:
    """How the other organisations' scores spread, as published: the middle half and the
    median, each rounded to ``BAND`` points; never a lowest or highest."""

    count: int  # organisations counted: a whole number of batches
    q1: float
    median: float
    q3: float


@dataclass(frozen=True)
class Position:
    score: float  # this client's own score
    quarter: int  # 1 (bottom quarter) to 4 (top), read off the published figures
    words: str


@dataclass(frozen=True)
class EnablerBenchmark:
    key: str
    # None: not enough organisations to compare, and nothing else is said.
    spread: Spread | None = None
    position: Position | None = None  # None also when this client has no score here

    @property
    def shown(self) -> bool:
        return self.spread is not None


NOT_ENOUGH = "Not enough organisations to compare yet."

QUARTER_WORDS = {
    4: "in the top quarter of the firm's clients",
    3: "in the upper half of the firm's clients",
    2: "in the lower half of the firm's clients",
    1: "in the bottom quarter of the firm's clients",
}


def banded(value: float) -> float:
    """``value`` to the nearest ``BAND`` points (halves up: the same rule everywhere)."""
    return float(BAND * math.floor(value / BAND + 0.5))


def counted(others: Sequence[object]) -> int:
    """How many of the others count: whole batches only, and none below the minimum."""
    whole = len(others) - len(others) % BATCH
    return whole if whole >= MIN_OTHER_ORGANISATIONS else 0


def quarters(scores: Sequence[float]) -> tuple[float, float, float]:
    """The lower quarter, median and upper quarter of whole batches of scores, before
    rounding: linear interpolation between neighbours (statistics' "inclusive" method), which
    for an even number of scores always falls between two of them, never on one."""
    if len(scores) < 2 or len(scores) % BATCH:
        raise ValueError("A spread is published from whole batches of organisations only.")
    q1, median, q3 = statistics.quantiles(sorted(scores), n=4, method="inclusive")
    return q1, median, q3


def spread_of(scores: Sequence[float]) -> Spread:
    """The published spread of whole batches of scores: the quarters of their bands, rounded
    to a band again."""
    q1, median, q3 = quarters([banded(s) for s in scores])
    return Spread(len(scores), banded(q1), banded(median), banded(q3))


# A score level with a published figure is said to be so: many clients on one score (every
# Immature client with no practice in place scores 0) put the median and a quarter together,
# and "in the upper half" would then be said of a client level with most of the others.
EDGE_WORDS = (
    "level with the lower quarter of the firm's clients",
    "level with the median of the firm's clients",
    "level with the upper quarter of the firm's clients",
)


def position_of(score: float, spread: Spread) -> Position:
    """Which quarter ``score`` sits in, against the published (rounded) figures only; level
    with a figure (the median first), it says so."""
    edges = (spread.q1, spread.median, spread.q3)
    quarter = 1 + sum(score > edge + 1e-9 for edge in edges)
    level_with = [i for i, edge in enumerate(edges) if abs(score - edge) <= 1e-9]
    if level_with:
        at = 1 if 1 in level_with else level_with[0]
        return Position(score, quarter, EDGE_WORDS[at])
    return Position(score, quarter, QUARTER_WORDS[quarter])


def compare_enabler(
    key: str, mine: float | None, others: Sequence[tuple[Any, float]]
) -> EnablerBenchmark:
    """One enabler, given the other organisations' (joined, score) pairs, each once."""
    n = counted(others)
    if not n:
        return EnablerBenchmark(key)
    oldest = sorted(others, key=lambda pair: pair[0])[:n]
    spread = spread_of([s for _, s in oldest])
    if mine is None:
        return EnablerBenchmark(key, spread)
    return EnablerBenchmark(key, spread, position_of(mine, spread))


def _others(mine: Contribution, others: Sequence[Contribution]) -> list[Contribution]:
    """Every other organisation once; the client itself never counts."""
    seen: set[Hashable] = set()
    kept = []
    for other in others:
        if other.source == mine.source:
            continue
        if other.source in seen:
            raise ValueError("An organisation can contribute to a benchmark only once.")
        seen.add(other.source)
        kept.append(other)
    return kept


def _order(other: Contribution) -> tuple[Any, str, str]:
    """Oldest first; a tie goes by the opaque source, so the input's order never matters."""
    return (other.joined, type(other.source).__name__, repr(other.source))


def benchmark(
    mine: Contribution, others: Sequence[Contribution], enabler_keys: Sequence[str]
) -> tuple[EnablerBenchmark, ...]:
    """Per enabler (in the order given): this client against the other organisations that
    have a score for it, oldest first, in whole batches."""
    kept = _others(mine, others)
    rows = []
    for key in enabler_keys:
        theirs = [(_order(o), s) for o in kept if (s := o.scores.get(key)) is not None]
        rows.append(compare_enabler(key, mine.scores.get(key), theirs))
    return tuple(rows)
