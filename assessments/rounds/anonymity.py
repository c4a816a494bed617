"""The one anonymity rule: which groups of people may be shown on their own. Pure code, no ORM.

In an anonymous round no group smaller than the round's ``min_group_size`` is shown on its
own (a team, a department, a role, a column of an export); in a named round any group with
someone in it is. ``Assessment.group_threshold`` and ``Assessment.shows_group`` ask these
functions, and so do the pure scoring modules that are handed a threshold.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any, TypeVar

from assessments.rounds import spans

DEFAULT_MIN_GROUP_SIZE = 3  # a new round's smallest group shown on its own

# A firm's benchmark across its clients (assessments/reviews/benchmark.py says why): an enabler
# is compared with at least this many other organisations, who count and join in pairs, and
# its figures are rounded to this many points.
BENCHMARK_MIN_OTHERS = 6
BENCHMARK_BATCH = 2
BENCHMARK_BAND = 5

# Raised when a rule here changes what scoring keeps (results stored before are scored afresh):
# 2, statements for product people are left out where the product people are under it;
# 3, and where they could be worked out by subtraction (``rounds.product_statements``);
# 4, the same for the statements of every audience (leadership, or any list of roles), each
# audience's people a table of their own.
SCORING_RULES = 4

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
    key = (
        tuple(sorted(team_departments.items(), key=lambda t: (t[0], t[1] or 0))),
        tuple(
            sorted(
                (group, tuple(sorted((r, n) for r, n in roles.items() if n > 0)))
                for group, roles in role_sizes.items()
                if any(n > 0 for n in roles.values())
            )
        ),
        shown,
        threshold,
    )
    if key not in _ROLE_GROUPS:
        if len(_ROLE_GROUPS) >= 8:
            _ROLE_GROUPS.pop(next(iter(_ROLE_GROUPS)))
        _ROLE_GROUPS[key] = _role_groups(team_departments, role_sizes, shown, threshold)
    return _ROLE_GROUPS[key]


# The last few answers of role_groups: a refresh asks it twice for the same round (once to
# score the statements for product people, once for what the release shows), and its
# linked-tables check is the costly part.
_ROLE_GROUPS: dict[Hashable, frozenset[tuple[Group, str]]] = {}


def _role_groups(
    team_departments: Mapping[int, int | None],
    role_sizes: Mapping[Group, Mapping[str, int]],
    shown: frozenset[Group],
    threshold: int,
) -> frozenset[tuple[Group, str]]:
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
# linear algebra over the cells: no set of cells holding fewer people than the threshold may
# have a combination of its own that the groups shown give (``spans``). Role groups are
# dropped, smallest first, until none is.

Cell = tuple[int, str]  # a team's people in one role


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
    teams = {group: teams_under(tree, group) for group in {*shown, *(g for g, _ in by_role)}}
    kept = set(by_role)
    while kept:
        given_away = _first_given_away(cells, teams, shown, kept, threshold)
        if given_away is None:
            break
        if isinstance(given_away, spans.Exhausted):
            return set()  # too costly to check exactly: no role group is shown
        near = [
            (g, r) for g, r in kept if any(t in teams[g] and r == role for t, role in given_away)
        ] or [(g, r) for g, r in kept if any(t in teams[g] for t, _ in given_away)]
        kept.discard(min(near or kept, key=lambda pair: (_people(cells, teams, pair), pair)))
    return kept


def teams_under(tree: Mapping[Group, Sequence[Group]], group: Group) -> frozenset[int]:
    """The teams a group of the round's tree holds."""
    if group[0] == "team":
        return frozenset({group[1]})
    return frozenset(t for child in tree.get(group, ()) for t in teams_under(tree, child))


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
    """The first set of small cells, holding fewer people than the threshold together, some
    combination of which the figures give (``spans.given_away``: exact for any threshold)."""
    rows = [{c: 1 for c in cells if c[0] in teams[g]} for g in sorted(shown)]
    rows += [{c: 1 for c in cells if c[0] in teams[g] and c[1] == r} for g, r in sorted(kept)]
    basis = spans.Basis()
    for row in rows:
        basis.add(row)
    candidates = [(cell, {cell: 1}, n) for cell, n in sorted(cells.items()) if n < threshold]
    return spans.given_away(basis, candidates, threshold)


def chosen_teams_give_away(
    team_departments: Mapping[int, int | None],
    cells: Mapping[Cell, int],
    shown: frozenset[Group],
    roles: frozenset[tuple[Group, str]],
    chosen: frozenset[int],
    threshold: int,
) -> bool:
    """A scope of chosen teams (a consultant's review), shown beside the round's published
    groups and roles, gives a small set of cells away: the round minus the chosen
    teams and a team shown, say, is a team too small to show."""
    if threshold <= 1:
        return False
    tree = round_tree(team_departments)
    teams = {g: teams_under(tree, g) for g in {*shown, *(g for g, _ in roles)}}
    teams[("chosen", 0)] = frozenset(chosen)
    live = {c: n for c, n in cells.items() if n > 0}
    every = frozenset({*shown, ("chosen", 0)})
    return _first_given_away(live, teams, every, set(roles), threshold) is not None


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
# change between two releases is itself a table, and it gets the same check as any table: no
# set of changed people under the threshold may have a combination of its own worked out from
# the figures of both releases. Each cell (a team's people in one role) is split: the sum of
# its people in the earlier release who did not move out of it ("kept": those the same in
# both, and those who since left or changed an answer), and the change in that sum by those
# who arrived, left or changed an answer ("changed"). A group shown in the earlier release
# is a sum over its kept parts; a group shown in the new one, over its kept and changed parts.
# A cell's changed part is protected, its kept part was the earlier release's to protect.
#
# People who only moved (another role or team, the same answers) are a part of their own,
# one per pair of cells (from, to): ``shifted``. Their answers are the same in both releases:
# they sit in the old cell in the earlier release and in the new cell in the later one. A
# figure over both cells (the team's, when the role changed) holds them in both releases and
# so changes by nothing on their account; a figure over one (the role's) gains or loses them,
# and its change gives them away if they are few. The linear algebra sees each case as it is.

Shown = tuple[frozenset[Group], frozenset[tuple[Group, str]]]  # groups, and (group, role)s
Shift = tuple[Cell, Cell]  # people who moved from one cell to another, answers unchanged


def release_gives_away(
    team_departments: Mapping[int, int | None],
    kept: Mapping[Cell, int],
    changed: Mapping[Cell, int],
    before: Shown,
    after: Shown,
    threshold: int,
    crossed: Mapping[frozenset[Cell], int] | None = None,
    shifted: Mapping[Shift, int] | None = None,
) -> tuple[Cell, ...] | None:
    """The cells of the first set of changed (or shifted) people under the threshold that
    two releases give away when read together; None when the new release may go out beside
    the old.

    ``kept`` says which cells held anyone in the earlier release who did not move out (only
    whether it did counts). ``changed`` weighs each cell that changed by its people who
    changed (as a statement sees
    them: ``reports.batches.views``); a cell not in it did not change. ``crossed`` counts,
    per pair of cells, the people who moved from one to the other and changed an answer:
    weighed in both cells but one person each. ``shifted`` counts, per (from, to) cells, the
    people who moved with the same answers.
    """
    crossed = crossed or {}
    shifted = {pair: n for pair, n in (shifted or {}).items() if n > 0}
    if threshold <= 1 or not any(0 < n < threshold for n in (*changed.values(), *shifted.values())):
        return None
    departments = {t: team_departments.get(t) for t, _ in (*kept, *changed)}
    departments |= {cell[0]: team_departments.get(cell[0]) for pair in shifted for cell in pair}
    departments.update(team_departments)
    tree = round_tree(departments)

    def var(cell: Cell, part: str) -> Cell:
        return (cell[0], f"{part}:{cell[1]}")

    def shift_var(pair: Shift) -> Cell:
        (team, role), (to_team, to_role) = pair
        return (team, f"m:{role}>{to_team}:{to_role}")

    def row(group: Group, role: str | None, later: bool) -> dict[Cell, int]:
        teams = teams_under(tree, group)

        def inside(cell: Cell) -> bool:
            return cell[0] in teams and (role is None or cell[1] == role)

        parts = {"k": kept, "c": changed} if later else {"k": kept}
        found = {
            var(c, part): 1
            for part, cells in parts.items()
            for c, n in cells.items()
            if n > 0 and inside(c)
        }
        found |= {shift_var(pair): 1 for pair in shifted if inside(pair[1 if later else 0])}
        return found

    basis = spans.Basis()
    for later, (groups, roles) in ((False, before), (True, after)):
        for group in sorted(groups):
            basis.add(row(group, None, later))
        for group, role in sorted(roles):
            basis.add(row(group, role, later))
    candidates: list[tuple[Any, Mapping[Cell, int], int]] = [
        (cell, {var(cell, "c"): 1}, n) for cell, n in sorted(changed.items()) if n > 0
    ]
    candidates += [(pair, {shift_var(pair): 1}, n) for pair, n in sorted(shifted.items())]

    def people(names: Sequence[Any]) -> int:
        cells = [name for name in names if name in changed and name not in shifted]
        total = sum(changed[c] for c in cells) + sum(shifted[n] for n in names if n in shifted)
        return total - sum(crossed.get(frozenset(pair), 0) for pair in _pairs(cells))

    found = spans.given_away(basis, candidates, threshold, people)
    if found is None:
        return None
    return tuple(c for name in found for c in (name if name in shifted else (name,)))


def _pairs(cells: Sequence[Cell]) -> list[tuple[Cell, Cell]]:
    return [(a, b) for i, a in enumerate(cells) for b in cells[i + 1 :]]
