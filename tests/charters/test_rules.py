"""The contradiction rule as pure code: plain data in, plain data out."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from assessments.charters.rules import (
    ABSENT,
    MET,
    Finding,
    Link,
    Observed,
    Principle,
    contradictions,
)

KEYS = ["a", "b", "c", "d", "e"]
shares = st.floats(min_value=0, max_value=1, allow_nan=False)
observed_st = st.builds(
    Observed,
    text=st.text(min_size=1, max_size=20),
    warning=st.booleans(),
    rated=st.booleans(),
    met=st.booleans(),
    support=shares,
    oppose=shares,
    raters=st.integers(min_value=0, max_value=200),
)
links_st = st.lists(st.builds(Link, st.sampled_from(KEYS), st.sampled_from([MET, ABSENT])))
principles_st = st.lists(
    st.builds(
        Principle, st.text(max_size=5), st.text(min_size=1, max_size=20), links_st.map(tuple)
    ),
    max_size=6,
)
world = st.dictionaries(st.sampled_from(KEYS), observed_st)


@given(principles_st, world)
def test_a_finding_is_a_rated_statement_not_met_linked_the_right_way(principles, observed):
    for f in contradictions(principles, observed):
        matches = [
            o
            for p in principles
            if p.title == f.principle
            for link in p.links
            if (o := observed.get(link.statement)) is not None and o.text == f.statement
        ]
        assert any(o.rated and not o.met and o.warning == f.warning for o in matches)
        assert 0 <= f.share <= 100


@given(principles_st, world)
def test_findings_are_one_per_link_that_fails_in_the_order_of_the_charter(principles, observed):
    expected = [
        (p.title, observed[link.statement].text)
        for p in principles
        for link in p.links
        if link.statement in observed
        and observed[link.statement].rated
        and not observed[link.statement].met
        and (link.expect == ABSENT) == observed[link.statement].warning
    ]
    assert [(f.principle, f.statement) for f in contradictions(principles, observed)] == expected


@given(principles_st, world)
def test_when_every_statement_is_met_or_too_thinly_rated_there_is_nothing_to_say(
    principles, observed
):
    agreeing = {k: replace(o, met=o.met or o.rated) for k, o in observed.items()}
    assert contradictions(principles, agreeing) == ()


@given(world)
def test_a_principle_the_organisation_wrote_itself_has_no_links_and_no_findings(observed):
    assert contradictions([Principle("", "Our own words")], observed) == ()


def test_a_warning_sign_still_showing_is_said_with_the_share_who_see_it():
    sign = Observed("Deals push our plans aside.", True, True, False, 0.2, 0.6, 5)
    found = contradictions(
        [Principle("pm-decides-roadmap", "PMs decide the roadmap", (Link("deal", ABSENT),))],
        {"deal": sign},
    )
    assert found == (
        Finding("PMs decide the roadmap", "Deals push our plans aside.", True, 60, 5, "sees"),
    )
    assert found[0].sentence == (
        "Your charter says: PMs decide the roadmap. Yet 60% of the 5 people who answered it say: "
        "“Deals push our plans aside.”"
    )


def test_a_warning_sign_few_see_is_never_quoted_as_showing():
    """Not "Yet 0% say: <the sign>": the share quoted must agree with the finding."""
    unclear = Observed("Deals push our plans aside.", True, True, False, 0.34, 0.0, 3)
    (found,) = contradictions(
        [Principle("k", "PMs decide the roadmap", (Link("deal", ABSENT),))], {"deal": unclear}
    )
    assert found.sentence == (
        "Your charter says: PMs decide the roadmap. Yet only 34% of the 3 people who answered "
        "it say this does not happen here: “Deals push our plans aside.”"
    )


def test_a_practice_not_in_place_is_said_with_the_few_who_see_it():
    practice = Observed("PMs decide.", False, True, False, 0.25, 0.5, 4)
    (found,) = contradictions([Principle("k", "PMs decide", (Link("p", MET),))], {"p": practice})
    assert "Yet only 25% of the 4 people who answered it say: “PMs decide.”" in found.sentence
    nobody = Observed("PMs decide.", False, True, False, 0.0, 0.5, 4)
    (found,) = contradictions([Principle("k", "PMs decide", (Link("p", MET),))], {"p": nobody})
    assert "Yet none of the 4 people who answered it say: “PMs decide.”" in found.sentence


def test_a_link_the_wrong_way_round_for_this_content_is_skipped_not_read_backwards():
    practice = Observed("PMs decide.", False, True, False, 0.25, 0.5, 4)
    assert contradictions([Principle("k", "t", (Link("p", ABSENT),))], {"p": practice}) == ()
