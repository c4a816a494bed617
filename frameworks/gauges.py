"""A dial drawn on the server as a small inline SVG: no charting library in the browser.

A half circle from 0 (left) to 100 (right) in red, amber and green zones, dark marks where
the zones meet (so the zones are not told apart by colour alone), the zone boundaries as
numbers, and, in a report, a needle and the value. The SVG is decorative: the element
around it carries ``role="img"`` and the words (value, zone, ends) in its ``aria-label``.

Only presentation attributes (``fill``, ``stroke``), never ``style=``: our
Content-Security-Policy refuses inline styles.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from frameworks.charts import AMBER, GREEN, RED

INK = "#212529"
WIDTH, HEIGHT = 240, 156
CX, CY = 120.0, 116.0  # the centre of the half circle
BAND = 80.0  # radius of the middle of the coloured band
BAND_WIDTH = 22.0
LABELS = 103.0  # radius of the boundary numbers
NEEDLE = 74.0


@dataclass(frozen=True)
class Gauge:
    """What is drawn, with every number already within 0 to 100."""

    red_below: float
    green_from: float
    value: float | None

    @property
    def zones(self) -> list[tuple[float, float, str]]:
        """(from, to, colour) of each zone wider than nothing."""
        zones = [
            (0.0, self.red_below, RED),
            (self.red_below, self.green_from, AMBER),
            (self.green_from, 100.0, GREEN),
        ]
        return [zone for zone in zones if zone[1] > zone[0]]

    @property
    def boundaries(self) -> list[float]:
        """Where one zone meets the next, inside the dial."""
        return sorted({v for v in (self.red_below, self.green_from) if 0 < v < 100})

    @property
    def ticks(self) -> list[float]:
        """The numbers along the arc: both ends and the zone boundaries, each once."""
        return sorted({0.0, self.red_below, self.green_from, 100.0})


def _clamp(number: float) -> float:
    return min(100.0, max(0.0, float(number)))


def gauge(*, red_below: float, green_from: float, value: float | None = None) -> Gauge:
    """The dial's zones and value, forced into 0 to 100 and into order.

    Dial content is editable in the admin and a value may come from any scoring method, so
    a number outside the dial is drawn at its end rather than off the picture.
    """
    red = _clamp(red_below)
    return Gauge(
        red_below=red,
        green_from=max(red, _clamp(green_from)),
        value=None if value is None else _clamp(value),
    )


def point(value: float, radius: float) -> tuple[float, float]:
    """Where ``value`` (0 to 100, left to right over the top) falls at ``radius``."""
    angle = math.pi * (1 - value / 100)
    return round(CX + radius * math.cos(angle), 1), round(CY - radius * math.sin(angle), 1)


def shown(value: float) -> str:
    """A value as the page's words say it (``floatformat:0`` rounds halves up, not to even)."""
    return str(math.floor(value + 0.5))


def _arc(start: float, end: float, colour: str) -> SafeString:
    x0, y0 = point(start, BAND)
    x1, y1 = point(end, BAND)
    # Sweep flag 1: clockwise on screen, i.e. from the left over the top; never over 180°.
    return format_html(
        '<path d="M {} {} A {} {} 0 0 1 {} {}" fill="none" stroke="{}" stroke-width="{}"/>',
        x0, y0, BAND, BAND, x1, y1, colour, BAND_WIDTH,
    )  # fmt: skip


def _boundary(value: float) -> SafeString:
    x0, y0 = point(value, BAND - BAND_WIDTH / 2 - 3)
    x1, y1 = point(value, BAND + BAND_WIDTH / 2 + 3)
    return format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2"/>',
        x0, y0, x1, y1, INK,
    )  # fmt: skip


def _tick_label(value: float) -> SafeString:
    if value in (0, 100):  # the ends: under the band, where nothing else is drawn
        x, y = point(value, BAND)
        y += 16
        anchor = "middle"
    else:  # boundaries: outside the band, leaning away from the centre
        x, y = point(value, LABELS)
        anchor = "end" if x < CX - 12 else "start" if x > CX + 12 else "middle"
    return format_html(
        '<text x="{}" y="{}" text-anchor="{}" dominant-baseline="middle">{}</text>',
        x, y, anchor, shown(value),
    )  # fmt: skip


def _needle(value: float | None, missing: str) -> SafeString:
    if value is None:
        if not missing:
            return SafeString("")
        return format_html(
            '<text x="{}" y="{}" text-anchor="middle" font-size="15">{}</text>', CX, CY, missing
        )
    x, y = point(value, NEEDLE)
    return format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="4" '
        'stroke-linecap="round"/><circle cx="{}" cy="{}" r="6" fill="{}"/>'
        '<text x="{}" y="{}" text-anchor="middle" font-size="24" font-weight="700">{}</text>',
        CX, CY, x, y, INK, CX, CY, INK, CX, CY + 34, shown(value),
    )  # fmt: skip


def gauge_svg(
    *, red_below: float, green_from: float, value: float | None = None, missing: str = ""
) -> SafeString:
    """The dial as inline SVG markup; ``missing`` is shown instead of a value when there is none.

    Every number and word is escaped on its way in (``format_html``).
    """
    dial = gauge(red_below=red_below, green_from=green_from, value=value)
    return format_html(
        '<svg class="gauge-svg" viewBox="0 0 {} {}" aria-hidden="true" '
        'font-family="system-ui, sans-serif" font-size="12" fill="{}">{}{}</svg>',
        WIDTH, HEIGHT, INK, _face(dial.red_below, dial.green_from), _needle(dial.value, missing),
    )  # fmt: skip


@lru_cache(maxsize=256)
def _face(red_below: float, green_from: float) -> SafeString:
    """The dial without its needle: the same for every value, so drawn once per dial (a
    report draws eight; each took longer than the rest of its chart work)."""
    dial = Gauge(red_below, green_from, None)
    return format_html(
        "{}{}{}",
        format_html_join("", "{}", ((_arc(*zone),) for zone in dial.zones)),
        format_html_join("", "{}", ((_boundary(v),) for v in dial.boundaries)),
        format_html_join("", "{}", ((_tick_label(v),) for v in dial.ticks)),
    )
