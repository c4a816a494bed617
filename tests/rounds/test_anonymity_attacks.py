"""Attacks on an anonymous round's published figures, at the level of the rules (fast).

A sceptical reader holds every group's size and mean that the round publishes. Sums follow
(mean × size), and sums can be added and subtracted: any person, or pair of people, whose
answers are a combination of published sums is given away. These tests generate rounds and
try exactly that, with exact arithmetic, against ``rounds.anonymity``.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.rounds import anonymity, product_statements

THRESHOLD = 3
ROLES = ("pm", "po", "eng", "design")

sizes = st.dictionaries(st.integers(1, 12), st.integers(0, 9), max_size=8)


@given(sizes=sizes, threshold=st.integers(1, 6))
def test_hidden_children_are_nobody_or_a_thresholds_worth_and_nothing_shown_is_small(
    sizes, threshold
):
    shown = anonymity.shown_children(sizes, threshold)
    hidden = sum(size for key, size in sizes.items() if key not in shown)
    parent_shown = anonymity.shows_group(sum(sizes.values()), threshold)
    # A parent too small to show has nothing to subtract from.
    assert hidden == 0 or hidden >= threshold or not parent_shown
    assert all(anonymity.shows_group(sizes[key], threshold) for key in shown)


@given(sizes=sizes, threshold=st.integers(1, 6))
def test_only_as_many_children_are_hidden_as_protection_needs(sizes, threshold):
    shown = anonymity.shown_children(sizes, threshold)
    small = {key for key, size in sizes.items() if not anonymity.shows_group(size, threshold)}
    assert not shown & small
    # Every child hidden beyond the small ones was needed: at most one more than the
    # fewest that would reach the threshold, and none when the small ones are enough.
    hidden_small = sum(sizes[key] for key in small)
    extra = set(sizes) - small - shown
    if hidden_small == 0 or hidden_small >= threshold:
        assert not extra


def test_the_demos_case_one_respondent_beside_a_team_of_four_hides_both_teams():
    # Data & Insights: Analytics (1) and Personalisation (4). Showing Personalisation beside
    # the department would give Analytics' one person away.
    assert anonymity.shown_children({"analytics": 1, "personalisation": 4}, 3) == frozenset()
    assert anonymity.shown_children({"a": 1, "b": 4, "c": 5}, 3) == {"c"}
    assert anonymity.shown_children({"a": 3, "b": 4}, 3) == {"a", "b"}


def test_a_named_round_hides_nothing_but_empty_groups():
    assert anonymity.shown_children({"a": 1, "b": 2, "c": 0}, 1) == {"a", "b"}


# --- a generated round: teams of 1–6 people in departments, each person with a role ---------


@st.composite
def rounds(draw):
    """{person: (team, department, role)}: up to 6 teams of 1–6 people, in up to 3 departments."""
    teams = draw(st.integers(1, 6))
    people = {}
    for team in range(1, teams + 1):
        department = draw(st.sampled_from([None, 1, 2, 3]))
        for _ in range(draw(st.integers(1, 6))):
            people[len(people)] = (team, department, draw(st.sampled_from(ROLES)))
    return people


def _members(people, group):
    kind, pk = group
    return frozenset(
        p
        for p, (team, department, _) in people.items()
        if kind == "round"
        or (kind == "team" and team == pk)
        or (kind == "department" and department == pk)
    )


class Span:
    """The sums a reader can work out: every combination of the published groups' sums."""

    def __init__(self, people, groups):
        self.people = sorted(people)
        self.basis: list[tuple[int, list[Fraction]]] = []  # (pivot column, reduced row)
        for group in groups:
            self._add([Fraction(p in group) for p in self.people])

    def _reduce(self, row):
        for pivot, basis_row in self.basis:
            if row[pivot]:
                factor = row[pivot]
                row = [a - factor * b for a, b in zip(row, basis_row, strict=True)]
        return row

    def _add(self, row):
        row = self._reduce(row)
        pivot = next((i for i, v in enumerate(row) if v), None)
        if pivot is None:
            return
        row = [v / row[pivot] for v in row]
        self.basis = [
            (p, [a - b[pivot] * c for a, c in zip(b, row, strict=True)]) for p, b in self.basis
        ]
        self.basis.append((pivot, row))

    def holds(self, few):
        """Whether the sum of these people's answers can be worked out."""
        return not any(self._reduce([Fraction(p in few) for p in self.people]))


def _given_away(people, published):
    """People, and pairs of people, whose answers' sum the published groups give away."""
    span = Span(people, [_members(people, g) if isinstance(g, tuple) else g for g in published])
    singles = [frozenset({p}) for p in people]
    pairs = [frozenset(pair) for pair in combinations(people, 2)]
    return [few for few in (*singles, *pairs) if span.holds(few)]


def _team_departments(people):
    return {team: department for team, department, _ in people.values()}


def _team_sizes(people):
    sizes: dict[int, int] = {}
    for team, _, _ in people.values():
        sizes[team] = sizes.get(team, 0) + 1
    return sizes


@settings(max_examples=60, deadline=None)
@given(people=rounds())
def test_no_person_or_pair_can_be_worked_out_from_the_groups_shown(people):
    """Department − shown teams, round − shown departments, and every other combination."""
    shown = anonymity.round_groups(_team_departments(people), _team_sizes(people), THRESHOLD)
    assert all(len(_members(people, g)) >= THRESHOLD for g in shown)
    assert _given_away(people, shown) == []


def _role_sizes(people, groups):
    found = {}
    for group in groups:
        counts: dict[str, int] = {}
        for p in _members(people, group):
            role = people[p][2]
            counts[role] = counts.get(role, 0) + 1
        found[group] = counts
    return found


@settings(max_examples=60, deadline=None)
@given(people=rounds())
def test_a_role_filter_gives_away_no_one_beside_its_group_nor_within_its_role(people):
    """Group − its role slices shown; a department's role slice − its teams' slices."""
    departments = _team_departments(people)
    shown = anonymity.round_groups(departments, _team_sizes(people), THRESHOLD)
    tree = anonymity.round_tree(departments)
    every = set(tree) | {c for children in tree.values() for c in children}
    by_role = anonymity.role_groups(departments, _role_sizes(people, every), shown, THRESHOLD)
    for group in shown:
        members = _members(people, group)
        slices = [
            frozenset(p for p in members if people[p][2] == role)
            for g, role in by_role
            if g == group
        ]
        assert all(len(s) >= THRESHOLD for s in slices)
        left = len(members) - sum(len(s) for s in slices)
        assert left == 0 or left >= THRESHOLD, "everyone minus the roles shown"
        for s in slices:  # everyone minus one role
            assert len(members) - len(s) in (0, *range(THRESHOLD, len(members) + 1))
    for role in ROLES:  # one role across the tree, as the comparison's role filter shows it
        published = [
            frozenset(p for p in _members(people, g) if people[p][2] == role)
            for g, r in by_role
            if r == role
        ]
        assert _given_away(people, published) == []


@settings(max_examples=60, deadline=None)
@given(people=rounds())
def test_raw_answer_rows_are_never_a_small_group_by_their_labels_in_any_export(people):
    """Rows that look alike (same team and role named, or left blank) are never 1 or 2
    people, in the round's export nor in a department's."""
    shown = anonymity.round_groups(_team_departments(people), _team_sizes(people), THRESHOLD)
    teams = frozenset(pk for kind, pk in shown if kind == "team")
    labels = anonymity.answer_labels(people, teams, THRESHOLD)
    for scope in shown:  # a scope not shown exports no rows
        looks: dict[tuple, int] = {}
        for p in _members(people, scope):
            team, _, role = people[p]
            named_team, named_role = labels[p]
            key = (team if named_team else "", role if named_role else "")
            looks[key] = looks.get(key, 0) + 1
        assert all(n >= THRESHOLD for n in looks.values()), (scope, looks)


@settings(max_examples=80, deadline=None)
@given(people=rounds())
def test_everyones_groups_and_the_roles_groups_together_give_no_one_away(people):
    """Linked tables: a team minus a role's group elsewhere (all of whose people sit in that
    team) is no give-away either, nor any other mix of the two."""
    departments = _team_departments(people)
    shown = anonymity.round_groups(departments, _team_sizes(people), THRESHOLD)
    tree = anonymity.round_tree(departments)
    every = set(tree) | {c for children in tree.values() for c in children}
    by_role = anonymity.role_groups(departments, _role_sizes(people, every), shown, THRESHOLD)
    published = [_members(people, g) for g in shown] + [
        frozenset(p for p in _members(people, g) if people[p][2] == role) for g, role in by_role
    ]
    assert _given_away(people, published) == []


def test_a_team_minus_the_rounds_product_managers_all_in_it_is_not_shown():
    # Team 1: three product managers and one product owner; team 2: three product owners.
    people = {0: (1, None, "pm"), 1: (1, None, "pm"), 2: (1, None, "pm"), 3: (1, None, "po")}
    people |= {4: (2, None, "po"), 5: (2, None, "po"), 6: (2, None, "po")}
    departments = _team_departments(people)
    shown = anonymity.round_groups(departments, _team_sizes(people), THRESHOLD)
    assert shown == {anonymity.ROUND, ("team", 1), ("team", 2)}
    tree = anonymity.round_tree(departments)
    every = set(tree) | {c for children in tree.values() for c in children}
    by_role = anonymity.role_groups(departments, _role_sizes(people, every), shown, THRESHOLD)
    assert (anonymity.ROUND, "pm") not in by_role  # team 1 minus them is its product owner


# --- the statements for product people: a table of their own --------------------------------

PRODUCT = frozenset({"pm", "po"})
# Every audience a statement can have is such a table: product people, one role alone (as
# leadership), or a list of roles across groups.
AUDIENCES = [PRODUCT, frozenset({"design"}), frozenset({"pm", "eng"})]


@settings(max_examples=80, deadline=None)
@given(people=rounds(), audience=st.sampled_from(AUDIENCES))
def test_the_statements_for_product_people_give_no_product_person_away(people, audience):
    """Their figures count the audience's roles alone (the product roles, say): a department
    minus its one shown team is the product people of its other teams, whoever else those
    teams hold."""
    departments = _team_departments(people)
    cells: dict[tuple[int, str], int] = {}
    for team, _, role in people.values():
        cells[(team, role)] = cells.get((team, role), 0) + 1
    thresholds = product_statements.product_thresholds(departments, cells, THRESHOLD, audience)
    shown = anonymity.round_groups(departments, _team_sizes(people), THRESHOLD)
    tree = anonymity.round_tree(departments)
    every = set(tree) | {c for children in tree.values() for c in children}
    by_role = anonymity.role_groups(departments, _role_sizes(people, every), shown, THRESHOLD)
    theirs = {p: person for p, person in people.items() if person[2] in audience}
    published = [
        _members(theirs, g) for g, least in thresholds.items() if len(_members(theirs, g)) >= least
    ]
    assert all(g in shown for g, least in thresholds.items() if least == THRESHOLD)
    published += [
        frozenset(p for p in _members(theirs, g) if theirs[p][2] == role)
        for g, role in by_role
        if role in audience
    ]
    assert _given_away(theirs, published) == []


def test_a_department_less_its_shown_team_is_not_its_other_teams_product_manager():
    # Department 1: team 1 has one product manager and five engineers; team 2, three pms.
    people = {0: (1, 1, "pm"), **dict.fromkeys(range(1, 6), (1, 1, "eng"))}
    people |= dict.fromkeys(range(6, 9), (2, 1, "pm"))
    cells = {(1, "pm"): 1, (1, "eng"): 5, (2, "pm"): 3}
    thresholds = product_statements.product_thresholds(_team_departments(people), cells, 3, PRODUCT)
    # The department's four are shown; team 2's three would give team 1's one away.
    assert thresholds[("department", 1)] == 3
    assert thresholds[anonymity.ROUND] == 3
    assert thresholds[("team", 2)] == product_statements.NEVER_SHOWN
    assert thresholds[("team", 1)] == product_statements.NEVER_SHOWN
