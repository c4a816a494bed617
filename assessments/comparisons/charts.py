"""The comparison's pictures, drawn on the server as small inline SVGs (no charting code).

Each SVG is decorative: the element around it carries ``role="img"`` and a summary in words,
and the page offers every chart as a table too. Only presentation attributes, never
``style=``: our Content-Security-Policy refuses inline styles.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from assessments.comparisons.builder import DistributionRow, Row
from assessments.comparisons.scoring import Cell
from assessments.comparisons.trends import Line, Turnout

INK = "#212529"
GRID = "#6c757d"  # 4.7:1 on white: axes and grid lines stand out (WCAG 1.4.11)
BOX = "#dbe9fb"
# Target status of a team's dot: shape and colour, so it is never told by colour alone.
BELOW, MET, NONE = "#b02a37", "#146c43", "#495057"

STRIP_W, STRIP_H, PAD = 560, 64, 16


def _x(score: float, width: float = STRIP_W, pad: float = PAD) -> float:
    return pad + (width - 2 * pad) * max(0.0, min(100.0, score)) / 100


def _axis(width: int, y: float) -> str:
    ticks = "".join(
        f'<line x1="{_x(v, width):.1f}" x2="{_x(v, width):.1f}" y1="{y:.1f}" y2="{y + 4:.1f}" '
        f'stroke="{GRID}"/><text x="{_x(v, width):.1f}" y="{y + 14:.1f}" font-size="10" '
        f'text-anchor="middle" fill="{INK}">{v}</text>'
        for v in (0, 25, 50, 75, 100)
    )
    return f'<line x1="{PAD}" x2="{width - PAD}" y1="{y}" y2="{y}" stroke="{GRID}"/>{ticks}'


def _dot(x: float, y: float, status: str) -> str:
    if status == "below":  # a triangle pointing down
        return (
            f'<path d="M{x - 5:.1f},{y - 4:.1f} L{x + 5:.1f},{y - 4:.1f} L{x:.1f},{y + 5:.1f} Z" '
            f'fill="{BELOW}"/>'
        )
    if status == "met":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{MET}"/>'
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="#fff" stroke="{NONE}" stroke-width="2"/>'
    )


def strip_svg(row: DistributionRow) -> SafeString:
    """One enabler: every team's score as a dot on 0–100, the middle half as a box and the
    median as a bar. Dots are jittered in height so teams with the same score stay apart."""
    parts = [
        f'<svg viewBox="0 0 {STRIP_W} {STRIP_H}" width="100%" aria-hidden="true" focusable="false">'
    ]
    mid = 24.0
    spread = row.spread
    if spread is not None:
        parts.append(
            f'<rect x="{_x(spread.q1):.1f}" y="{mid - 13}" '
            f'width="{max(1.0, _x(spread.q3) - _x(spread.q1)):.1f}" '
            f'height="26" fill="{BOX}" stroke="{GRID}"/>'
            f'<line x1="{_x(spread.median):.1f}" x2="{_x(spread.median):.1f}" y1="{mid - 17}" '
            f'y2="{mid + 17}" stroke="{INK}" stroke-width="3"/>'
        )
    for i, point in enumerate(row.points):
        jitter = (i % 5 - 2) * 4.0
        parts.append(_dot(_x(point.score), mid + jitter, point.target))
    parts.append(_axis(STRIP_W, 46.0))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers and our own constants only


LINE_W, LINE_H = 240, 130


def line_svg(line: Line, labels: Sequence[str]) -> SafeString:
    """One enabler's score across rounds: a line through each round's score, with its value."""
    n = len(line.scores)
    left, right, top, bottom = 44.0, 26.0, 14.0, 28.0

    def x(i: int) -> float:
        return left + (LINE_W - left - right) * (i / (n - 1) if n > 1 else 0.5)

    def y(v: float) -> float:
        return top + (LINE_H - top - bottom) * (1 - v / 100)

    parts = [
        f'<svg viewBox="0 0 {LINE_W} {LINE_H}" width="100%" aria-hidden="true" focusable="false">'
    ]
    for grid in (0, 50, 100):
        parts.append(
            f'<line x1="{left}" x2="{LINE_W - right}" y1="{y(grid):.1f}" y2="{y(grid):.1f}" '
            f'stroke="{GRID}" stroke-dasharray="{"" if grid == 0 else "2 3"}"/>'
            f'<text x="{left - 4}" y="{y(grid) + 3:.1f}" font-size="9" text-anchor="end" '
            f'fill="{INK}">{grid}</text>'
        )
    known = [(x(i), y(v), v) for i, v in enumerate(line.scores) if v is not None]
    if len(known) > 1:
        path = " ".join(
            f"{'M' if j == 0 else 'L'}{px:.1f},{py:.1f}" for j, (px, py, _) in enumerate(known)
        )
        parts.append(f'<path d="{path}" fill="none" stroke="#1f3a5f" stroke-width="2.5"/>')
    for px, py, v in known:
        parts.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="#1f3a5f"/>'
            f'<text x="{px:.1f}" y="{py - 7:.1f}" font-size="10" text-anchor="middle" '
            f'fill="{INK}">{v:.0f}</text>'
        )
    for i, label in enumerate(labels):
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="9" text-anchor="middle" fill="{}">{}</text>',
                f"{x(i):.1f}",
                LINE_H - 10,
                INK,
                label,
            )
        )
    parts.append("</svg>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - labels escaped above


BAR_W, BAR_ROW = 560, 26


def _fitted(name: str, room: int = 28) -> str:
    """A round's name within the bars' left margin, shortened with an ellipsis (the table
    beside the chart gives it whole)."""
    return name if len(name) <= room else name[: room - 1].rstrip() + "…"


def turnout_svg(turnout: Sequence[Turnout]) -> SafeString:
    """Submitted out of invited, per round: a bar each, the rate written beside it."""
    height = BAR_ROW * len(turnout) + 8
    left = 200.0
    most = max((t.invited for t in turnout), default=0) or 1
    parts = [
        f'<svg viewBox="0 0 {BAR_W} {height}" width="100%" class="chart-bars" aria-hidden="true" '
        'focusable="false">'
    ]
    for i, t in enumerate(turnout):
        y = 4.0 + i * BAR_ROW
        invited = (BAR_W - left - 90) * t.invited / most
        submitted = (BAR_W - left - 90) * t.submitted / most
        rate = f"{t.rate}%" if t.rate is not None else "—"
        parts.append(
            f'<text x="{left - 6}" y="{y + 12}" font-size="11" text-anchor="end" fill="{INK}">'
            f"{escape(_fitted(t.assessment.name))}</text>"
            f'<rect x="{left}" y="{y}" width="{invited:.1f}" height="16" fill="#fff" '
            f'stroke="{GRID}"/>'
            f'<rect x="{left}" y="{y}" width="{submitted:.1f}" height="16" fill="#1f3a5f"/>'
            f'<text x="{left + invited + 6:.1f}" y="{y + 12}" font-size="11" fill="{INK}">'
            f"{t.submitted} of {t.invited} ({rate})</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - names escaped above


def _heat_cell(cell: Cell, url: str, pdf: bool) -> str:
    # Level names, confidences and the hidden reasons are our own words (scoring.cell): only
    # the URL, escaped by the caller, comes from elsewhere.
    if not cell.shown:
        return (
            f'<td class="heat-cell level-{cell.level_key}"><span class="heat-in">'
            f'<span class="heat-level">—</span><span class="heat-meta">'
            f"{cell.hidden_why[:1].upper()}{cell.hidden_why[1:]}</span></span></td>"
        )
    # The number beside the level is its maturity score, on the level's own band, so it never
    # reads against the level; the mean agreement is named, on a line of its own.
    score = "" if cell.position is None else f' <span class="heat-score">{cell.position}</span>'
    agreement = "" if cell.score is None else f"mean agreement {cell.score:.0f} · "
    plural = "" if cell.raters == 1 else "s"
    inner = (
        f'<span class="heat-level">{cell.level_name}</span>{score}'
        f'<span class="heat-meta">{cell.raters} rater{plural} · {cell.confidence}</span>'
        f'<span class="heat-meta">{agreement.rstrip(" ·")}</span>'
    )
    link = (
        f'<span class="heat-in">{inner}</span>'
        if pdf
        else f'<a class="heat-in" href="{url}">{inner}</a>'
    )
    return f'<td class="heat-cell level-{cell.level_key}">{link}</td>'


def heatmap_rows(
    rows: Sequence[Row], *, pdf: bool, show_department: bool, hide_below: int = 0
) -> SafeString:
    """A heatmap's rows, made here rather than in the template: an organisation's hundreds
    of teams are thousands of cells, and the template language is slow at that."""
    out = []
    for row in rows:
        url = escape(row.url)
        name = escape(row.name) if pdf else f'<a href="{url}">{escape(row.name)}</a>'
        department = (
            '<span class="d-block small fw-normal text-body-secondary">'
            f"{escape(row.department)}</span>"
            if show_department and row.department
            else ""
        )
        whole = ' class="heat-whole"' if row.kind == "round" else ""
        cells = "".join(_heat_cell(c, url, pdf) for c in row.cells)
        # A role's size in a group is itself a small group's count: never shown under the
        # threshold.
        people = (
            f'<span aria-hidden="true">&lt;{hide_below}</span>'
            f'<span class="visually-hidden">fewer than {hide_below}</span>'
            if 0 < row.people < hide_below
            else str(row.people)
        )
        out.append(
            f'<tr{whole}><th scope="row">{name}{department}</th>'
            f'<td class="text-end">{people}</td>{cells}</tr>'
        )
    return mark_safe("".join(out))  # noqa: S308 - every name escaped above
