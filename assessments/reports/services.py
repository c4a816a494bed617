"""Report files: the CSV, XLSX and PDF that people take away.

Each is made from what it shows, and nothing more: the scores CSV and the PDF from a
``Report`` (stored results), the raw-answers CSV from the answers alone (no ``Report``), the
XLSX from both. The raw answers and the XLSX are made as they are read (``StreamedFile``),
so the memory they take stays flat however large the round.
"""

from __future__ import annotations

import tempfile

from django.template.loader import render_to_string
from django.utils.text import slugify

from assessments.exports.files import CSV, XLSX, ExportFile, StreamedFile, blocks
from assessments.exports.pdf import html_to_pdf
from assessments.organisations.access import OrgAccess
from assessments.personas.selectors import persona_context
from assessments.reports import exports
from assessments.reports.access import Scope
from assessments.reports.answer_stream import answer_rows, workbook_sheets
from assessments.reports.builder import Report
from assessments.reports.charts import report_charts
from assessments.rounds.models import Assessment


def _base_name(assessment: Assessment, scope: Scope) -> str:
    return slugify(f"{assessment.name} {scope.title}")[:80] or "report"


def scores_csv(report: Report) -> ExportFile:
    """Scores of enablers, statements, dials and activities; only the header when withheld."""
    rows = [] if report.withheld else exports.score_rows(report)
    text = exports.to_csv(exports.SCORE_HEADER, rows)
    return ExportFile(f"{_base_name(report.assessment, report.scope)}-scores.csv", CSV, text)


def answers_csv(assessment: Assessment, scope: Scope) -> StreamedFile:
    """Every raw answer in scope, one row each, read from the database as the file is read."""
    chunks = exports.csv_chunks(exports.ANSWER_HEADER, answer_rows(assessment, scope.team_ids))
    return StreamedFile(f"{_base_name(assessment, scope)}-answers.csv", CSV, chunks)


def report_xlsx(report: Report) -> StreamedFile:
    """Scores; answers with one row per person; comments; and the questions, one sheet each.

    Made at once into a temporary file (a workbook is of no use until it is whole, and a
    problem then shows as an error page, not a cut-off download), then read out in blocks.
    """
    # Every sheet but the key to the questions is empty when the report is withheld,
    # whatever the count now (the stored results may lag): never raw rows beside a group
    # too small to show.
    scores = [] if report.withheld else exports.score_rows(report)
    sheets = workbook_sheets(report.assessment, report.scope.team_ids)
    if report.withheld:
        sheets = [
            (title, header, rows if title == "Questions" else []) for title, header, rows in sheets
        ]
    made = tempfile.TemporaryFile()  # noqa: SIM115 (closed by blocks once read)
    try:
        exports.write_xlsx(made, [("Scores", exports.SCORE_HEADER, scores), *sheets])
    except BaseException:
        made.close()
        raise
    made.seek(0)
    return StreamedFile(f"{_base_name(report.assessment, report.scope)}.xlsx", XLSX, blocks(made))


def report_pdf(access: OrgAccess, report: Report) -> ExportFile:
    """The report page, printed by headless Chromium (PdfUnavailable without it).

    Slow (a second or more): only background workers call it.
    """
    context = access.page_context(
        assessment=report.assessment,
        report=report,
        charts=report_charts(report),
        pdf=True,
        **persona_context(report),
    )
    html = render_to_string("reports/report_pdf.html", context)
    name = f"{_base_name(report.assessment, report.scope)}.pdf"
    return ExportFile(name, "application/pdf", html_to_pdf(html))
