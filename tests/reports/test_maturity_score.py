"""The number beside a level is a position on one scale: it never reads against the level."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from frameworks.levels import LEVEL_BANDS, MaturityLevel, level_of_position, scale_position
from tests.reports.test_scoring import person, responses, run, team


@given(st.sampled_from(list(MaturityLevel)), st.floats(-1, 2, allow_nan=False))
def test_a_position_always_falls_in_its_levels_band(level, within):
    position = scale_position(level, within)
    low, high = LEVEL_BANDS[level]
    assert low <= position <= high
    assert level_of_position(position) == level


def test_the_bands_cover_the_scale_once_in_level_order():
    covered = [p for level in MaturityLevel for p in range(LEVEL_BANDS[level][0], 101)]
    assert sorted({level_of_position(p) for p in range(101)}) == list(MaturityLevel)
    assert covered[0] == 0
    assert all(
        LEVEL_BANDS[lower][1] + 1 == LEVEL_BANDS[upper][0]
        for lower, upper in zip(MaturityLevel, list(MaturityLevel)[1:], strict=False)
    )


@settings(max_examples=300, deadline=None)
@given(responses)
def test_every_decided_enabler_shows_a_number_its_level_owns(rs):
    """So an Immature cell never shows more than a Managed one, on any page."""
    for result in run(rs).enablers.values():
        if not result.decided:
            assert result.position is None  # not enough evidence: no number either
            continue
        assert result.position is not None
        assert level_of_position(result.position) == result.level
        if result.level != MaturityLevel.LEADING:
            assert result.position == scale_position(result.level, result.progress)


@settings(max_examples=200, deadline=None)
@given(responses.filter(bool), st.data())
def test_one_more_practice_in_place_never_lowers_the_score(rs, data):
    """Someone who now agrees with a practice (or disagrees with a warning sign) never moves
    the enabler down the scale."""
    i = data.draw(st.integers(0, len(rs) - 1))
    sid = data.draw(st.sampled_from(sorted(rs[i].answers) or [3]))
    better = 0.0 if sid in (1, 2) else 100.0  # statements 1 and 2 are warning signs
    changed = [*rs[:i], person(rs[i].respondent_id, {**rs[i].answers, sid: better}), *rs[i + 1 :]]
    before, after = run(rs).enablers["e"], run(changed).enablers["e"]
    if before.decided and after.decided:
        assert (after.position or 0) >= (before.position or 0)


def test_a_typical_team_reads_the_same_in_words_and_number():
    answers = {1: 0.0, 2: 0.0, 3: 100.0, 4: 100.0, 5: 100.0, 6: 100.0, 7: 25.0, 8: 25.0}
    result = run(team(answers, 6)).enablers["e"]
    assert result.level == MaturityLevel.MANAGED
    assert result.by_level[MaturityLevel.LEADING].met == 1  # of 2 needed: half the way
    assert result.position == 50
    assert result.score is not None
    assert result.score > 80


@pytest.mark.django_db
def test_the_how_scores_page_gives_the_bands(client):
    html = client.get(reverse("orgs:how_scores_work")).content.decode()
    assert "Immature 0–33, Managed 34–66 and Leading 67–100" in html
    assert "mean agreement" in html
