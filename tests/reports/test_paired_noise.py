"""The partially-overlapping t (pure code): Welch's with nobody on both sides, the classic
paired t with everyone, and what is kept of the people on both sides: totals only."""

from __future__ import annotations

import json
import math
import statistics

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from assessments.reports import pairs as stored_pairs
from assessments.reports.scoring import ResponseIn, StatementSpec, noise
from assessments.reports.scoring.pairs import (
    Linked,
    Paired,
    PairTable,
    correlation,
    pair_totals,
)
from assessments.reports.stored import UnreadableRow
from frameworks.levels import MaturityLevel

spreads = st.floats(min_value=0.5, max_value=50, allow_nan=False)
counts = st.integers(min_value=2, max_value=400)
correlations = st.floats(min_value=-1, max_value=1, allow_nan=False)
values = st.floats(min_value=0, max_value=100, allow_nan=False)


@given(s1=spreads, n1=counts, s2=spreads, n2=counts, r=correlations, pairs=st.sampled_from([0, 1]))
def test_with_nobody_or_one_person_on_both_sides_it_is_welch(s1, n1, s2, n2, r, pairs):
    assert noise.overlapping((s1, n1), (s2, n2), pairs, r) == noise.welch((s1, n1), (s2, n2))


@given(
    before=st.lists(values, min_size=3, max_size=30),
    moves=st.lists(st.floats(min_value=-30, max_value=30, allow_nan=False), min_size=30),
)
def test_with_everyone_on_both_sides_it_is_the_paired_t(before, moves):
    after = [min(100.0, max(0.0, b + m)) for b, m in zip(before, moves, strict=False)]
    n = len(before)
    r = correlation(before, after)
    assume(r is not None)
    assert r is not None
    differences = [a - b for a, b in zip(after, before, strict=True)]
    sd_d = statistics.stdev(differences)
    assume(sd_d > 1e-3)
    sized = noise.overlapping((statistics.stdev(before), n), (statistics.stdev(after), n), n, r)
    assert sized is not None
    # By hand: the paired t's error is the spread of the differences over √n, on n − 1 df.
    assert math.isclose(sized.error, sd_d / math.sqrt(n), rel_tol=1e-6, abs_tol=1e-9)
    assert math.isclose(sized.df, n - 1, rel_tol=1e-9)


def test_the_paired_t_by_hand_on_five_people():
    before = [40.0, 50.0, 55.0, 70.0, 80.0]
    after = [48.0, 56.0, 63.0, 75.0, 90.0]  # each rose 5–10 points: d = 8, 6, 8, 5, 10
    # Mean difference 7.4; spread of the differences √(((.6)² + 1.4² + .6² + 2.4² + 2.6²)/4)
    # = √(15.2/4) = 1.949; error 1.949/√5 = 0.872; t = 8.49 on 4 df.
    r = correlation(before, after)
    assert r is not None
    sized = noise.overlapping((statistics.stdev(before), 5), (statistics.stdev(after), 5), 5, r)
    assert sized is not None
    assert sized.error == pytest.approx(math.sqrt(15.2 / 4) / math.sqrt(5), rel=1e-9)
    assert sized.df == pytest.approx(4.0)
    assert 7.4 / sized.error == pytest.approx(8.488, abs=1e-3)
    # Welch, blind to the pairs, sees two groups 16 points apart in spread: 7.4 is noise.
    welch = noise.welch((statistics.stdev(before), 5), (statistics.stdev(after), 5))
    assert welch is not None
    assert noise.single_margin(welch) > 7.4 > noise.single_margin(sized)  # type: ignore[operator]


@given(
    s1=spreads,
    s2=spreads,
    paired=st.integers(min_value=2, max_value=60),
    alone1=st.integers(min_value=0, max_value=60),
    alone2=st.integers(min_value=0, max_value=60),
    r=st.floats(min_value=0, max_value=0.95),
)
def test_a_positive_correlation_narrows_the_error_and_df_lie_between_paired_and_welch(
    s1, s2, paired, alone1, alone2, r
):
    n1, n2 = paired + alone1, paired + alone2
    welch = noise.welch((s1, n1), (s2, n2))
    sized = noise.overlapping((s1, n1), (s2, n2), paired, r)
    assert welch is not None
    assert sized is not None
    assert sized.error <= welch.error + 1e-9
    low, high = sorted((paired - 1.0, welch.df))
    assert low - 1e-6 <= sized.df <= high + 1e-6


def test_an_error_that_is_not_above_zero_falls_back_to_welch():
    # Two people, perfectly correlated, the same spread both times: the error would be zero.
    assert noise.overlapping((10.0, 2), (10.0, 2), 2, 1.0) == noise.welch((10.0, 2), (10.0, 2))
    # More pairs than a side has people (stored totals out of step): Welch's again.
    assert noise.overlapping((10.0, 4), (12.0, 6), 5, 0.6) == noise.welch((10.0, 4), (12.0, 6))


SPECS = [
    StatementSpec(1, "a", MaturityLevel.IMMATURE, reverse=True),
    StatementSpec(2, "a", MaturityLevel.MANAGED),
    StatementSpec(3, "b", MaturityLevel.MANAGED, asked_of=frozenset({"product_manager"})),
]


def _person(pk, a1, a2, b=50.0, *, product=False):
    return ResponseIn(pk, "product_manager" if product else "engineer", {1: a1, 2: a2, 3: b}, {})


def test_pair_totals_correlate_each_persons_own_score_per_group_and_enabler():
    # Person means on "a" (statement 1 is a warning sign, so its evidence is 100 − answer).
    then = [(25.0, 50.0), (50.0, 50.0), (0.0, 100.0), (75.0, 25.0)]  # means 62.5, 50, 100, 25
    now = [(25.0, 75.0), (50.0, 75.0), (0.0, 100.0), (75.0, 25.0)]  # 75, 62.5, 100, 25
    round_, team = ("round", 0), ("team", 7)
    people = [
        Linked(
            frozenset({round_, team} if i < 3 else {round_}), _person(i, *a), _person(10 + i, *b)
        )
        for i, (a, b) in enumerate(zip(then, now, strict=True))
    ]
    totals = pair_totals(SPECS, SPECS, people)
    expected = correlation([62.5, 50, 100, 25], [75, 62.5, 100, 25])
    assert totals[round_]["a"] == Paired(4, pytest.approx(expected))
    assert totals[team]["a"] == Paired(
        3, pytest.approx(correlation([62.5, 50, 100], [75, 62.5, 100]))
    )
    # "b" is for product people: an engineer's answer to it is not theirs to give.
    assert "b" not in totals[round_]
    # Under the smallest group a round shows, a group keeps nothing.
    assert team not in pair_totals(SPECS, SPECS, people, min_pairs=4)


def test_people_whose_scores_do_not_vary_give_no_correlation():
    assert correlation([50.0, 50.0, 50.0], [10.0, 20.0, 30.0]) is None
    assert correlation([1.0], [2.0]) is None


def test_a_pairs_row_is_totals_only_and_reads_back_exactly():
    table = PairTable.of({("team", 3): {"a": Paired(4, 0.5), "b": Paired(3, -0.25)}})
    text = stored_pairs._TABLE.dump_json(table).decode()
    assert set(json.loads(text)) == {"scopes", "enablers", "pairs", "correlation"}
    back = stored_pairs.decode_pairs(text)
    assert back.of_scope(("team", 3)) == {"a": Paired(4, 0.5), "b": Paired(3, -0.25)}
    assert back.of_scope(("team", 4)) == {}


@pytest.mark.parametrize(
    "data",
    [
        {"scopes": ["team:3"], "enablers": [], "pairs": [4], "correlation": [0.5]},
        {"scopes": ["team:3"], "enablers": ["a"], "pairs": [1], "correlation": [0.5]},
        {"scopes": ["team:3"], "enablers": ["a"], "pairs": [4], "correlation": [1.5]},
        {"scopes": ["team:3"], "enablers": ["a"], "pairs": ["4"], "correlation": [0.5]},
    ],
)
def test_a_pairs_row_that_does_not_fit_is_never_trusted(data):
    with pytest.raises(UnreadableRow):
        stored_pairs.decode_pairs(json.dumps(data))
