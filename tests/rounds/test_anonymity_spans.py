"""The linked-tables check is exact for any threshold a round may set, not only up to 3.

A brute force over small random tables tries every set of small cells holding fewer people
than the threshold, and asks with exact fractions whether the published rows give some
combination of that set alone: the rule must find a set exactly when the brute force does.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.rounds import anonymity, spans


def _rank(rows):
    rows = [list(map(Fraction, r)) for r in rows if any(r)]
    rank, width = 0, len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col]:
                factor = rows[i][col] / rows[rank][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


def _brute_force(columns, rows, weight, threshold):
    """Sets of columns lighter than the threshold some combination of which, and of no other
    column, the rows span: rank(rows) > rank(rows without those columns)."""
    full = _rank(rows)
    light = [c for c in columns if weight(c) < threshold]
    found = []
    for size in range(1, threshold):
        for chosen in combinations(light, size):
            if sum(weight(c) for c in chosen) >= threshold:
                continue
            rest = [
                [v for c, v in zip(columns, row, strict=True) if c not in chosen] for row in rows
            ]
            if _rank(rest) < full:
                found.append(chosen)
    return found


@st.composite
def tables(draw):
    """Up to 4 teams in up to 2 departments, 2 or 3 roles, cells of 0–4 people, and some of
    the groups and (group, role)s shown."""
    threshold = draw(st.integers(3, 6))
    teams = {t: draw(st.sampled_from([None, 1, 2])) for t in range(1, draw(st.integers(1, 4)) + 1)}
    roles = ["pm", "eng", "design"][: draw(st.integers(2, 3))]
    cells = {(t, r): draw(st.integers(0, 4)) for t in teams for r in roles}
    tree = anonymity.round_tree(teams)
    groups = sorted({*tree, *(c for children in tree.values() for c in children)})
    shown = frozenset(draw(st.lists(st.sampled_from(groups), max_size=5)))
    pairs = [(g, r) for g in groups for r in roles]
    by_role = set(draw(st.lists(st.sampled_from(pairs), max_size=4)))
    return threshold, teams, cells, shown, by_role


@settings(max_examples=300, deadline=None)
@given(table=tables())
def test_the_linked_tables_check_finds_a_small_set_exactly_when_brute_force_does(table):
    threshold, team_departments, cells, shown, by_role = table
    tree = anonymity.round_tree(team_departments)
    live = {c: n for c, n in cells.items() if n > 0}
    teams = {g: anonymity.teams_under(tree, g) for g in {*shown, *(g for g, _ in by_role)}}
    found = anonymity._first_given_away(live, teams, shown, by_role, threshold)
    columns = sorted(live)
    rows = [[int(c[0] in teams[g]) for c in columns] for g in sorted(shown)]
    rows += [[int(c[0] in teams[g] and c[1] == r) for c in columns] for g, r in sorted(by_role)]
    brute = _brute_force(columns, rows, live.get, threshold) if rows else []
    assert (found is not None) == bool(brute), (found, brute)
    if found is not None:  # what it names is itself given away, and light
        assert sum(live[c] for c in found) < threshold
        rest = [[v for c, v in zip(columns, row, strict=True) if c not in found] for row in rows]
        assert _rank(rest) < _rank(rows)


@settings(max_examples=300, deadline=None)
@given(
    threshold=st.integers(3, 6),
    weights=st.lists(st.integers(1, 5), min_size=1, max_size=7),
    rows=st.lists(st.lists(st.integers(-1, 1), min_size=9, max_size=9), max_size=6),
)
def test_the_search_agrees_with_brute_force_on_any_rows_and_weights(threshold, weights, rows):
    """Columns 0..n-1 are the candidates (with their people), the rest other unknowns."""
    n = len(weights)
    basis = spans.Basis()
    for row in rows:
        basis.add({c: v for c, v in enumerate(row) if v})
    candidates = [(c, {c: 1}, w) for c, w in enumerate(weights)]
    found = spans.given_away(basis, candidates, threshold)
    brute = _brute_force(
        list(range(9)), rows, lambda c: weights[c] if c < n else threshold, threshold
    )
    assert (found is not None) == bool(brute), (found, brute)


def test_three_small_cells_under_a_threshold_of_five_are_found_together():
    """Teams of 1, 1 and 2 people beside a team of 5, a threshold of 5: the round minus the
    big team is the three small teams together, four people (pairs alone never are)."""
    teams = {1: None, 2: None, 3: None, 4: None}
    cells = {(1, "eng"): 1, (2, "eng"): 1, (3, "eng"): 2, (4, "eng"): 5}
    tree = anonymity.round_tree(teams)
    shown = frozenset({anonymity.ROUND, ("team", 4)})
    by_group = {g: anonymity.teams_under(tree, g) for g in shown}
    found = anonymity._first_given_away(cells, by_group, shown, set(), 5)
    assert found is not None
    assert set(found) == {(1, "eng"), (2, "eng"), (3, "eng")}
    assert anonymity._first_given_away(cells, by_group, shown, set(), 3) is None  # 4 people


def test_a_search_out_of_tries_hides_rather_than_shows(monkeypatch):
    """Four cells of one person each, a threshold of 4: only the four together are given,
    and they are four people. Sets of up to three must be searched to know it; with no
    tries left the answer is "given away", and says it ran out."""
    basis = spans.Basis()
    basis.add({0: 1, 1: 1, 2: 1, 3: 1})
    candidates = [(c, {c: 1}, 1) for c in range(4)]
    assert spans.given_away(basis, candidates, 4) is None
    assert spans.given_away(basis, candidates, 5) == (0, 1, 2, 3)
    monkeypatch.setattr(spans, "MOST_TRIES", 0)
    found = spans.given_away(basis, candidates, 4)
    assert isinstance(found, spans.Exhausted)
    assert set(found) == {0, 1, 2, 3}


def test_a_linked_check_out_of_tries_shows_no_role_group(monkeypatch):
    teams = {1: None, 2: None, 3: None, 4: None}
    sizes = {("team", t): {"pm": 1, "eng": 1} for t in teams}
    sizes[anonymity.ROUND] = {"pm": 4, "eng": 4}
    shown = frozenset({anonymity.ROUND})
    assert anonymity.role_groups(teams, sizes, shown, 4) == {
        (anonymity.ROUND, "pm"),
        (anonymity.ROUND, "eng"),
    }
    monkeypatch.setattr(spans, "MOST_TRIES", 0)
    monkeypatch.setattr(anonymity, "_ROLE_GROUPS", {})  # forget the answer above
    assert anonymity.role_groups(teams, sizes, shown, 4) == frozenset()
