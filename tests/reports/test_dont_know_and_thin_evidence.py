"""Scoring method 3: "don't know" never helps, and thin evidence never decides anything."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from frameworks.levels import MaturityLevel
from tests.reports.test_scoring import person, responses, run, team

CONFIDENCE_ORDER = {"low": 0, "medium": 1, "high": 2}


@settings(max_examples=300, deadline=None)
@given(responses.filter(bool), st.data())
def test_replacing_any_answer_with_dont_know_never_helps(rs, data):
    """Not a statement's share or standing, nor an enabler's level, decision or confidence."""
    i = data.draw(st.integers(0, len(rs) - 1))
    answered = [sid for sid, v in rs[i].answers.items() if v is not None]
    if not answered:
        return
    sid = data.draw(st.sampled_from(sorted(answered)))
    unsure = [*rs[:i], person(rs[i].respondent_id, {**rs[i].answers, sid: None}), *rs[i + 1 :]]
    before, after = run(rs), run(unsure)
    for key, was in before.statements.items():
        now = after.statements[key]
        assert now.support <= was.support + 1e-9
        assert now.met <= was.met
        assert now.rated <= was.rated
        assert now.consensus <= was.consensus + 1e-9
    for key, was in before.enablers.items():
        now = after.enablers[key]
        assert now.level <= was.level
        assert now.decided <= was.decided
        assert now.raters <= was.raters
        assert CONFIDENCE_ORDER[now.confidence] <= CONFIDENCE_ORDER[was.confidence]


def test_half_agreeing_and_half_switching_to_dont_know_is_not_a_practice_in_place():
    """The sceptic's case: 12 people split 6/6; the six who disagree say "don't know"."""
    agree = {1: 0.0, 2: 0.0, 3: 100.0, 4: 100.0, 5: 100.0, 6: 100.0, 7: 100.0, 8: 100.0}
    disagree = {1: 100.0, 2: 100.0, 3: 0.0, 4: 0.0, 5: 0.0, 6: 0.0, 7: 0.0, 8: 0.0}
    unsure = dict.fromkeys(agree)
    split = run(team(agree, 6) + team(disagree, 6, 7)).enablers["e"]
    switched = run(team(agree, 6) + team(unsure, 6, 7))
    assert split.level == MaturityLevel.IMMATURE
    assert switched.enablers["e"].level == MaturityLevel.IMMATURE
    assert switched.enablers["e"].confidence == "low"
    assert not any(r.met for r in switched.statements.values())
    assert switched.statements[3].support == 0.5  # 6 of the 12 who answered
    assert not switched.statements[3].unjudged  # half could not judge: not most


def test_confidence_falls_as_dont_know_grows():
    answers = {1: 0.0, 2: 0.0, 3: 100.0, 4: 100.0, 5: 100.0}
    unsure = dict.fromkeys(answers)
    seen = [run(team(answers, 8) + team(unsure, extra, 100)).enablers["e"] for extra in range(9)]
    ranks = [CONFIDENCE_ORDER[e.confidence] for e in seen]
    assert ranks[0] == CONFIDENCE_ORDER["high"]
    assert ranks == sorted(ranks, reverse=True)  # never rises as "don't know" grows
    assert ranks[-1] == CONFIDENCE_ORDER["low"]
    assert seen[-1].dont_know_rate == 0.5


def test_a_statement_most_people_cannot_judge_says_so():
    result = run(team({3: 100.0}, 3) + team({3: None}, 4, 10)).statements[3]
    assert result.rated
    assert result.unjudged
    assert (result.responded, result.support) == (7, 3 / 7)
    assert not result.met  # 3 of 7 who answered: not more than half


def test_part_of_the_way_counts_only_practices_in_place():
    # Warning signs clear, no managed practice in place: at the start of the way, not part.
    clear_signs = {1: 0.0, 2: 0.0, 3: 0.0, 4: 0.0, 5: 0.0, 6: 0.0, 7: 0.0, 8: 0.0}
    result = run(team(clear_signs, 4)).enablers["e"]
    assert result.level == MaturityLevel.IMMATURE
    assert result.by_level[MaturityLevel.MANAGED].met == 0
    assert result.progress == 0.0
    one = run(team({**clear_signs, 3: 100.0}, 4)).enablers["e"]
    assert one.progress == 1 / 2  # one of the two managed practices needed


@settings(max_examples=200, deadline=None)
@given(responses)
def test_progress_never_runs_ahead_of_the_practices_in_place(rs):
    for enabler in run(rs).enablers.values():
        if enabler.level == MaturityLevel.LEADING:
            continue
        part = enabler.by_level[enabler.level + 1]
        assert (enabler.progress == 0) == (part.met == 0 and part.needed > 0)
