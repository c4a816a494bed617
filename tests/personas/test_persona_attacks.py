"""Attacks on persona mixes by subtraction: a team's mix minus its product managers' mix, and a
department's product managers minus a team's. Each mix says how many people picked and the
share who picked each persona, so people × share is a count, and counts subtract."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from assessments.personas import rules
from assessments.rounds.anonymity import ROUND

KEYS = ["a", "b", "c", "d"]
LEADERS = frozenset({"d"})


def pick(role: str, *now: str) -> rules.Picks:
    return rules.Picks(role, frozenset(now), frozenset())


def counts(mix: rules.Mix) -> Counter[str]:
    """What an attacker reads off a mix: how many people picked each persona today."""
    return Counter({s.key: round(s.now * mix.people) for s in mix.shares})


def test_a_team_of_four_does_not_give_its_product_owner_away():
    team = [pick("pm", "a"), pick("pm", "a", "b"), pick("pm", "b"), pick("po", "c", "d")]
    shown = rules.shown_mixes({1: team}, {1: None}, threshold=3)
    whole, roles = rules.group_mixes(team, KEYS, LEADERS, ("team", 1), shown)
    assert whole is not None
    assert whole.people == 4
    assert roles == {}  # team minus its three product managers would be the product owner
    assert rules.by_role(team, KEYS, LEADERS, 3) == {}


def test_a_department_minus_a_team_does_not_give_the_other_teams_product_manager_away():
    alpha = [pick("pm", "a")] * 3 + [pick("engineer", "b")] * 3
    beta = [pick("pm", "c", "d")] + [pick("engineer", "b")] * 3
    # Weighed scope by scope, as before: both the department's and alpha's PMs were shown.
    department = rules.by_role(alpha + beta, KEYS, LEADERS, 3)
    assert counts(department["pm"]) - counts(rules.by_role(alpha, KEYS, LEADERS, 3)["pm"]) == (
        Counter({"c": 1, "d": 1})  # beta's one product manager's exact picks
    )
    # Weighed across the round's tree: never both.
    shown = rules.shown_mixes({1: alpha, 2: beta}, {1: 10, 2: 10}, threshold=3)
    assert not {(("department", 10), "pm"), (("team", 1), "pm")} <= shown.roles


people = st.builds(
    rules.Picks,
    st.sampled_from(["pm", "po", "engineer", "designer", ""]),
    st.frozensets(st.sampled_from(KEYS), max_size=3),
    st.frozensets(st.sampled_from(KEYS), max_size=3),
)
rounds = st.dictionaries(
    st.integers(1, 6),
    st.tuples(st.sampled_from([None, 10, 20]), st.lists(people, max_size=7)),
    min_size=1,
    max_size=6,
)


def _answered(picks):
    return [p for p in picks if p.now or p.needed]


@given(rounds, st.integers(2, 4))
def test_no_subtraction_of_shown_mixes_leaves_a_small_group(round_, threshold):
    departments = {team: department for team, (department, _) in round_.items()}
    by_team = {team: picks for team, (_, picks) in round_.items()}
    shown = rules.shown_mixes(by_team, departments, threshold)

    def members(group):
        kind, pk = group
        return [
            p
            for team, picks in by_team.items()
            if group == ROUND
            or (kind == "team" and team == pk)
            or (kind == "department" and departments[team] == pk)
            for p in _answered(picks)
        ]

    def role_of(group, role):
        return [p for p in members(group) if (p.role or "other") == role]

    children = {ROUND: [("department", d) for d in {10, 20} if d in departments.values()]}
    children[ROUND] += [("team", t) for t, d in departments.items() if d is None]
    for d in (10, 20):
        children[("department", d)] = [("team", t) for t, x in departments.items() if x == d]
    for parent, kids in children.items():
        if parent not in shown.groups:
            continue
        # Everyone in a group minus its shown children, and minus its shown roles.
        left = len(members(parent)) - sum(len(members(k)) for k in kids if k in shown.groups)
        assert left == 0 or left >= threshold
        roles = {p.role or "other" for p in members(parent)}
        left = len(members(parent)) - sum(
            len(role_of(parent, r)) for r in roles if (parent, r) in shown.roles
        )
        assert left == 0 or left >= threshold
        # One role in a group minus the same role in its shown children.
        for role in roles:
            if (parent, role) not in shown.roles:
                continue
            left = len(role_of(parent, role)) - sum(
                len(role_of(k, role)) for k in kids if (k, role) in shown.roles
            )
            assert left == 0 or left >= threshold
    for group, role in shown.roles:
        assert group in shown.groups
        assert len(role_of(group, role)) >= threshold
