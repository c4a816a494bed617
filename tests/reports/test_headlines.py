"""Headlines and positions read aloud from any result never contradict the level."""

from __future__ import annotations

from hypothesis import given, settings

from assessments.reports.builder import confidence, headline, position
from frameworks.levels import MaturityLevel
from tests.reports.test_scoring import person, responses, run


@settings(max_examples=300, deadline=None)
@given(responses)
def test_a_headline_never_contradicts_its_level(rs):
    for result in run(rs).enablers.values():
        text = headline("Strategy", result)
        where = position(result)
        if not result.decided:
            assert "not enough evidence" in text
            assert "Low confidence" in confidence(result)
            continue
        assert text.startswith(f"Strategy is {result.level.label}, {where}")
        im, ma, _ = result.by_level
        if result.level == MaturityLevel.IMMATURE:
            # It says what holds it there: missing practices, warning signs, or both.
            assert ("managed practices are in place (" in text) == (not ma.holds)
            assert ("warning signs are clearly absent" in text) == (not im.holds)
        if result.next_level is not None and result.to_go == 1:
            assert where == f"one statement away from {result.next_level.label}"


def test_the_sentences_read_well_for_a_typical_team():
    answers = {1: 0.0, 2: 0.0, 3: 100.0, 4: 100.0, 5: 100.0, 6: 100.0, 7: 25.0, 8: 25.0}
    result = run([person(i, answers) for i in range(6)]).enablers["e"]
    assert headline("Strategy", result) == (
        "Strategy is Managed, one statement away from Leading (maturity score 50): the basics hold and "
        "1 of 3 leading practices are in place; 1 more would make it Leading."
    )
    assert confidence(result) == (
        "High confidence: typically 6 people rated each statement, and 100% of the people who "
        "answered gave the same answer."
    )
