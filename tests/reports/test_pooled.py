"""Scoring every scope at once gives, to the bit, what scoring each scope's pooled answers
gives: pooled answers, never an average of the groups' results."""

from __future__ import annotations

import statistics
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.reports.scoring import (
    NEVER_SHOWN,
    ActivityAnswerIn,
    ActivitySpec,
    DialInputSpec,
    DialSpec,
    ResponseIn,
    StatementSpec,
    by_role,
    score,
)
from assessments.reports.scoring.pooled import score_scopes
from assessments.reports.scoring.stats import sample_stdev
from frameworks.levels import MaturityLevel

# Audiences: product managers alone; leadership with "other" (someone who chose no role
# counts as "other"); product managers with designers, overlapping the first.
LEADERS_AND_OTHERS = frozenset({"leadership", "other"})
STATEMENTS = [
    StatementSpec(1, "e", MaturityLevel.IMMATURE, reverse=True),
    StatementSpec(2, "e", MaturityLevel.MANAGED),
    StatementSpec(3, "e", MaturityLevel.MANAGED, asked_of=frozenset({"product_manager"})),
    StatementSpec(4, "e", MaturityLevel.LEADING),
    StatementSpec(5, "f", MaturityLevel.MANAGED),
    StatementSpec(6, "f", MaturityLevel.LEADING, reverse=True, asked_of=LEADERS_AND_OTHERS),
    StatementSpec(7, "f", MaturityLevel.MANAGED, asked_of=LEADERS_AND_OTHERS),
    StatementSpec(
        8, "e", MaturityLevel.LEADING, asked_of=frozenset({"product_manager", "designer"})
    ),
]
DIALS = [DialSpec("d", (DialInputSpec(1, 2, symptom=True), DialInputSpec(2, 1)))]
ACTIVITIES = [
    ActivitySpec(1, "roadmaps", "strategic", "owns"),
    ActivitySpec(2, "x", "y", "supports"),
]
LEADERS = [("pm", "product"), ("eng", "other"), ("?", "unknown"), ("none", "nobody")]
ROLES = ["engineer", "product_manager", "designer", "", "other", "leadership"]
# Ratings as answers give them, and a few no answer gives, so the sums are not all exact.
VALUES = [0.0, 25.0, 50.0, 75.0, 100.0, 33.3, 66.7, 12.5]

answer = st.one_of(st.none(), st.sampled_from(VALUES))
activity = st.builds(
    lambda leader, performance: ActivityAnswerIn(leader[0], leader[1], performance),
    st.sampled_from(LEADERS),
    st.one_of(st.none(), st.sampled_from(VALUES)),
)
person = st.tuples(
    st.sampled_from(ROLES),
    st.dictionaries(st.sampled_from([1, 2, 3, 4, 5, 6, 7, 8, 99]), answer),
    st.dictionaries(st.sampled_from([1, 2, 3]), activity),
)
teams = st.lists(st.lists(person, max_size=6), min_size=1, max_size=5)


def responses_of(drawn, rng):
    """Each team's responses, respondent ids unique and shuffled across teams."""
    ids = rng.sample(range(1, 10_000), sum(len(t) for t in drawn))
    by_team, i = {}, 0
    for team, people in enumerate(drawn, start=1):
        by_team[team] = []
        for role, answers, activities in people:
            by_team[team].append(ResponseIn(ids[i], role, answers, activities))
            i += 1
    return by_team


@settings(max_examples=250, deadline=None)
@given(teams, st.randoms(use_true_random=False), st.data())
def test_every_scope_scores_as_its_pooled_responses_do(drawn, rng, data):
    by_team = responses_of(drawn, rng)
    # Each scope's smallest group: one for every audience, or one per audience (an audience
    # left out is never shown).
    smallest = st.one_of(
        st.integers(1, 4),
        st.dictionaries(
            st.sampled_from(sorted({s.asked_of for s in STATEMENTS if s.asked_of}, key=sorted)),
            st.sampled_from([1, 2, 3, 4, NEVER_SHOWN]),
        ),
    )
    scopes = {
        n: (teams_in, data.draw(smallest))
        for n, teams_in in enumerate(
            data.draw(st.lists(st.sets(st.sampled_from(sorted(by_team))), max_size=4))
        )
    }
    found = score_scopes(
        statements=STATEMENTS,
        dials=DIALS,
        activities=ACTIVITIES,
        by_team=by_team,
        scopes=scopes,
    )
    for key, (teams_in, min_group) in scopes.items():
        pooled = sorted(
            (r for t in sorted(teams_in) for r in by_team[t]), key=lambda r: r.respondent_id
        )
        expected = score(
            statements=STATEMENTS,
            dials=DIALS,
            activities=ACTIVITIES,
            responses=pooled,
            min_group=min_group,
        )
        assert found[key].scores == expected
        assert found[key].roles == by_role(statements=STATEMENTS, responses=pooled, min_group=1)
        sizes = dict(Counter(r.role or "other" for r in pooled))
        assert list(found[key].role_sizes.items()) == list(sizes.items())  # order too


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.floats(0, 100),
            st.floats(allow_nan=False, allow_infinity=False, width=64),
            st.sampled_from([5e-324, 1e-300, 0.1, 1e300]),
        ),
        min_size=2,
        max_size=40,
    )
)
def test_the_sample_spread_is_the_standard_librarys_to_the_bit(values):
    assert sample_stdev(values) == statistics.stdev(values)
