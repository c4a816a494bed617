"""A dial drawn on the server as SVG: zones, needle, clamping, the empty state, escaping."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils.safestring import SafeString

from frameworks.charts import AMBER, GREEN, RED
from frameworks.gauges import BAND, CX, CY, NEEDLE, gauge, gauge_svg, point

SVG = "{http://www.w3.org/2000/svg}"


def parsed(markup: str) -> ET.Element:
    """The markup as XML (it must be well formed), in the SVG namespace as a browser reads it."""
    svg = markup.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return ET.fromstring(svg)  # noqa: S314 (our own markup, not untrusted input)


def zones(markup: str) -> list[tuple[str | None, tuple[float, float], tuple[float, float]]]:
    """(colour, start point, end point) of every coloured band."""
    found = []
    for path in parsed(markup).iter(f"{SVG}path"):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))]
        found.append((path.get("stroke"), (numbers[0], numbers[1]), (numbers[-2], numbers[-1])))
    return found


def texts(markup: str) -> list[str]:
    return [t.text or "" for t in parsed(markup).iter(f"{SVG}text")]


def needle(markup: str) -> tuple[float, float] | None:
    """Where the needle points (the line from the centre), if there is one."""
    for line in parsed(markup).iter(f"{SVG}line"):
        if (float(line.get("x1")), float(line.get("y1"))) == (CX, CY):
            return float(line.get("x2")), float(line.get("y2"))
    return None


def test_the_zones_run_red_amber_green_from_left_to_right_and_meet_at_the_boundaries():
    drawn = zones(gauge_svg(red_below=40, green_from=70))
    assert [colour for colour, _, _ in drawn] == [RED, AMBER, GREEN]
    assert drawn[0][1] == point(0, BAND)
    assert drawn[0][2] == drawn[1][1] == point(40, BAND)
    assert drawn[1][2] == drawn[2][1] == point(70, BAND)
    assert drawn[2][2] == point(100, BAND)


def test_the_boundaries_are_marked_and_numbered_so_colour_is_not_the_only_cue():
    markup = gauge_svg(red_below=40, green_from=70)
    assert texts(markup) == ["0", "40", "70", "100"]
    marks = list(parsed(markup).iter(f"{SVG}line"))
    assert len(marks) == 2  # one dark mark across the band at each boundary


def test_a_zone_of_no_width_is_not_drawn():
    markup = gauge_svg(red_below=0, green_from=60)
    assert [colour for colour, _, _ in zones(markup)] == [AMBER, GREEN]
    assert texts(markup) == ["0", "60", "100"]


@pytest.mark.parametrize(
    ("value", "angle"), [(0, 180), (25, 135), (50, 90), (100, 0), (-20, 180), (140, 0)]
)
def test_the_needle_points_at_the_value_and_stays_on_the_dial(value, angle):
    x, y = needle(gauge_svg(red_below=40, green_from=70, value=value))
    assert math.degrees(math.atan2(CY - y, x - CX)) == pytest.approx(angle, abs=0.5)
    assert math.hypot(x - CX, y - CY) == pytest.approx(NEEDLE, abs=0.2)


def test_the_value_is_shown_rounded_as_the_page_rounds_it():
    assert texts(gauge_svg(red_below=40, green_from=70, value=62.5))[-1] == "63"
    assert texts(gauge_svg(red_below=40, green_from=70, value=62.4))[-1] == "62"
    assert texts(gauge_svg(red_below=40, green_from=70, value=180))[-1] == "100"


def test_boundaries_outside_the_dial_or_out_of_order_are_forced_into_it():
    assert gauge(red_below=-5, green_from=130, value=None) == gauge(
        red_below=0, green_from=100, value=None
    )
    crossed = gauge(red_below=70, green_from=40)
    assert (crossed.red_below, crossed.green_from) == (70, 70)
    assert [colour for colour, _, _ in zones(gauge_svg(red_below=70, green_from=40))] == [
        RED,
        GREEN,
    ]


def test_without_a_value_there_is_no_needle_and_the_missing_words_are_shown():
    markup = gauge_svg(red_below=40, green_from=70, missing="No answers")
    assert needle(markup) is None
    assert texts(markup)[-1] == "No answers"
    # Browsing the instrument: only the zones.
    plain = gauge_svg(red_below=40, green_from=70)
    assert needle(plain) is None
    assert texts(plain) == ["0", "40", "70", "100"]


def test_words_are_escaped_and_the_svg_is_decorative_inside_a_labelled_element():
    markup = gauge_svg(red_below=40, green_from=70, missing='<script>alert("x")</script> & co')
    assert isinstance(markup, SafeString)
    assert "<script>" not in markup
    assert texts(markup)[-1] == '<script>alert("x")</script> & co'  # as text, not markup
    root = parsed(markup)
    assert root.get("aria-hidden") == "true"
    assert "style" not in markup  # our Content-Security-Policy refuses inline styles
