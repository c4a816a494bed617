"""What a reader can work out from published sums, exactly. Pure code, no ORM.

Every figure a round publishes is a sum over cells (a team's people in one role; in two
releases read together, the parts of cells that changed). A reader may add and subtract
any of them, so what they know is the span of the published rows. A group of people is
given away when some combination of their cells, and of no other, lies in that span: the
reader then knows something of theirs alone (their sum, their difference, any mix).

``given_away`` asks that of every set of candidate cells holding fewer people than the
threshold, and it is exact for any threshold. The sets to try are bounded: each cell
holds at least one person, so a set under the threshold has at most threshold − 1 cells,
and only sets whose cells are linearly dependent once reduced by the span matter. The
search looks at the smallest dependent sets first (the fundamental circuits of a greedy
basis, found in one pass), then, within each group of cells that depend on one another,
every independent set light enough to grow; past ``MOST_TRIES`` such sets it stops and
answers as if the group were given away: a check too costly to finish hides more, never
shows more.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, TypeVar

V = TypeVar("V", bound=Hashable)
Column = Any  # a column of the rows: any keys that hash and sort among themselves
PRIME = (1 << 61) - 1  # arithmetic modulo a large prime: exact for these small integer sums

# Independent sets of cells tried, per round of a check, before it gives up (and hides).
MOST_TRIES = 20_000


class Basis:
    """Rows in echelon form, modulo a large prime. Each row is clear of the pivots added
    before it, so a row is reduced by the pivots it holds in the order they were added (a
    heap), never by the whole basis. Columns are any keys that sort among themselves."""

    def __init__(self) -> None:
        self.rows: dict[Column, dict[Column, int]] = {}
        self.order: dict[Column, int] = {}

    def reduced(self, row: Mapping[Column, int]) -> dict[Column, int]:
        """The row less what the basis spans: empty when the basis gives it."""
        left_row = dict(row)
        waiting = [(self.order[col], n, col) for n, col in enumerate(left_row) if col in self.order]
        heapq.heapify(waiting)
        pushed = len(waiting)
        while waiting:
            _, _, pivot = heapq.heappop(waiting)
            factor = left_row.get(pivot, 0)
            if not factor:
                continue
            for col, value in self.rows[pivot].items():
                left = (left_row.get(col, 0) - factor * value) % PRIME
                if not left:
                    left_row.pop(col, None)
                    continue
                if col not in left_row and col in self.order:
                    pushed += 1
                    heapq.heappush(waiting, (self.order[col], pushed, col))
                left_row[col] = left
        return left_row

    def add(self, row: Mapping[Column, int], pivot_of: Callable[[dict], Column] = min) -> None:
        left = self.reduced(row)
        if left:
            pivot = pivot_of(left)
            inverse = pow(left[pivot], PRIME - 2, PRIME)
            self.order[pivot] = len(self.order)
            self.rows[pivot] = {col: value * inverse % PRIME for col, value in left.items()}


class _Tag:
    """A bookkeeping column beside a cell's reduced row: which candidate it came from."""

    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index

    def __hash__(self) -> int:
        return hash(("tag", self.index))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Tag) and other.index == self.index


class Exhausted(tuple):  # type: ignore[type-arg]
    """What ``given_away`` answers when its tries ran out: the group it was searching, taken
    as given away. A caller may hide more at once rather than ask again."""


def given_away(
    basis: Basis,
    candidates: Sequence[tuple[V, Mapping[Column, int], int]],
    threshold: int,
    people: Callable[[Sequence[V]], int] | None = None,
) -> tuple[V, ...] | None:
    """A set of candidates holding fewer than ``threshold`` people some combination of whose
    rows (and of no other) the basis spans; None if there is none.

    ``candidates``: (name, its row, its people). ``people`` counts a set's people where they
    are not simply the sum (one person counted in two cells, never more): it must never fall
    as a set grows. The set found is the first found, not always the smallest.
    """
    light = sorted((c for c in candidates if c[2] < threshold), key=lambda c: (c[2], repr(c[0])))
    weights = [c[2] for c in light]

    def weight(chosen: Sequence[int]) -> int:
        if people is None:
            return sum(weights[i] for i in chosen)
        return people([light[i][0] for i in chosen])

    rows: list[dict[Column, int]] = []
    for name, row, _ in light:
        left = basis.reduced(row)
        if not left:
            return (name,)
        rows.append(left)
    # The most cells a light set can hold: each weighs at least the lightest left (and,
    # where one person may be counted in two cells, at least half of it).
    most, total = 0, 0
    for w in weights:
        total += w
        if (total if people is None else (total + 1) // 2) >= threshold:
            break
        most += 1
    if most >= 2:
        pair = _pair(rows, weight, threshold)
        if pair is not None:
            return tuple(light[i][0] for i in pair)
    if most < 3:
        return None
    found, groups = _circuits(rows, weight, threshold)
    if found is not None:
        return tuple(light[i][0] for i in found)
    tries = [MOST_TRIES]
    for members in groups:
        hit = _search(members, rows, weight, threshold, most, tries)
        if hit is not None:
            names = tuple(light[i][0] for i in hit)
            return Exhausted(names) if tries[0] < 0 else names
    return None


def _pair(
    rows: Sequence[dict[Column, int]], weight: Callable[[Sequence[int]], int], threshold: int
) -> list[int] | None:
    """Two light rows, one a multiple of the other once reduced (so a combination of the two
    is given): rows scaled to lead with 1 are the same."""
    alike: dict[frozenset[tuple[Column, int]], list[int]] = {}
    for i, row in enumerate(rows):
        lead = row[min(row)]
        inverse = pow(lead, PRIME - 2, PRIME)
        key = frozenset((col, value * inverse % PRIME) for col, value in row.items())
        for j in alike.get(key, []):
            if weight([j, i]) < threshold:
                return [j, i]
        alike.setdefault(key, []).append(i)
    return None


def _with_tag(row: Mapping[Column, int], index: int) -> dict[Column, int]:
    tagged: dict[Column, int] = dict(row)
    tagged[_Tag(index)] = 1
    return tagged


def _real_pivot(row: dict) -> Column:
    """The pivot: a column of the cells, never a tag (the first one the row holds)."""
    return next(col for col in row if not isinstance(col, _Tag))


def _only_tags(row: Mapping[Column, int]) -> list[int] | None:
    if all(isinstance(col, _Tag) for col in row):
        return sorted(col.index for col in row)  # type: ignore[attr-defined]
    return None


def _circuits(
    rows: Sequence[dict[Column, int]], weight: Callable[[Sequence[int]], int], threshold: int
) -> tuple[list[int] | None, list[list[int]]]:
    """One greedy pass, lightest first: each row that depends on those before it closes a
    fundamental circuit. A light one is returned at once; otherwise the groups of rows that
    circuits join (a dependent set never spans two groups), each with a circuit in it."""
    inner = Basis()
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    joined: set[int] = set()
    for i, row in enumerate(rows):
        tagged = _with_tag(row, i)
        circuit = _only_tags(inner.reduced(tagged))
        if circuit is None:
            inner.add(tagged, _real_pivot)
            continue
        if weight(circuit) < threshold:
            return circuit, []
        for j in circuit:
            parent[root(j)] = root(i)
        joined.update(circuit)
    groups: dict[int, list[int]] = {}
    for i in sorted(joined):
        groups.setdefault(root(i), []).append(i)
    return None, [members for members in groups.values() if len(members) > 2]


def _search(
    members: Sequence[int],
    rows: Sequence[dict[Column, int]],
    weight: Callable[[Sequence[int]], int],
    threshold: int,
    most: int,
    tries: list[int],
) -> list[int] | None:
    """A dependent set lighter than the threshold, of at most ``most`` rows, within one group,
    by growing independent sets lightest first; the whole group when the tries run out (as
    if given away: ``tries`` then reads below zero)."""
    chosen: list[int] = []

    def grow(start: int, inner: Basis) -> list[int] | None:
        for at in range(start, len(members)):
            i = members[at]
            if weight([*chosen, i]) >= threshold:
                continue
            tries[0] -= 1
            if tries[0] < 0:
                return list(members)
            tagged = _with_tag(rows[i], i)
            if _only_tags(inner.reduced(tagged)) is not None:
                return [*chosen, i]
            if len(chosen) + 2 > most:
                continue  # no room for a row more
            deeper = Basis()
            deeper.rows, deeper.order = dict(inner.rows), dict(inner.order)
            deeper.add(tagged, _real_pivot)
            chosen.append(i)
            hit = grow(at + 1, deeper)
            chosen.pop()
            if hit is not None:
                return hit
        return None

    return grow(0, Basis())
