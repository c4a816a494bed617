"""The comparison's own SVG charts: what they write stays inside the drawing."""

from __future__ import annotations

from types import SimpleNamespace

from assessments.comparisons.charts import turnout_svg
from assessments.comparisons.trends import Turnout


def test_a_long_round_name_is_shortened_with_an_ellipsis_not_cut_at_the_margin():
    long = SimpleNamespace(name="Onboarding team check, summer 2026")
    short = SimpleNamespace(name="Spring 2026 check-in")
    svg = str(
        turnout_svg(
            [
                Turnout(assessment=long, invited=9, started=9, submitted=9),  # type: ignore[arg-type]
                Turnout(assessment=short, invited=10, started=9, submitted=8),  # type: ignore[arg-type]
            ]
        )
    )
    assert ">Onboarding team check, summ…</text>" in svg
    assert ">Spring 2026 check-in</text>" in svg
