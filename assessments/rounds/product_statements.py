"""The statements for product people: a table of their own. Pure code, no ORM.

They are answered by the product roles alone, so their figures are sums over the product
roles' cells, and a reader subtracts them as any others: a department's figures minus those
of its one shown team are the product people of its other teams, whoever else those teams
hold. ``product_groups`` says which groups may show them, by the same rules as everyone's
figures (``rounds.anonymity``) applied to that table.

Every audience a statement can have (leadership, product people and leadership, a list of
roles) is such a table of its own: the functions take its roles as ``product_roles``, and
scoring asks them once per audience (``reports.releases.audience_thresholds``).
"""

from __future__ import annotations

from collections.abc import Mapping

from assessments.rounds import spans
from assessments.rounds.anonymity import (
    ROUND,
    Cell,
    Group,
    _first_given_away,
    group_sizes,
    role_groups,
    round_groups,
    round_tree,
    shown_groups,
    teams_under,
)


def product_groups(
    team_departments: Mapping[int, int | None],
    cells: Mapping[Cell, int],
    shown: tuple[frozenset[Group], frozenset[tuple[Group, str]]],
    threshold: int,
    product_roles: frozenset[str],
) -> frozenset[Group]:
    """The shown groups whose statements for product people may be shown.

    The round's tree is cut again by its product people (``shown_groups``), and the
    groups kept, beside the product roles' own figures (a role's figures count the
    statements of its role), pass the linked-tables check; a group that does not is
    dropped, fewest product people first.
    """
    groups, roles = shown
    tree = round_tree(team_departments)
    product = {c: n for c, n in cells.items() if c[1] in product_roles and n > 0}
    every = {*tree, *(c for children in tree.values() for c in children), *groups}
    teams = {g: teams_under(tree, g) for g in {*every, *(g for g, _ in roles)}}
    people = {g: sum(n for (t, _), n in product.items() if t in teams[g]) for g in every}
    if threshold <= 1:
        return frozenset(g for g in groups if people[g] > 0)
    kept = set(shown_groups(tree, people, ROUND, threshold) & groups)
    by_role = {(g, r) for g, r in roles if r in product_roles}
    while kept:
        given_away = _first_given_away(product, teams, frozenset(kept), by_role, threshold)
        if given_away is None:
            return frozenset(kept)
        if isinstance(given_away, spans.Exhausted):
            break  # too costly to check exactly: no group shows them
        near = [g for g in kept if any(t in teams[g] for t, _ in given_away)]
        kept.discard(min(near or kept, key=lambda g: (people[g], g)))
    return frozenset()


NEVER_SHOWN = 1 << 30  # a smallest group no group reaches: the scope's product statements wait


def product_thresholds(
    team_departments: Mapping[int, int | None],
    cells: Mapping[Cell, int],
    threshold: int,
    product_roles: frozenset[str],
) -> dict[Group, int]:
    """For each group of the round, the smallest number of product people whose statements
    for product people it counts (``scoring.statement_results``'s ``min_group``): the
    threshold where ``product_groups`` shows them, ``NEVER_SHOWN`` where it does not."""
    sizes = group_sizes(team_departments, _per_team(cells))
    role_sizes: dict[Group, dict[str, int]] = {}
    tree = round_tree(team_departments)
    for group in sizes:
        teams = teams_under(tree, group)
        found: dict[str, int] = {}
        for (team, role), n in cells.items():
            if team in teams and n > 0:
                found[role] = found.get(role, 0) + n
        role_sizes[group] = found
    groups = round_groups(team_departments, _per_team(cells), threshold)
    roles = role_groups(team_departments, role_sizes, groups, threshold)
    shown = product_groups(team_departments, cells, (groups, roles), threshold, product_roles)
    return {g: threshold if g in shown else NEVER_SHOWN for g in sizes}


def _per_team(cells: Mapping[Cell, int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for (team, _), n in cells.items():
        found[team] = found.get(team, 0) + n
    return found
