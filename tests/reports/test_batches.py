"""The batch rule (``reports.batches``, ``rounds.anonymity.release_gives_away``), pure and fast.

A reader keeps every figure of one release and subtracts it from the next. Generated rounds,
generated changes, and the same exact arithmetic as the rule-level attacks: no changed person,
nor pair of them, may be worked out from two releases read together, whenever the rule lets
the second one out.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.reports import batches
from assessments.rounds import product_statements
from tests.rounds.test_anonymity_attacks import Span

T = 3


def Person(team: int, role: str, said: str) -> batches.Person:
    """A person whose answers are digested as ``said`` (in the digest form of answers alone)."""
    return batches.Person(team, role, batches.DIGEST_FORM + said)


TEAMS = {1: 10, 2: 10, 3: None}  # team → department
PRODUCT = frozenset({"pm", "po"})  # roles asked the statements for product people


def people(*rows: tuple[int, int, str, str]) -> dict[int, batches.Person]:
    return {pk: Person(team, role, said) for pk, team, role, said in rows}


def shown(release: dict[int, batches.Person]) -> batches.anonymity.Shown:
    team_sizes: dict[int, int] = {}
    roles: dict[tuple[str, int], dict[str, int]] = {}
    for p in release.values():
        team_sizes[p.team] = team_sizes.get(p.team, 0) + 1
        department = TEAMS[p.team]
        groups = [("round", 0), ("team", p.team)]
        if department is not None:
            groups.append(("department", department))
        for group in groups:
            by_role = roles.setdefault(group, {})
            by_role[p.role] = by_role.get(p.role, 0) + 1
    return batches.shown(TEAMS, team_sizes, roles, T)


def may(before: dict[int, batches.Person], after: dict[int, batches.Person]) -> bool:
    return batches.may_release(TEAMS, before, after, shown(before), shown(after), T, [PRODUCT])


BASE = people(*[(pk, 1 + pk % 2, "eng", f"d{pk}") for pk in range(8)])  # 4 and 4


def test_a_digest_changes_with_any_answer_and_only_then():
    one = batches.digest("eng", [(1, 75.0), (2, None)], [])
    assert one == batches.digest("eng", [(1, 75.0), (2, None)], [])
    assert one != batches.digest("eng", [(1, 50.0), (2, None)], [])


def test_arrivals_departures_and_edits_are_told_apart():
    after = dict(BASE)
    after[0] = Person(1, "eng", "edited")  # pk 0 is in team 1: an edit
    del after[1]  # left team 2
    after[100] = Person(3, "pm", "new")
    moved = batches.change(BASE, after)
    assert moved.moved == {(2, "eng"): 1, (3, "pm"): 1}
    assert moved.edited == {(1, "eng"): 1}
    assert sum(moved.kept.values()) == 6


def test_a_statement_sees_an_edit_only_cell_as_changed_or_kept():
    moved = batches.change(BASE, {**BASE, 0: Person(1, "eng", "edited")})
    assert [(v.kept, v.changed) for v in batches.views(moved)] == [
        ({(1, "eng"): 4, (2, "eng"): 4}, {}),
        ({(1, "eng"): 3, (2, "eng"): 4}, {(1, "eng"): 1}),
    ]


def test_a_person_who_moves_team_with_the_same_answers_only_shifted():
    after = {**BASE, 0: batches.Person(2, "eng", BASE[0].digest)}
    moved = batches.change(BASE, after)
    assert moved.shifted == {((1, "eng"), (2, "eng")): 1}
    assert not moved.moved
    assert not moved.edited


def test_a_person_who_moves_team_and_changes_an_answer_is_a_change_in_both():
    after = {**BASE, 0: Person(2, "eng", "edited")}
    moved = batches.change(BASE, after)
    assert moved.moved == {(1, "eng"): 1, (2, "eng"): 1}
    assert moved.crossed == {frozenset({(1, "eng"), (2, "eng")}): 1}


def test_an_answer_digest_leaves_role_and_team_out_and_an_old_one_is_unknown():
    assert batches.digest([(1, 75.0)], []).startswith(batches.DIGEST_FORM)
    old = batches.Person(1, "eng", "0123456789abcdef0123")  # an old-form digest
    # Unknown answers: a role change is taken as a change of answers, as before.
    moved = batches.change({1: old}, {1: batches.Person(1, "pm", old.digest)})
    assert moved.moved == {(1, "eng"): 1, (1, "pm"): 1}


def test_one_more_submission_is_held_back():
    assert not may(BASE, {**BASE, 100: Person(1, "eng", "new")})


def test_one_edit_is_held_back():
    assert not may(BASE, {**BASE, 0: Person(1, "eng", "changed my mind")})


def test_edits_by_a_thresholds_worth_of_people_are_still_held_back():
    # Each changed a different answer: on each statement, one person's change.
    assert not may(BASE, {**BASE, **{pk: Person(1, "eng", "edited") for pk in (0, 2, 4)}})


def test_an_edit_goes_out_beside_a_threshold_of_arrivals_in_its_cell():
    arrivals = {100 + i: Person(1, "eng", f"n{i}") for i in range(T)}
    assert may(BASE, {**BASE, **arrivals, 0: Person(1, "eng", "edited")})
    two = {100 + i: Person(1, "eng", f"n{i}") for i in range(T - 1)}
    assert not may(BASE, {**BASE, **two, 0: Person(1, "eng", "edited")})


def test_a_threshold_of_arrivals_in_one_team_goes_out():
    assert may(BASE, {**BASE, **{100 + i: Person(1, "eng", f"n{i}") for i in range(T)}})


def test_arrivals_split_between_two_shown_teams_wait_until_each_has_a_thresholds_worth():
    two_and_one = {**BASE, 100: Person(1, "eng", "a"), 101: Person(1, "eng", "b")}
    two_and_one[102] = Person(2, "eng", "c")
    assert not may(BASE, two_and_one)
    three_and_three = {**two_and_one, **{103 + i: Person(2, "eng", f"x{i}") for i in range(2)}}
    three_and_three[110] = Person(1, "eng", "d")
    assert may(BASE, three_and_three)


def test_a_release_after_one_that_showed_nothing_has_nothing_to_be_subtracted_from():
    two = people((1, 1, "eng", "a"), (2, 1, "eng", "b"))
    assert may({}, two)  # nothing shown
    three = {**two, 3: Person(1, "eng", "c")}
    assert may(two, three)  # three people, shown for the first time
    assert not may(three, {**three, 4: Person(1, "eng", "d")})  # now there is


def test_nothing_changed_is_nothing_to_release():
    assert not may(BASE, dict(BASE))


def test_a_role_shown_within_a_group_holds_a_release_back_until_its_own_batch():
    # Everyone in team 1 changed by three, but one of them is the round's only new designer.
    base = {**BASE, **{50 + i: Person(1, "design", f"d{i}") for i in range(T)}}
    after = {**base, 100: Person(1, "design", "new"), 101: Person(1, "eng", "a")}
    after[102] = Person(1, "eng", "b")
    assert not may(base, after)


# --- people who only change role ---------------------------------------------------------


def test_a_role_change_alone_beside_a_thresholds_worth_of_arrivals_in_the_team_goes_out():
    base = {**BASE, **{50 + i: Person(1, "pm", f"p{i}") for i in range(T)}}
    after = {**base, 50: Person(1, "eng", "p0")}  # changed role, same answers
    after |= {100 + i: Person(1, "eng", f"n{i}") for i in range(T)}
    assert may(base, after)


def test_a_role_change_gives_the_mover_away_through_the_roles_figures():
    # Team 1's engineers and designers are each shown; one designer becomes an engineer.
    base = {**BASE, **{50 + i: Person(1, "design", f"d{i}") for i in range(4)}}
    base |= {60 + i: Person(1, "eng", f"e{i}") for i in range(2)}
    assert (("team", 1), "design") in shown(base)[1]
    after = {**base, 50: Person(1, "eng", "d0")}
    assert not may(base, after)  # the engineers' figures gained exactly the mover


def test_arrivals_in_product_roles_wait_for_their_own_batch_on_the_product_statements():
    """Team 1: two product managers, two product owners, two engineers (no role shown). One
    of each arrives: everyone's figures moved by three people, the statements for product
    people by two."""
    base = {pk: Person(1, role, f"b{pk}") for pk, role in enumerate(["pm", "pm", "po", "po"])}
    base |= {10 + i: Person(1, "eng", f"e{i}") for i in range(2)}
    after = {
        **base,
        20: Person(1, "pm", "n0"),
        21: Person(1, "po", "n1"),
        22: Person(1, "eng", "n2"),
    }
    args = ({1: None}, base, after, shown(base), shown(after), T)
    assert batches.may_release(*args)  # everyone's figures alone: three people
    assert not batches.may_release(*args, [PRODUCT])


def test_an_engineer_turned_product_manager_is_an_arrival_on_the_product_statements():
    base = {pk: Person(1, "pm", f"b{pk}") for pk in range(T)}
    base |= {10 + i: Person(1, "eng", f"e{i}") for i in range(T)}
    after = {**base, 10: Person(1, "pm", "e0")}
    after |= {20 + i: Person(1, "eng", f"n{i}") for i in range(T)}
    product = batches.for_product_statements(batches.change(base, after), PRODUCT)
    assert product.moved == {(1, "pm"): 1}
    assert not product.shifted
    assert not batches.may_release({1: None}, base, after, shown(base), shown(after), T, [PRODUCT])


# --- generated: two releases, and the arithmetic of someone who kept both ------------------

ROLES = ("eng", "pm")


@st.composite
def releases(draw):
    """A release of up to 14 people, and the next: some arrive, leave or edit their answers."""
    before = {
        pk: Person(draw(st.sampled_from(sorted(TEAMS))), draw(st.sampled_from(ROLES)), "v0")
        for pk in range(draw(st.integers(0, 14)))
    }
    after = {}
    for pk, p in before.items():
        fate = draw(st.sampled_from(["kept", "kept", "kept", "edited", "left", "role", "team"]))
        edit = f"edited statement {draw(st.integers(0, 2))}"
        if fate == "role":  # another role, the same answers (or one changed)
            said = draw(st.sampled_from([p.digest, batches.DIGEST_FORM + edit]))
            after[pk] = batches.Person(p.team, ROLES[1 - ROLES.index(p.role)], said)
        elif fate == "team":
            after[pk] = batches.Person(draw(st.sampled_from(sorted(TEAMS))), p.role, p.digest)
        elif fate != "left":
            after[pk] = p if fate == "kept" else Person(p.team, p.role, edit)
    for i in range(draw(st.integers(0, 8))):
        after[100 + i] = Person(
            draw(st.sampled_from(sorted(TEAMS))), draw(st.sampled_from(ROLES)), "new"
        )
    return before, after


def _members(release, group, role=None):
    kind, pk = group
    return {
        p
        for p, person in release.items()
        if (role is None or person.role == role)
        and (
            kind == "round"
            or (kind == "team" and person.team == pk)
            or (kind == "department" and TEAMS[person.team] == pk)
        )
    }


def _given_away(before, after, statement):
    """Changed people, or pairs of them, whose change to one statement two releases give
    away, and people who only moved whose answers they give away. A person is two numbers:
    their answer in the first release (``2p``) and what changed since (``2p+1``). Someone who
    edited another statement did not change this one. Statement 2 is for product people: it
    counts only the product roles, in groups with a threshold's worth of them."""

    def counted(release):
        return {p for p, person in release.items() if statement < 2 or person.role in PRODUCT}

    was, now = counted(before), counted(after)
    changed = (was ^ now) | {
        p
        for p in was & now
        if before[p].digest != after[p].digest and after[p].digest.endswith(str(statement))
    }
    shifted = {
        p
        for p in (was & now) - changed
        if (before[p].team, before[p].role) != (after[p].team, after[p].role)
    }
    items = {2 * p for p in was} | {2 * p + 1 for p in changed}
    rows = []
    for release, later in ((before, False), (after, True)):
        groups, roles = shown(release)
        if statement == 2:  # the groups that show it, as the rule says (its own table)
            cells = Counter((person.team, person.role) for person in release.values())
            groups = product_statements.product_groups(TEAMS, cells, (groups, roles), T, PRODUCT)
            roles = frozenset((g, r) for g, r in roles if r in PRODUCT)
        for group, role in [*((g, None) for g in groups), *roles]:
            members = _members(release, group, role) & (now if later else was)
            if later:  # who left still counts here: their answers and their leaving cancel
                members |= _members(before, group, role) & was & (changed - now)
            rows.append(
                {2 * p for p in members if p in was}
                | ({2 * p + 1 for p in members if p in changed} if later else set())
            )
    span = Span(items, rows)
    secrets = [2 * p + 1 for p in changed] + [2 * p for p in shifted]
    singles = [{a} for a in secrets]
    pairs = [{a, b} for a in secrets for b in secrets if a < b]
    return [few for few in (*singles, *pairs) if len(few) < T and span.holds(few)]


@settings(max_examples=300, deadline=None)
@given(pair=releases())
def test_no_changed_person_or_pair_can_be_worked_out_from_two_releases_it_lets_out(pair):
    before, after = pair
    if may(before, after):
        for statement in (0, 1, 2):
            assert _given_away(before, after, statement) == []


@settings(max_examples=60, deadline=None)
@given(pair=releases())
def test_a_change_held_back_waits_only_for_more_people(pair):
    """Whatever holds a release back, enough more arrivals in every team and role let it out."""
    before, after = pair
    more = dict(after)
    for team in TEAMS:
        for role in ROLES:
            for i in range(T):
                more[1000 + 10 * team + 100 * ROLES.index(role) + i] = Person(team, role, "late")
    # Every cell now changed by at least a threshold: nothing small is left to give away.
    assert may(before, more) or more == before
