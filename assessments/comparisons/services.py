"""The board pack: the comparison as a landscape PDF and as a workbook with a sheet per view.

Both are made by a background worker (``exports.tasks.make_export``), from what the person
may see when the file is made.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils.text import slugify

from assessments.comparisons.access import comparison_round
from assessments.comparisons.builder import Comparison, Filters, Row, comparison_for
from assessments.comparisons.pages import compare_context, made_with
from assessments.exports.files import XLSX, ExportFile
from assessments.exports.pdf import html_to_pdf
from assessments.organisations.access import OrgAccess
from assessments.reports.exports import write_xlsx

Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]


def board_pack(access: OrgAccess, assessment_pk: int, filters: Filters, fmt: str) -> ExportFile:
    """The board pack of a round as ``pdf`` or ``xlsx``, as the page with these filters shows
    it (and says so on its first page)."""
    assessment = comparison_round(access, assessment_pk)
    comparison = comparison_for(assessment, filters)
    name = slugify(f"{assessment.name} board pack")[:80] or "board-pack"
    if fmt == "pdf":
        return ExportFile(f"{name}.pdf", "application/pdf", board_pack_pdf(access, comparison))
    return ExportFile(f"{name}.xlsx", XLSX, board_pack_xlsx(comparison))


def board_pack_pdf(access: OrgAccess, comparison: Comparison) -> bytes:
    html = render_to_string(
        "comparisons/compare_pdf.html", compare_context(access, comparison, pdf=True)
    )
    return html_to_pdf(html)


def _score(value: float | None) -> float | str:
    return round(value, 1) if value is not None else ""


def _heatmap(title: str, comparison: Comparison, rows: Sequence[Row]) -> Sheet:
    header = ["Group", "Department", "People"]
    for e in comparison.enablers:
        header += [
            f"{e.name}: level",
            f"{e.name}: maturity score",
            f"{e.name}: confidence",
            f"{e.name}: mean agreement",
        ]
    body = []
    for row in rows:
        # A group under the threshold shows no count either, as on the page.
        small = 0 < row.people < comparison.threshold
        people = f"fewer than {comparison.threshold}" if small else row.people
        line: list[Any] = [row.name, row.department, people]
        for c in row.cells:
            if c.shown:
                position = "" if c.position is None else c.position
                line += [c.level_name, position, c.confidence, _score(c.score)]
            else:
                line += [f"Hidden: {c.hidden_why}", "", "", ""]
        body.append(line)
    return (title, header, body)


def _distribution(comparison: Comparison) -> Sheet:
    header = [
        "Enabler",
        "Teams shown",
        "Lowest",
        "Lower quartile",
        "Median",
        "Upper quartile",
        "Highest",
        "Teams with a target",
        "Below target",
        "Thin evidence",
    ]
    rows = []
    for d in comparison.distributions:
        s, inv = d.spread, d.investment
        numbers: list[Any] = (
            [s.count, s.low, s.q1, s.median, s.q3, s.high] if s else [0, "", "", "", "", ""]
        )
        rows.append(
            [
                d.enabler.name,
                *[_score(n) if isinstance(n, float) else n for n in numbers],
                inv.with_target,
                inv.below_target,
                inv.thin,
            ]
        )
    return ("Distribution", header, rows)


def _dials(comparison: Comparison) -> Sheet:
    header = ["Dial", *(c.name for c in comparison.columns)]
    rows = [
        [d.dial.name, *(_score(c.value) if c else "hidden" for c in d.cells)]
        for d in comparison.dials
    ]
    return ("Dials", header, rows)


def _activities(comparison: Comparison) -> Sheet:
    header = ["Activity", "Product management should lead", *(c.name for c in comparison.columns)]
    rows = [
        [
            a.activity.name,
            "yes" if a.product_should_lead else "no",
            *(
                round(100 * c.share) if c and c.share is not None else ("hidden" if not c else "")
                for c in a.cells
            ),
        ]
        for a in comparison.activities
    ]
    return ("Who does what (% PM leads)", header, rows)


def _disagreement(comparison: Comparison) -> Sheet:
    header = ["Group", "People", "Widest gap between roles", "Split statements", "Most split"]
    rows = [
        [d.column.name, d.column.people, d.gap_text, d.split_count, " | ".join(d.top_splits)]
        for d in comparison.disagreements
    ]
    return ("Disagreement", header, rows)


def sheet_name(text: str) -> str:
    """A name Excel accepts: none of []:*?/\\ and at most 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:31] or "Sheet"


def _level_move(change: Any) -> str:
    if change.level_before is None or change.level_after is None:
        return ""
    if change.level_before == change.level_after:
        return change.level_after.label
    return str(change.level_words)  # a level move only with its verdict


def _trend(comparison: Comparison) -> list[Sheet]:
    trend, history = comparison.trend, comparison.history
    sheets: list[Sheet] = []
    if trend is not None and trend.refusal is not None:
        refused = [[trend.refusal.text], [trend.refusal.instead]]
        sheets.append(
            (sheet_name(f"Change since {trend.since.name}"), ["No change shown"], refused)
        )
    elif trend is not None:
        header = ["Group"]
        for e in comparison.enablers:
            header += [
                f"{e.name}: change",
                f"{e.name}: noise margin",
                f"{e.name}: within noise",
                f"{e.name}: level",
            ]
        rows = []
        for row in trend.rows:
            name = (
                f"{row.name} (different teams: not compared)" if row.different_group else row.name
            )
            line: list[Any] = [name]
            for c in row.changes:
                if c is None or c.delta is None:
                    line += ["", "", "", ""]
                else:
                    line += [
                        _score(c.delta),
                        _score(c.margin),
                        "yes" if c.within_noise else "no",
                        _level_move(c),
                    ]
            rows.append(line)
        sheets.append((sheet_name(f"Change since {trend.since.name}"), header, rows))
        moved = [
            [
                m.text,
                m.enabler,
                _score(m.change.before),
                _score(m.change.after),
                _score(m.change.delta),
            ]
            for m in trend.moved
        ]
        sheets.append(
            ("Statements that moved", ["Statement", "Enabler", "Before", "After", "Change"], moved)
        )
    if history is not None:
        header = ["Enabler", *(r.name for r in history.rounds)]
        lines = [[ln.enabler.name, *(_score(v) for v in ln.scores)] for ln in history.lines]
        turnout = [
            [f"Submitted: {t.assessment.name}", t.submitted, t.invited] for t in history.turnout
        ]
        sheets.append(("Scores by round", header, lines))
        sheets.append(("Participation", ["Round", "Submitted", "Invited"], turnout))
    return sheets


def board_pack_xlsx(comparison: Comparison) -> bytes:
    sheets: list[Sheet] = [
        ("Made with", ["What", "In plain words"], made_with(comparison)),
        (
            "In short",
            ["Per department, in plain words"],
            [*([s] for s in comparison.summaries), [f"Computed with {comparison.method}."]],
        ),
        ("Where to invest", ["In plain words"], [[s] for s in comparison.invest]),
        _heatmap("Departments", comparison, (comparison.whole, *comparison.departments)),
        _heatmap("Teams", comparison, comparison.teams),
        _distribution(comparison),
        _dials(comparison),
        _activities(comparison),
        _disagreement(comparison),
        *_trend(comparison),
    ]
    out = io.BytesIO()
    write_xlsx(out, sheets)
    return out.getvalue()
