"""A review of chosen teams shows the statements for product people only when its product
people, read beside every published figure of the round, give no smaller group away."""

from __future__ import annotations

from assessments.reports import releases
from assessments.reports.scoring import ResponseIn
from assessments.reports.selectors import RoundAnswers
from assessments.rounds.product_statements import NEVER_SHOWN

T = 3
PRODUCT = frozenset({"product_manager", "product_owner", "product_marketing"})


def _round(**teams: tuple[int, int]) -> tuple[RoundAnswers, dict[int, int | None]]:
    """Teams by name: (product managers, engineers); no departments."""
    by_team, pk = {}, 0
    ids = {}
    for n, (name, (pms, engineers)) in enumerate(teams.items(), start=1):
        people = []
        for role, count in (("product_manager", pms), ("engineer", engineers)):
            for _ in range(count):
                pk += 1
                people.append(ResponseIn(pk, role, {}, {}))
        by_team[n] = people
        ids[name] = n
    return RoundAnswers(by_team, {}, {}), dict.fromkeys(by_team)


def test_too_few_product_people_in_the_chosen_teams_never_show_them():
    answers, tree = _round(a=(2, 4), b=(3, 1))
    chosen = {("review", 0): frozenset({1})}
    found = releases.chosen_audience_thresholds(answers, tree, chosen, T, [PRODUCT])
    assert found == {("review", 0): {PRODUCT: NEVER_SHOWN}}


def test_chosen_teams_the_round_minus_a_small_team_never_show_them():
    # b and c (8 product people) are the round's 10 minus a's 2 product managers.
    answers, tree = _round(a=(2, 4), b=(4, 1), c=(4, 1))
    chosen = {("review", 0): frozenset({2, 3})}
    assert releases.chosen_audience_thresholds(answers, tree, chosen, T, [PRODUCT]) == {
        ("review", 0): {PRODUCT: NEVER_SHOWN}
    }


def test_chosen_teams_that_give_nobody_away_show_them():
    answers, tree = _round(a=(3, 1), b=(3, 2))
    chosen = {("review", 0): frozenset({1, 2})}  # the whole round
    assert releases.chosen_audience_thresholds(answers, tree, chosen, T, [PRODUCT]) == {
        ("review", 0): {PRODUCT: T}
    }


def test_a_named_round_has_no_such_rule():
    answers, tree = _round(a=(1, 1))
    chosen = {("review", 0): frozenset({1})}
    assert releases.chosen_audience_thresholds(answers, tree, chosen, 1, [PRODUCT]) == {}
