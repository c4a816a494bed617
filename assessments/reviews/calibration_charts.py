"""Where to draw calibration gaps: plain geometry for small server-rendered SVGs (no script,
no inline style). Every chart sits beside a table or words that say the same."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assessments.reviews.calibration import EnablerGap, Tally, TrendRow

# The chart is 420 wide: enabler names on the left, then the bars around a centre line,
# −2 levels at its left end and +2 at its right.
BAR_CENTRE = 310
BAR_STEP = 50
BAR_ROW = 28
BAR_TOP = 24  # room for "rated lower" and "rated higher" above the bars


@dataclass(frozen=True)
class Bar:
    gap: EnablerGap
    y: int
    x: int
    width: int  # 0: no gap counted (or none to draw)

    @property
    def text_y(self) -> int:
        return self.y + 14


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    height: int
    label: str


def gap_bars(gaps: Sequence[EnablerGap]) -> BarChart:
    """A diverging bar per enabler: right of the centre line, the teams rated themselves
    higher than the evidence shows; left, lower."""
    bars = []
    for i, gap in enumerate(gaps):
        steps = gap.steps or 0
        width = abs(steps) * BAR_STEP
        x = BAR_CENTRE if steps >= 0 else BAR_CENTRE - width
        bars.append(Bar(gap, BAR_TOP + i * BAR_ROW, x, width))
    described = "; ".join(f"{g.name}: {g.signed}" for g in gaps)
    return BarChart(
        tuple(bars),
        BAR_TOP + len(gaps) * BAR_ROW + 4,
        f"Calibration gap per enabler, in levels (survey minus reviewer): {described}.",
    )


@dataclass(frozen=True)
class MeterCell:
    x: int
    steps: int
    on: bool

    @property
    def signed(self) -> str:
        return f"+{self.steps}" if self.steps > 0 else str(self.steps).replace("-", "−")


def gap_meter(gap: EnablerGap) -> tuple[MeterCell, ...]:
    """Five cells, −2 to +2, the enabler's gap marked (none when no gap is counted)."""
    return tuple(
        MeterCell(i * 30, steps, steps == gap.steps) for i, steps in enumerate(range(-2, 3))
    )


@dataclass(frozen=True)
class Point:
    x: int
    y: int
    signed: str


@dataclass(frozen=True)
class TrendLine:
    width: int
    points: tuple[Point, ...]
    label: str

    @property
    def path(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


TREND_COLUMN = 24
TREND_MIDDLE = 22  # the 0 line; each level step is 8 units up (ran high) or down (ran low)
TREND_STEP = 8


def trend_line(row: TrendRow) -> TrendLine:
    """One enabler's gap in each review, oldest first; reviews without a counted gap are
    skipped."""
    points = tuple(
        Point(12 + i * TREND_COLUMN, TREND_MIDDLE - cell.steps * TREND_STEP, cell.signed)
        for i, cell in enumerate(row.cells)
        if cell is not None and cell.steps is not None
    )
    values = ", ".join(p.signed for p in points) or "no gap counted yet"
    return TrendLine(
        max(1, len(row.cells)) * TREND_COLUMN,
        points,
        f"{row.name}: gap in each review, oldest first: {values}.",
    )


@dataclass(frozen=True)
class Stack:
    """A tally as a bar of 100 units: ran high, matched, ran low."""

    high: int
    matched: int
    low: int
    label: str

    @property
    def matched_x(self) -> int:
        return self.high

    @property
    def low_x(self) -> int:
        return self.high + self.matched


def tally_bar(tally: Tally) -> Stack:
    total = tally.counted
    label = f"{tally.name}: {tally.high} ran high, {tally.matched} matched, {tally.low} ran low."
    if not total:
        return Stack(0, 0, 0, f"{tally.name}: no client counted yet.")
    high = round(100 * tally.high / total)
    low = min(round(100 * tally.low / total), 100 - high)
    return Stack(high, 100 - high - low, low, label)
