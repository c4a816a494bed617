"""The anonymised benchmark across a firm's clients: pure rules, no database.

Where one client sits, per enabler, against the firm's other clients. An enabler is compared
only when at least MIN_OTHER_ORGANISATIONS other organisations have a score for it; below
that nothing at all is shown for it, not even how many others there are, because "two other
clients" is itself a clue to who they are. The output carries numbers only: no name, slug or
key of any other organisation, so a page cannot leak one by mistake.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from assessments.comparisons.scoring import Distribution, distribution

MIN_OTHER_ORGANISATIONS = 5


@dataclass(frozen=True)
class Contribution:
    """One organisation's whole-round score (0–100) per enabler key.

    ``source`` is opaque: it only tells organisations apart, so that one never counts itself
    and none counts twice. It never appears in the result.
    """

    source: Hashable
    scores: Mapping[str, float | None]


@dataclass(frozen=True)
class Position:
    score: float  # this client's score
    percentile: float  # share of the others scoring below it (ties count half), 0–100
    words: str


@dataclass(frozen=True)
class EnablerBenchmark:
    key: str
    # None: not enough organisations to compare, and nothing else is said.
    spread: Distribution | None = None
    position: Position | None = None  # None also when this client has no score here

    @property
    def shown(self) -> bool:
        return self.spread is not None


NOT_ENOUGH = "Not enough organisations to compare yet."


def percentile_rank(score: float, others: Sequence[float]) -> float:
    """How many of the others score below ``score`` (ties count half), as 0–100."""
    if not others:
        return 50.0
    below = sum(1 for v in others if v < score)
    same = sum(1 for v in others if v == score)
    return 100 * (below + same / 2) / len(others)


def position_words(percentile: float) -> str:
    if percentile >= 75:
        return "in the top quarter of the firm's clients"
    if percentile > 50:
        return "in the upper half of the firm's clients"
    if percentile == 50:
        return "in the middle of the firm's clients"
    if percentile > 25:
        return "in the lower half of the firm's clients"
    return "in the bottom quarter of the firm's clients"


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


def compare_enabler(key: str, mine: float | None, others: Sequence[float]) -> EnablerBenchmark:
    """One enabler, given the other organisations' scores for it (each once)."""
    if len(others) < MIN_OTHER_ORGANISATIONS:
        return EnablerBenchmark(key)
    spread = distribution(others)
    if mine is None:
        return EnablerBenchmark(key, spread)
    rank = percentile_rank(mine, others)
    return EnablerBenchmark(key, spread, Position(mine, rank, position_words(rank)))


def benchmark(
    mine: Contribution, others: Sequence[Contribution], enabler_keys: Sequence[str]
) -> tuple[EnablerBenchmark, ...]:
    """Per enabler (in the order given): this client against the other organisations that
    have a score for it."""
    kept = _others(mine, others)
    rows = []
    for key in enabler_keys:
        theirs = sorted(s for o in kept if (s := o.scores.get(key)) is not None)
        rows.append(compare_enabler(key, mine.scores.get(key), theirs))
    return tuple(rows)
