"""Attacks on the benchmark by arithmetic, at the pure level: reading one organisation's score
off the published figures, and pinning a newcomer by comparing the benchmark before and after
it joined. The attacker is as strong as can be: it knows every other organisation's exact
score (it may be one of them), and only the newcomer's is unknown."""

from __future__ import annotations

import dataclasses
import math

from hypothesis import assume, given
from hypothesis import strategies as st

from assessments.comparisons.scoring import distribution
from assessments.reviews.benchmark import (
    BAND,
    BATCH,
    MIN_OTHER_ORGANISATIONS,
    EnablerBenchmark,
    Spread,
    banded,
    compare_enabler,
    counted,
    quarters,
)

a_score = st.floats(min_value=0, max_value=100, allow_nan=False)
MINE = 50.0  # the client who reads the benchmark


def distinct_scores(min_size: int, max_size: int) -> st.SearchStrategy[list[float]]:
    return st.lists(a_score, min_size=min_size, max_size=max_size, unique=True)


def published(scores: list[float], mine: float | None = MINE) -> EnablerBenchmark:
    """The benchmark of organisations that joined in the order of ``scores``."""
    return compare_enabler("k", mine, list(enumerate(scores)))


# --- one organisation's score read off the figures ------------------------------------------


def test_the_old_five_number_summary_of_five_clients_was_their_five_scores():
    five = [12.0, 31.0, 47.0, 58.0, 90.0]
    old = distribution(five)
    assert [old.low, old.q1, old.median, old.q3, old.high] == five  # the finding
    assert not published(five).shown  # now: nothing at all


def test_no_lowest_or_highest_is_ever_published():
    assert [f.name for f in dataclasses.fields(Spread)] == ["count", "q1", "median", "q3"]


@given(st.lists(a_score, min_size=5, max_size=12))
def test_no_figure_is_one_organisations_score(scores):
    """Every quarter and median is a weighted mean of two organisations that count (their
    scores rounded to a band), neither weighing less than a quarter: never an order
    statistic. Only when the two share a band does the figure equal it, and then it is
    both organisations' band, not one's."""
    row = published(scores)
    if len(scores) < MIN_OTHER_ORGANISATIONS:
        assert row == EnablerBenchmark("k")
        return
    n = counted(scores)
    coded = sorted(banded(s) for s in scores[:n])  # the oldest, in whole batches, as bands
    for p, figure in zip((0.25, 0.5, 0.75), quarters(coded), strict=True):
        i, weight = divmod((n - 1) * p, 1)
        assert weight in (0.25, 0.5, 0.75)
        assert math.isclose(figure, (1 - weight) * coded[int(i)] + weight * coded[int(i) + 1])
    assert (row.spread.q1, row.spread.median, row.spread.q3) == tuple(
        banded(f) for f in quarters(coded)
    )


@given(
    st.lists(st.integers(0, 100 // BAND), min_size=5, max_size=12, unique=True),
    st.lists(st.floats(-2, 2), min_size=12, max_size=12),  # well inside each band
)
def test_with_distinct_bands_no_figure_equals_any_organisations_band(bands, within):
    scores = [min(100.0, max(0.0, b * BAND + w)) for b, w in zip(bands, within, strict=False)]
    coded = [banded(s) for s in scores]
    assert coded == [b * BAND for b in bands]
    if len(coded) < MIN_OTHER_ORGANISATIONS:
        assert not published(scores).shown
        return
    counting = coded[: counted(coded)]  # one waiting for a pair is not in them at all
    for figure in quarters(counting):
        assert figure not in counting


@given(distinct_scores(6, 6))
def test_with_exactly_six_each_figure_rests_on_two_clients(scores):
    ordered = sorted(scores)
    q1, median, q3 = quarters(scores)
    assert median == (ordered[2] + ordered[3]) / 2
    assert ordered[1] < q1 < ordered[2]
    assert ordered[3] < q3 < ordered[4]


# --- a newcomer pinned by differencing -------------------------------------------------------


@given(st.lists(a_score, min_size=MIN_OTHER_ORGANISATIONS, max_size=12), a_score, a_score)
def test_a_lone_newcomer_changes_nothing_until_a_second_one_joins(before, newcomer, other):
    assume(len(before) % BATCH == 0)
    assume(newcomer != other)
    then = published(before)
    # Whatever the newcomer scored, the benchmark is what it was: nothing to subtract.
    assert published([*before, newcomer]) == then
    assert published([*before, other]) == then


def _band_of(score: float) -> tuple[float, float]:
    """The scores that round to the same band as ``score`` (within 0–100)."""
    middle = banded(score)
    return max(0.0, middle - BAND / 2), min(100.0, math.nextafter(middle + BAND / 2, 0))


@given(st.lists(a_score, min_size=MIN_OTHER_ORGANISATIONS - 1, max_size=11), a_score)
def test_the_newcomer_that_completes_a_pair_is_pinned_no_closer_than_its_band(before, newcomer):
    """Even an attacker who knows every other score exactly, the one that waited included,
    finds every score in the newcomer's band gives the very same benchmark: the band is five
    points wide (half that at 0 and 100)."""
    assume(len(before) % BATCH == 1)
    after = published([*before, newcomer])
    low, high = _band_of(newcomer)
    assert high - low >= BAND / 2 - 1e-9
    for guess in (low, high, (low + high) / 2):
        assert published([*before, guess]) == after


def test_a_newcomer_scoring_100_beside_a_client_at_100_is_not_given_away():
    """Rounding only the figures let this one through: the upper quarter, 92.5 exactly, was
    rounded up only when the newcomer scored 100."""
    before = [55.0, 55.0, 70.0, 100.0, 10.0]
    assert published([*before, 100.0]) == published([*before, 97.5])


@given(distinct_scores(MIN_OTHER_ORGANISATIONS, 12), a_score, a_score)
def test_two_newcomers_together_cannot_be_told_apart(before, first, second):
    """Whoever knows only the others cannot say which of the pair scored what."""
    assume(len(before) % BATCH == 0 and first != second)
    assert published([*before, first, second]) == published([*before, second, first])
