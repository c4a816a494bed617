"""The rule for reading an earlier round as a change: like for like (pure, no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.comparisons import like_for_like
from assessments.comparisons.like_for_like import STATEMENTS, TEAMS, Group, refusal, verdict

teams = st.frozensets(st.integers(min_value=1, max_value=8), max_size=6)


@given(then=teams, now=teams, same_version=st.booleans(), shared=st.integers(0, 40))
def test_a_change_is_shown_only_when_everyone_compared_was_there_and_something_was_asked_twice(
    then, now, same_version, shared
):
    found = verdict(then, now, same_version=same_version, shared=shared)
    everyone_then = bool(now) and all(team in then for team in now)
    asked_twice = same_version or shared > 0
    assert found.alike == (everyone_then and asked_twice)
    if not everyone_then:
        assert found.why == TEAMS
        assert found.only_now == len([team for team in now if team not in then])
    elif not asked_twice:
        assert found.why == STATEMENTS


@given(then=teams, now=teams)
def test_a_group_of_the_same_teams_is_always_like_for_like_and_a_row_only_then(then, now):
    if like_for_like.same_teams(then, now):
        assert verdict(then, now, same_version=True, shared=0).alike
        assert like_for_like.same_teams(now, then)
    assert not like_for_like.same_teams(then, frozenset())


# An organisation: Payments (teams 1 and 2), Growth (3), Platform (4).
DEPARTMENTS = {"Payments": {1, 2}, "Growth": {3}, "Platform": {4}}
EVERYONE = {1, 2, 3, 4}
PILOT = {1, 2}  # a spring pilot of Payments


def _in(scope: str, covered: set[int]) -> set[int]:
    return covered if scope == "whole" else covered & DEPARTMENTS[scope]


@pytest.mark.parametrize(
    ("then", "now", "scope", "alike"),
    [
        (PILOT, EVERYONE, "whole", False),  # the tester's case: a pilot is not the organisation
        (PILOT, EVERYONE, "Payments", True),  # but it can show Payments' change
        (PILOT, EVERYONE, "Growth", False),  # Growth was not in the pilot
        (EVERYONE, EVERYONE, "whole", True),
        (EVERYONE, PILOT, "whole", True),  # a pilot after a full round: each team was there
        ({1}, PILOT, "Payments", False),  # half of Payments then
        (EVERYONE, {2}, "Payments", True),  # a re-check of one team
    ],
)
def test_a_pilot_compares_only_for_the_department_it_covered(then, now, scope, alike):
    found = verdict(_in(scope, then), _in(scope, now), same_version=True, shared=0)
    assert found.alike is alike


def test_other_versions_compare_only_when_they_share_a_statement():
    assert verdict(EVERYONE, EVERYONE, same_version=False, shared=12).alike
    assert verdict(EVERYONE, EVERYONE, same_version=False, shared=0).why == STATEMENTS


def test_the_refusal_says_what_the_pilot_covered_and_what_to_pick_instead():
    words = refusal(
        verdict(PILOT, EVERYONE, same_version=False, shared=30),
        since="Spring pilot",
        now="Autumn",
        scope="the whole round",
        then_group=Group(2, ("Payments",)),
        now_group=Group(4, ("Growth", "Payments", "Platform")),
        departments=["Payments"],
        rounds=["Last year"],
    )
    assert words.text == (
        "Spring pilot covered only 2 teams in Payments, so it can't show change for the whole "
        "round (4 teams in Growth, Payments and Platform in Autumn). A different group is not "
        "a change."
    )
    assert words.instead == (
        "To see change, pick Payments under Department, or compare with Last year."
    )


def test_the_refusal_says_so_when_nothing_earlier_would_show_change():
    words = refusal(
        verdict(set(), {3}, same_version=True, shared=0),
        since="Spring pilot",
        now="Autumn",
        scope="Growth",
        then_group=Group(0, ()),
        now_group=Group(1, ("Growth",)),
    )
    assert words.text == "Spring pilot did not cover Growth, so it can't show change for it."
    assert words.instead == "No earlier round can show change for Growth."


def test_a_partly_different_group_names_how_many_were_not_there():
    words = refusal(
        verdict({1, 9}, {1, 2}, same_version=True, shared=0),
        since="Spring",
        now="Autumn",
        scope="Payments",
        then_group=Group(2, ("Payments",)),
        now_group=Group(2, ("Payments",)),
    )
    assert "Spring covered 2 teams in Payments and Autumn covers 2 teams in Payments" in words.text
    assert "1 of them not in Spring" in words.text


def test_groups_in_words():
    assert Group(1, ("Payments",)).words == "1 team in Payments"
    assert Group(3, ("Growth", "Payments"), loose=1).words == (
        "3 teams in Growth, Payments and no department"
    )
    assert Group(2, ()).words == "2 teams"
    assert Group(0, ()).words == "no teams"
