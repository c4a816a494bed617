"""A level move between rounds is told only with the change's verdict beside it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assessments.comparisons import scoring
from frameworks.levels import MaturityLevel


def test_a_level_move_is_told_only_with_its_verdict():
    """Never "+6, within noise (±7) · Immature → Managed"."""
    im, ma = MaturityLevel.IMMATURE, MaturityLevel.MANAGED
    within = scoring.Change(60.0, 66.0, 7.0, im, ma)
    assert within.direction == "steady"
    assert "→" not in within.level_words
    assert within.level_words == "Managed now, Immature before: not beyond noise"
    beyond = scoring.Change(50.0, 66.0, 7.0, im, ma)
    assert beyond.level_words == "Immature → Managed"
    assert scoring.Change(60.0, 62.0, 7.0, ma, ma).level_words == ""  # no move to tell
    assert scoring.Change(60.0, 62.0, 7.0, None, ma).level_words == ""


@given(
    st.floats(0, 100),
    st.floats(0, 100),
    st.floats(0.5, 30),
    st.sampled_from(list(MaturityLevel)),
    st.sampled_from(list(MaturityLevel)),
)
def test_an_arrow_between_levels_always_sits_beside_a_change_beyond_noise(a, b, m, la, lb):
    change = scoring.Change(a, b, m, la, lb)
    if "→" in change.level_words:
        assert change.direction in ("up", "down")
