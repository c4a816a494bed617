"""Calibration rules (pure code): the gap between the teams' own view and the reviewer's."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assessments.reviews import calibration, calibration_charts
from assessments.reviews.calibration import EnablerGap, ReviewCalibration
from frameworks.levels import MaturityLevel

levels = st.sampled_from(list(MaturityLevel))
maybe_levels = st.one_of(st.none(), levels)
KEYS = ("roles", "strategy", "discovery", "delivery", "data")


@st.composite
def reviews(draw):
    """One review's gaps over some of the enablers, each side maybe missing."""
    keys = draw(st.lists(st.sampled_from(KEYS), unique=True, min_size=1))
    return ReviewCalibration(
        draw(st.text(max_size=10)),
        tuple(EnablerGap(k, k.title(), draw(maybe_levels), draw(maybe_levels)) for k in keys),
    )


clients = st.lists(st.lists(reviews(), max_size=4), max_size=8)


@given(levels, levels)
def test_the_gap_is_antisymmetric_and_bounded(a, b):
    there, back = calibration.gap_steps(a, b), calibration.gap_steps(b, a)
    assert there is not None
    assert back is not None
    assert there == -back
    assert -2 <= there <= 2
    assert (there == 0) == (a == b)


@given(maybe_levels)
def test_an_undecided_survey_or_an_unmoderated_enabler_never_counts(level):
    assert calibration.gap_steps(None, level) is None
    assert calibration.gap_steps(level, None) is None
    gap = EnablerGap("roles", "Roles", None, level)
    assert not gap.counted
    assert gap.status == calibration.UNDECIDED
    assert "too little evidence" in gap.words


def test_the_words_say_which_way_and_how_far():
    high = EnablerGap("roles", "Roles", MaturityLevel.MANAGED, MaturityLevel.IMMATURE)
    assert high.steps == 1
    assert high.status == "high"
    assert high.signed == "+1"
    assert high.words == "The teams rated themselves one level higher than the evidence shows."
    low = EnablerGap("roles", "Roles", MaturityLevel.IMMATURE, MaturityLevel.LEADING)
    assert low.signed == "−2"
    assert "two levels lower" in low.words
    same = EnablerGap("roles", "Roles", MaturityLevel.LEADING, MaturityLevel.LEADING)
    assert same.status == "matched"
    assert "matches" in same.words
    unmoderated = EnablerGap("roles", "Roles", MaturityLevel.LEADING, None)
    assert unmoderated.status == "unmoderated"
    assert unmoderated.signed == "–"
    assert "Not moderated" in unmoderated.words


@given(reviews())
def test_a_review_counts_only_gaps_with_both_sides_and_its_mean_is_theirs(review):
    counted = [g for g in review.gaps if g.survey is not None and g.reviewer is not None]
    assert len(review.counted) == len(counted)
    if counted:
        assert review.mean == sum(g.steps for g in counted) / len(counted)
        assert -2 <= review.mean <= 2
    else:
        assert review.mean is None


@given(st.lists(reviews(), max_size=6))
def test_over_time_has_one_cell_per_review_in_order_for_every_enabler_seen(history):
    rows = calibration.over_time(history)
    seen = {g.key for r in history for g in r.gaps}
    assert {row.key for row in rows} == seen
    for row in rows:
        assert len(row.cells) == len(history)
        for cell, review in zip(row.cells, history, strict=True):
            assert cell == review.by_key.get(row.key)


@given(clients)
def test_across_clients_each_client_counts_once_per_enabler(firm):
    tallies = calibration.across_clients(firm)
    for tally in tallies:
        with_gap = [c for c in firm if tally.key in calibration.latest_counted(c)]
        assert tally.counted == tally.high + tally.matched + tally.low == len(with_gap)
        if tally.counted:
            assert tally.mean is not None
            assert -2 <= tally.mean <= 2
            assert (tally.mean > 0) <= (tally.high > 0)
        else:
            assert tally.mean is None


def test_a_client_counts_with_its_latest_moderated_review():
    older = ReviewCalibration(
        "Spring", (EnablerGap("roles", "Roles", MaturityLevel.LEADING, MaturityLevel.IMMATURE),)
    )
    newer = ReviewCalibration(
        "Autumn", (EnablerGap("roles", "Roles", MaturityLevel.MANAGED, MaturityLevel.MANAGED),)
    )
    unmoderated = ReviewCalibration(
        "Winter", (EnablerGap("roles", "Roles", MaturityLevel.LEADING, None),)
    )
    (tally,) = calibration.across_clients([[older, newer, unmoderated]])
    assert (tally.high, tally.matched, tally.low, tally.mean) == (0, 1, 0, 0)
    assert tally.words == "Only one client so far, and it matched the evidence."
    (tally,) = calibration.across_clients([[newer], [newer], [newer]])
    assert tally.words == "Self-assessments mostly match the evidence."
    (tally,) = calibration.across_clients([[older], [older], [newer]])
    assert (tally.high, tally.matched) == (2, 1)
    assert tally.words == "Self-assessments tend to run high."


@given(clients)
def test_the_spread_bar_fills_exactly_its_width(firm):
    for tally in calibration.across_clients(firm):
        bar = calibration_charts.tally_bar(tally)
        assert min(bar.high, bar.matched, bar.low) >= 0
        assert bar.high + bar.matched + bar.low == (100 if tally.counted else 0)


@given(reviews())
def test_the_bars_and_meter_draw_the_gap_they_name(review):
    chart = calibration_charts.gap_bars(review.gaps)
    for bar in chart.bars:
        assert bar.width == abs(bar.gap.steps or 0) * calibration_charts.BAR_STEP
        assert bar.gap.signed in chart.label
    for gap in review.gaps:
        lit = [c for c in calibration_charts.gap_meter(gap) if c.on]
        assert [c.steps for c in lit] == ([gap.steps] if gap.counted else [])


def test_one_client_is_not_called_a_tendency_and_the_mean_carries_its_sign():
    high = ReviewCalibration(
        "Spring", (EnablerGap("roles", "Roles", MaturityLevel.LEADING, MaturityLevel.MANAGED),)
    )
    low = ReviewCalibration(
        "Spring", (EnablerGap("roles", "Roles", MaturityLevel.IMMATURE, MaturityLevel.LEADING),)
    )
    (one,) = calibration.across_clients([[high]])
    assert one.words == "Only one client so far, and it ran high."
    assert one.signed_mean == "+1.0"
    (two,) = calibration.across_clients([[low], [low]])
    assert two.words == "Only 2 clients so far: too few to call a tendency (it takes 3)."
    assert two.signed_mean == "−2.0"
    (three,) = calibration.across_clients([[low], [low], [low]])
    assert three.words == "Self-assessments tend to run low."
    (mixed,) = calibration.across_clients([[high], [low], [high]])
    assert mixed.signed_mean == "0.0"
    (none,) = calibration.across_clients(
        [[ReviewCalibration("x", (EnablerGap("roles", "Roles", None, None),))]]
    )
    assert none.signed_mean == "–"


def test_a_low_confidence_survey_weighs_less_in_the_mean_across_clients():
    def gap(survey, confidence):
        return ReviewCalibration(
            "x", (EnablerGap("roles", "Roles", survey, MaturityLevel.MANAGED, confidence),)
        )

    sure_high = gap(MaturityLevel.LEADING, "high")  # +1, weight 1
    unsure_low = gap(MaturityLevel.IMMATURE, "low")  # −1, weight ½
    (tally,) = calibration.across_clients([[sure_high], [unsure_low], [sure_high]])
    assert tally.mean == (1 + 1 - 0.5) / 2.5
    (even,) = calibration.across_clients([[sure_high], [gap(MaturityLevel.IMMATURE, "medium")]])
    assert even.mean == 0
