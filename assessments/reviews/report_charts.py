"""The review report's pictures, drawn on the server as small inline SVGs.

Each is decorative (``aria-hidden``): the words beside it and a table say the same. Markers
differ in shape as well as colour, so colour never carries the meaning alone. Presentation
attributes only, never ``style=`` (our Content-Security-Policy refuses inline styles).
"""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe

from assessments.reviews.benchmark import EnablerBenchmark
from frameworks.levels import MaturityLevel

INK = "#212529"
GRID = "#6c757d"  # 4.7:1 on white
BOX = "#dbe9fb"
SURVEY = "#495057"
REVIEW = "#1f3a5f"
# Level fill and ink, as app.css names them (--pm-immature and friends).
LEVELS = {
    MaturityLevel.IMMATURE: ("#fde8d7", "#7a3d0a"),
    MaturityLevel.MANAGED: ("#dbe9fb", "#17467a"),
    MaturityLevel.LEADING: ("#d9f1e4", "#145c36"),
}

TRACK_W, TRACK_H, SEG = 300, 64, 100


def _centre(level: MaturityLevel) -> float:
    return SEG * int(level) + SEG / 2


def level_track_svg(survey: MaturityLevel | None, reviewer: MaturityLevel | None) -> SafeString:
    """The three levels side by side; the survey's level marked by a circle above the track,
    the reviewer's by a diamond below it (either may be missing)."""
    parts = [
        f'<svg viewBox="0 0 {TRACK_W} {TRACK_H}" width="100%" class="level-track" '
        'aria-hidden="true" focusable="false">'
    ]
    for level, (fill, ink) in LEVELS.items():
        x = SEG * int(level)
        parts.append(
            f'<rect x="{x + 1}" y="18" width="{SEG - 2}" height="26" rx="4" fill="{fill}"/>'
            f'<text x="{x + SEG / 2}" y="35" font-size="11" text-anchor="middle" '
            f'fill="{ink}">{level.label}</text>'
        )
    if survey is not None:
        cx = _centre(survey)
        parts.append(
            f'<circle cx="{cx}" cy="9" r="6" fill="{SURVEY}"/>'
            f'<line x1="{cx}" x2="{cx}" y1="15" y2="18" stroke="{SURVEY}" stroke-width="2"/>'
        )
    if reviewer is not None:
        cx = _centre(reviewer)
        parts.append(
            f'<path d="M{cx},{TRACK_H - 14} L{cx + 7},{TRACK_H - 7} L{cx},{TRACK_H} '
            f'L{cx - 7},{TRACK_H - 7} Z" fill="{REVIEW}"/>'
            f'<line x1="{cx}" x2="{cx}" y1="44" y2="{TRACK_H - 14}" stroke="{REVIEW}" '
            'stroke-width="2"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers and our own constants only


STRIP_W, STRIP_H, PAD = 560, 60, 16


def _x(score: float) -> float:
    return PAD + (STRIP_W - 2 * PAD) * max(0.0, min(100.0, score)) / 100


def benchmark_svg(row: EnablerBenchmark) -> SafeString:
    """The other clients' spread on 0–100 (the middle half as a box, the median as a bar; no
    whiskers, since a lowest or highest would be one client's score) and this client as a
    diamond."""
    spread = row.spread
    if spread is None:
        return mark_safe("")
    mid = 22.0
    parts = [
        f'<svg viewBox="0 0 {STRIP_W} {STRIP_H}" width="100%" aria-hidden="true" '
        'focusable="false">',
        f'<rect x="{_x(spread.q1):.1f}" y="{mid - 11}" '
        f'width="{max(1.0, _x(spread.q3) - _x(spread.q1)):.1f}" height="22" fill="{BOX}" '
        f'stroke="{GRID}"/>',
        f'<line x1="{_x(spread.median):.1f}" x2="{_x(spread.median):.1f}" y1="{mid - 14}" '
        f'y2="{mid + 14}" stroke="{INK}" stroke-width="3"/>',
    ]
    if row.position is not None:
        x = _x(row.position.score)
        parts.append(
            f'<path d="M{x:.1f},{mid - 10} L{x + 8:.1f},{mid} L{x:.1f},{mid + 10} '
            f'L{x - 8:.1f},{mid} Z" fill="{REVIEW}" stroke="#fff" stroke-width="1.5"/>'
        )
    y = 44.0
    parts.append(f'<line x1="{PAD}" x2="{STRIP_W - PAD}" y1="{y}" y2="{y}" stroke="{GRID}"/>')
    for v in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{_x(v):.1f}" x2="{_x(v):.1f}" y1="{y}" y2="{y + 4}" stroke="{GRID}"/>'
            f'<text x="{_x(v):.1f}" y="{y + 14}" font-size="10" text-anchor="middle" '
            f'fill="{INK}">{v}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers and our own constants only
