"""People who answered two rounds: how their scores go together, kept as totals. Pure code.

A person followed from an earlier round to a later one (``reports.pairs`` links them) is
used only here, in memory, while a round's results are stored: per group and enabler, what
is kept is how many such people there are and the correlation of their own scores (each
person's mean evidence, as ``method.person_means`` gives it) across the two rounds. That is
what the partially-overlapping t test needs (``noise.overlapping``); nothing about any one
person is kept.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from assessments.reports.scoring.method import ResponseIn, StatementSpec, person_means

MIN_PAIRS = 2  # fewer people on both sides give no correlation: the rounds stay unpaired

Key = tuple[str, int]  # a scope: (kind, team or department id; 0 for the round)


@dataclass(frozen=True)
class Paired:
    """People in a group who rated an enabler in both rounds, and how their scores correlate."""

    pairs: int
    correlation: float


@dataclass(frozen=True)
class Linked:
    """One person who answered both rounds: the groups they are in both times (the round,
    their department, their team, where the same), and their answers each time."""

    scopes: frozenset[Key]
    before: ResponseIn
    after: ResponseIn


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's correlation; None when either side does not vary."""
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def pair_totals(
    statements_before: Sequence[StatementSpec],
    statements_after: Sequence[StatementSpec],
    people: Iterable[Linked],
    *,
    min_pairs: int = MIN_PAIRS,
) -> dict[Key, dict[str, Paired]]:
    """Per group and enabler: the people who rated it in both rounds, and the correlation of
    their own scores then and now. A group with fewer than ``min_pairs`` of them on an
    enabler, or whose scores do not vary, is left out (compared unpaired)."""
    before_specs = {s.id: s for s in statements_before}
    after_specs = {s.id: s for s in statements_after}
    found: dict[tuple[Key, str], tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for person in people:
        then = person_means(before_specs, person.before)
        now = person_means(after_specs, person.after)
        for enabler in sorted(then.keys() & now.keys()):
            for scope in person.scopes:
                xs, ys = found[(scope, enabler)]
                xs.append(then[enabler])
                ys.append(now[enabler])
    totals: dict[Key, dict[str, Paired]] = {}
    for (scope, enabler), (xs, ys) in sorted(found.items()):
        r = correlation(xs, ys) if len(xs) >= max(MIN_PAIRS, min_pairs) else None
        if r is not None:
            totals.setdefault(scope, {})[enabler] = Paired(len(xs), r)
    return totals


def _scope_text(key: Key) -> str:
    return f"{key[0]}:{key[1]}"


@dataclass(frozen=True)
class PairTable:
    """A later round's pair totals with one earlier round, as stored: one entry per group and
    enabler, in columns (a group written as text, "team:12")."""

    scopes: tuple[str, ...]
    enablers: tuple[str, ...]
    pairs: tuple[int, ...]
    correlation: tuple[float, ...]

    @classmethod
    def of(cls, totals: Mapping[Key, Mapping[str, Paired]]) -> PairTable:
        entries = [
            (_scope_text(key), enabler, p.pairs, p.correlation)
            for key, by_enabler in sorted(totals.items())
            for enabler, p in sorted(by_enabler.items())
        ]
        if not entries:
            return cls((), (), (), ())
        scopes, enablers, pairs, correlations = zip(*entries, strict=True)
        return cls(scopes, enablers, pairs, correlations)

    def lines_up(self) -> bool:
        """Columns of one length, counts that are pairs, correlations that are correlations."""
        n = len(self.scopes)
        return (
            len(self.enablers) == n
            and len(self.pairs) == n
            and len(self.correlation) == n
            and all(p >= MIN_PAIRS for p in self.pairs)
            and all(-1.0 <= r <= 1.0 for r in self.correlation)
        )

    @cached_property
    def _by_scope(self) -> dict[str, dict[str, Paired]]:
        found: dict[str, dict[str, Paired]] = {}
        for scope, enabler, pairs, r in zip(
            self.scopes, self.enablers, self.pairs, self.correlation, strict=True
        ):
            found.setdefault(scope, {})[enabler] = Paired(pairs, r)
        return found

    def of_scope(self, key: Key) -> dict[str, Paired]:
        """A group's pair totals by enabler; empty when it has none."""
        return self._by_scope.get(_scope_text(key), {})

    @property
    def people(self) -> int:
        """The most pairs of any entry: the people linked in the whole round, at most."""
        return max(self.pairs, default=0)


NO_PAIRS = PairTable((), (), (), ())
