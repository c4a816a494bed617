"""The one anonymity rule: which groups of people may be shown on their own. Pure code, no ORM.

In an anonymous round no group smaller than the round's ``min_group_size`` is shown on its
own (a team, a department, a role, a column of an export); in a named round any group with
someone in it is. ``Assessment.group_threshold`` and ``Assessment.shows_group`` ask these
functions, and so do the pure scoring modules that are handed a threshold.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Mapping, Sequence
from typing import Any, TypeVar

DEFAULT_MIN_GROUP_SIZE = 3  # a new round's smallest group shown on its own

# A firm's benchmark across its clients (assessments/reviews/benchmark.py says why): an enabler
# is compared with at least this many other organisations, who count and join in pairs, and
# its figures are rounded to this many points.
BENCHMARK_MIN_OTHERS = 6
BENCHMARK_BATCH = 2
BENCHMARK_BAND = 5

# Raised when a rule here changes what scoring keeps (results stored before are scored afresh):
# 2, statements for product people are left out where the product people are under it.
SCORING_RULES = 2

K = TypeVar("K", bound=Hashable)


def group_threshold(*, anonymous: bool, min_group_size: int) -> int:
    """The smallest group of people whose answers may be shown on their own: never below 1."""
    return max(1, min_group_size) if anonymous else 1


def shows_group(size: int, threshold: int) -> bool:
    """A group of ``size`` people is shown on its own: someone is in it, and enough of them.

    ``size > 0`` makes a threshold below 1 (a caller's raw number) mean 1, so an empty
    group is never shown, whatever the threshold.
    """
    return size > 0 and size >= threshold


def batched_count(count: int, threshold: int) -> int:
    """A count of people shown while an anonymous round is open: rounded down to a whole number
    of batches of ``threshold``, as its results are released (``reports.batches``), so the
    counter does not tick with each person who submits."""
    return count - count % threshold if threshold > 1 else count


# --- complementary suppression: what is hidden must not be worked out from what is shown ----
#
# Hiding a group under the threshold is not enough when its parent is shown beside its other
# children: the parent minus the children shown *is* the hidden group. Statistical offices
# answer with secondary (complementary) suppression, and so do we: among a parent's children,
# those hidden must together be nobody or at least a threshold's worth of people; if they are
# not, the smallest child still shown is hidden too, and so on (all hidden: the parent's
# breakdown is withheld). A group hidden this way takes its own children with it, or they
# would add up to it again.


def shown_children(sizes: Mapping[K, int], threshold: int) -> frozenset[K]:
    """The children of a shown parent that may be shown beside it.

    Nothing shown is under the threshold, and the children hidden together are nobody or at
    least ``threshold`` people, so the parent minus any of the shown children is never a group
    too small to show. Ties go to the child sorted first (plain and repeatable).
    """
    shown = {key for key, size in sizes.items() if shows_group(size, threshold)}
    hidden_people = sum(size for key, size in sizes.items() if key not in shown)
    while shown and 0 < hidden_people < threshold:
        smallest = min(shown, key=lambda key: (sizes[key], _order(key)))
        shown.discard(smallest)
        hidden_people += sizes[smallest]
    return frozenset(shown)


def _order(key: object) -> tuple[str, str]:
    return (type(key).__name__, repr(key))


def shown_groups(
    children: Mapping[K, Sequence[K]], sizes: Mapping[K, int], root: K, threshold: int
) -> frozenset[K]:
    """Every group of a tree (round → departments → teams) that may be shown on its own.

    ``children`` maps a group to the groups it is split into (a group missing has none);
    ``sizes`` gives each group's people. A group is shown when it is big enough and, below
    the root, its parent is shown and ``shown_children`` keeps it.
    """
    if not shows_group(sizes.get(root, 0), threshold):
        return frozenset()
    shown = {root}
    waiting = [root]
    while waiting:
        parent = waiting.pop()
        kept = shown_children({c: sizes.get(c, 0) for c in children.get(parent, ())}, threshold)
        shown |= kept
        waiting.extend(kept)
    return frozenset(shown)


# --- the groups of a round: the round, its departments, their teams, and roles within them ---

Group = tuple[str, int]  # ("round", 0), ("department", pk) or ("team", pk), as results are kept
ROUND: Group = ("round", 0)


def round_tree(team_departments: Mapping[int, int | None]) -> dict[Group, list[Group]]:
    """The round split into departments (and teams in none), each department into its teams."""
    tree: dict[Group, list[Group]] = {ROUND: []}
    for team, department in sorted(team_departments.items(), key=lambda t: (t[1] or 0, t[0])):
        if department is None:
            tree[ROUND].append(("team", team))
            continue
        parent = ("department", department)
        if parent not in tree:
            tree[ROUND].append(parent)
            tree[parent] = []
        tree[parent].append(("team", team))
    return tree


def group_sizes(
    team_departments: Mapping[int, int | None], team_sizes: Mapping[int, int]
) -> dict[Group, int]:
    """Each group's people, from its teams'."""
    sizes: dict[Group, int] = {ROUND: 0}
    for team, department in team_departments.items():
        size = team_sizes.get(team, 0)
        sizes[("team", team)] = size
        sizes[ROUND] += size
        if department is not None:
            key = ("department", department)
            sizes[key] = sizes.get(key, 0) + size
    return sizes


def round_groups(
    team_departments: Mapping[int, int | None], team_sizes: Mapping[int, int], threshold: int
) -> frozenset[Group]:
    """The round's groups that may be shown, each on its own and beside the others."""
    tree = round_tree(team_departments)
    return shown_groups(tree, group_sizes(team_departments, team_sizes), ROUND, threshold)


def role_groups(
    team_departments: Mapping[int, int | None],
    role_sizes: Mapping[Group, Mapping[str, int]],
    shown: frozenset[Group],
    threshold: int,
) -> frozenset[tuple[Group, str]]:
    """The (group, role) pairs whose figures may be shown: a role within a shown group.

    Two cuts meet here and each must hold. Within a group, its roles are its children: the
    roles hidden are nobody or a threshold's worth, so "everyone minus one role" never gives a
    small group away. Within a role, the round's tree holds as for everyone: the department's
    engineers minus the engineers of its shown teams is never one person.
    """
    by_role: set[tuple[Group, str]] = set()
    for group in shown:
        by_role |= {(group, r) for r in shown_children(role_sizes.get(group, {}), threshold)}
    tree = round_tree(team_departments)
    for role in {r for sizes in role_sizes.values() for r in sizes}:
        sizes = {group: people.get(role, 0) for group, people in role_sizes.items()}
        in_tree = shown_groups(tree, sizes, ROUND, threshold)
        by_role -= {(group, role) for group in shown if group not in in_tree}
    if threshold > 1:
        by_role = _linked_safe(tree, role_sizes, shown, by_role, threshold)
    return frozenset(by_role)


# --- everyone's groups and the roles' groups together (linked tables) ----------------------
#
# The two cuts above each hold on their own, but a reader may mix them: a team of four minus
# the round's three product managers, all of them in that team, is its one product owner.
# Every figure shown is a sum over cells (a team's people in one role), so the test is exact
# linear algebra over the cells: no small cell (nor two small cells together) may be a
# combination of the groups shown. Role groups are dropped, smallest first, until none is.

Cell = tuple[int, str]  # a team's people in one role
_PRIME = (1 << 61) - 1  # arithmetic modulo a large prime: exact for these small 0/1 sums


def _linked_safe(
    tree: Mapping[Group, Sequence[Group]],
    role_sizes: Mapping[Group, Mapping[str, int]],
    shown: frozenset[Group],
    by_role: set[tuple[Group, str]],
    threshold: int,
) -> set[tuple[Group, str]]:
    cells = {
        (pk, role): n
        for (kind, pk), roles in role_sizes.items()
        if kind == "team"
        for role, n in roles.items()
        if n > 0
    }
    teams = {group: _teams_under(tree, group) for group in {*shown, *(g for g, _ in by_role)}}
    kept = set(by_role)
    while kept:
        given_away = _first_given_away(cells, teams, shown, kept, threshold)
        if given_away is None:
            break
        near = [
            (g, r) for g, r in kept if any(t in teams[g] and r == role for t, role in given_away)
        ] or [(g, r) for g, r in kept if any(t in teams[g] for t, _ in given_away)]
        kept.discard(min(near or kept, key=lambda pair: (_people(cells, teams, pair), pair)))
    return kept


def _teams_under(tree: Mapping[Group, Sequence[Group]], group: Group) -> frozenset[int]:
    if group[0] == "team":
        return frozenset({group[1]})
    return frozenset(t for child in tree.get(group, ()) for t in _teams_under(tree, child))


def _people(cells: Mapping[Cell, int], teams: Mapping[Group, frozenset[int]], pair: Any) -> int:
    group, role = pair
    return sum(n for (t, r), n in cells.items() if r == role and t in teams[group])


def _first_given_away(
    cells: Mapping[Cell, int],
    teams: Mapping[Group, frozenset[int]],
    shown: frozenset[Group],
    kept: set[tuple[Group, str]],
    threshold: int,
) -> tuple[Cell, ...] | None:
    """The first small cell, or pair of small cells, whose people's sum the figures give.

    Singles and pairs are exact while the threshold is at most 3: any three cells with
    someone in them hold three people, a threshold's worth. Above 3 (a round may ask for up to 20),
    three or more small cells together can still weigh less than the threshold, and a
    combination of them the figures give is not looked for here: a known limit. (So too
    in ``release_gives_away``, where a person who moved cells weighs in two: three cells
    there can hold two people.)
    """
    rows = [{c: 1 for c in cells if c[0] in teams[g]} for g in sorted(shown)]
    rows += [{c: 1 for c in cells if c[0] in teams[g] and c[1] == r} for g, r in sorted(kept)]
    basis = _Basis()
    for row in rows:
        basis.add(row)
    # What each small cell leaves once reduced: nothing, and the basis gives it; the negative
    # of another's, and the basis gives the two together (reduction is linear).
    left: dict[frozenset[tuple[Cell, int]], list[Cell]] = {}
    for cell in sorted(c for c, n in cells.items() if n < threshold):
        rest = basis.reduced({cell: 1})
        if not rest:
            return (cell,)
        negative = frozenset((c, -v % _PRIME) for c, v in rest.items())
        for other in left.get(negative, []):
            if cells[other] + cells[cell] < threshold:
                return (other, cell)
        left.setdefault(frozenset(rest.items()), []).append(cell)
    return None


def chosen_teams_give_away(
    team_departments: Mapping[int, int | None],
    cells: Mapping[Cell, int],
    shown: frozenset[Group],
    roles: frozenset[tuple[Group, str]],
    chosen: frozenset[int],
    threshold: int,
) -> bool:
    """A scope of chosen teams (a consultant's review), shown beside the round's published
    groups and roles, gives a small cell or pair of cells away: the round minus the chosen
    teams and a team shown, say, is a team too small to show."""
    if threshold <= 1:
        return False
    tree = round_tree(team_departments)
    teams = {g: _teams_under(tree, g) for g in {*shown, *(g for g, _ in roles)}}
    teams[("chosen", 0)] = frozenset(chosen)
    live = {c: n for c, n in cells.items() if n > 0}
    every = frozenset({*shown, ("chosen", 0)})
    return _first_given_away(live, teams, every, set(roles), threshold) is not None


class _Basis:
    """Rows in echelon form, modulo a large prime. Each row is clear of the pivots added
    before it, so a row is reduced by the pivots it holds in the order they were added (a
    heap), never by the whole basis."""

    def __init__(self) -> None:
        self.rows: dict[Cell, dict[Cell, int]] = {}
        self.order: dict[Cell, int] = {}

    def reduced(self, row: dict[Cell, int]) -> dict[Cell, int]:
        """The row less what the basis spans: empty when the basis gives it."""
        row = dict(row)
        waiting = [(self.order[col], col) for col in row if col in self.order]
        heapq.heapify(waiting)
        while waiting:
            _, pivot = heapq.heappop(waiting)
            factor = row.get(pivot, 0)
            if not factor:
                continue
            for col, value in self.rows[pivot].items():
                left = (row.get(col, 0) - factor * value) % _PRIME
                if not left:
                    row.pop(col, None)
                    continue
                if col not in row and col in self.order:
                    heapq.heappush(waiting, (self.order[col], col))
                row[col] = left
        return row

    def add(self, row: dict[Cell, int]) -> None:
        row = self.reduced(row)
        if row:
            pivot = min(row)
            inverse = pow(row[pivot], _PRIME - 2, _PRIME)
            self.order[pivot] = len(self.order)
            self.rows[pivot] = {col: value * inverse % _PRIME for col, value in row.items()}


# --- labels in a raw-answers export -------------------------------------------------------


def answer_labels(
    people: Mapping[K, tuple[int, int | None, str]],
    shown_teams: frozenset[int],
    threshold: int,
) -> dict[K, tuple[bool, bool]]:
    """For each person (team, department, role): may their row name their team, and their role?

    A team is named only where it is shown (``round_groups``), so the rows left unnamed are
    nobody or a threshold's worth in every export that holds them. Within a named team a role
    is named where ``shown_children`` keeps it; in the unnamed rows never: they are a different
    mix in the department's export and the round's, and rows carry the same answers in both,
    so a role named in one could be matched to a small group in the other.
    """
    roles_in: dict[int, dict[str, int]] = {}
    for team, _, role in people.values():
        if team in shown_teams:
            counts = roles_in.setdefault(team, {})
            counts[role] = counts.get(role, 0) + 1
    kept = {team: shown_children(counts, threshold) for team, counts in roles_in.items()}
    return {
        person: (team in shown_teams, team in shown_teams and role in kept[team])
        for person, (team, _, role) in people.items()
    }


# --- two releases side by side (results released in batches) -----------------------------
#
# An anonymous round's report changes while the round is open; a reader who keeps the figures
# of one release and subtracts them from the next learns what changed in between. So the
# change between two releases is itself a table, and it gets the same check as any table:
# no small cell of changed people (nor two together) may be worked out from the figures of
# both releases. Each cell (a team's people in one role) is split in two: its people whose
# answers are the same in both releases ("kept"), and those who arrived, left or changed an
# answer ("changed"). A group shown in the earlier release is a sum over its kept people (a
# reader is granted the changed people's earlier answers: stricter than reality); a group
# shown in the new one, over its kept and changed people.

Shown = tuple[frozenset[Group], frozenset[tuple[Group, str]]]  # groups, and (group, role)s


def release_gives_away(
    team_departments: Mapping[int, int | None],
    kept: Mapping[Cell, int],
    changed: Mapping[Cell, int],
    before: Shown,
    after: Shown,
    threshold: int,
    crossed: Mapping[frozenset[Cell], int] | None = None,
) -> tuple[Cell, ...] | None:
    """The first small cell of changed people (or pair of cells) that two releases give
    away when read together; None when the new release may go out beside the old.

    ``changed`` weighs each cell that changed by its people who changed (as a statement sees
    them: ``reports.batches.views``); a cell not in it did not change. ``crossed`` counts,
    per pair of cells, the people who moved from one to the other: weighed in both cells but
    one person each, whose answers may not have changed at all (a role changed), so a pair's
    people are its two weights less them.
    """
    crossed = crossed or {}
    small = sorted(c for c, n in changed.items() if 0 < n < threshold)
    if not small or threshold <= 1:
        return None
    departments = {t: team_departments.get(t) for t, _ in (*kept, *changed)}
    departments.update(team_departments)
    tree = round_tree(departments)

    def var(cell: Cell, part: str) -> Cell:
        return (cell[0], f"{part}:{cell[1]}")

    def row(
        group: Group, role: str | None, parts: dict[str, Mapping[Cell, int]]
    ) -> dict[Cell, int]:
        teams = _teams_under(tree, group)
        return {
            var(c, part): 1
            for part, cells in parts.items()
            for c, n in cells.items()
            if n > 0 and c[0] in teams and (role is None or c[1] == role)
        }

    basis = _Basis()
    for parts, (groups, roles) in (({"k": kept}, before), ({"k": kept, "c": changed}, after)):
        for group in sorted(groups):
            basis.add(row(group, None, parts))
        for group, role in sorted(roles):
            basis.add(row(group, role, parts))
    left: dict[frozenset[tuple[Cell, int]], list[Cell]] = {}
    for cell in small:
        rest = basis.reduced({var(cell, "c"): 1})
        if not rest:
            return (cell,)
        negative = frozenset((c, -v % _PRIME) for c, v in rest.items())
        for key in (negative, frozenset(rest.items())):  # their sum, or their difference
            for other in left.get(key, []):
                both = changed[other] + changed[cell] - crossed.get(frozenset({other, cell}), 0)
                if both < threshold:
                    return (other, cell)
        left.setdefault(frozenset(rest.items()), []).append(cell)
    return None
