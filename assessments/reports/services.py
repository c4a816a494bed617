"""Report files: the CSV, XLSX and PDF that people take away, all made from a ``Report``."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.text import slugify

from assessments.organisations.access import OrgAccess
from assessments.reports import exports
from assessments.reports.builder import Report
from assessments.reports.charts import report_charts
from assessments.reports.pdf import html_to_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportFile:
    name: str
    content_type: str
    content: bytes | str


def _base_name(report: Report) -> str:
    return slugify(f"{report.assessment.name} {report.scope.title}")[:80] or "report"


def _rows(report: Report) -> tuple[list[list[object]], list[list[object]]]:
    """Scores and raw answers; nothing at all when the report is withheld."""
    if report.withheld:
        return [], []
    return exports.score_rows(report), exports.answer_rows(report)


def report_xlsx(report: Report) -> ExportFile:
    scores, answers = _rows(report)
    data = exports.to_xlsx(
        [
            ("Scores", exports.SCORE_HEADER, scores),
            ("Answers", exports.ANSWER_HEADER, answers),
        ]
    )
    return ExportFile(f"{_base_name(report)}.xlsx", XLSX, data)


def report_csv(report: Report, *, what: str) -> ExportFile:
    """``what`` is ``answers`` for the raw answers; anything else gives the scores."""
    what = "answers" if what == "answers" else "scores"
    if what == "answers":
        rows = [] if report.withheld else exports.answer_rows(report)
        text = exports.to_csv(exports.ANSWER_HEADER, rows)
    else:
        rows = [] if report.withheld else exports.score_rows(report)
        text = exports.to_csv(exports.SCORE_HEADER, rows)
    return ExportFile(f"{_base_name(report)}-{what}.csv", "text/csv; charset=utf-8", text)


def report_pdf(access: OrgAccess, report: Report) -> ExportFile:
    """The report page, printed by headless Chromium (PdfUnavailable without it).

    Slow (a second or more): only background workers call it.
    """
    context = access.page_context(
        assessment=report.assessment, report=report, charts=report_charts(report), pdf=True
    )
    html = render_to_string("reports/report_pdf.html", context)
    return ExportFile(f"{_base_name(report)}.pdf", "application/pdf", html_to_pdf(html))
