"""The report files this room offers the exports room: its PDF, workbook and raw answers."""

from __future__ import annotations

from assessments.exports.files import ExportFile, StreamedFile
from assessments.exports.models import ExportJob
from assessments.exports.registry import register
from assessments.organisations.access import OrgAccess
from assessments.reports import services
from assessments.reports.access import report_scope
from assessments.reports.builder import build_report
from assessments.rounds.access import assessment_in

Kind = ExportJob.Kind


@register(Kind.REPORT_PDF, Kind.REPORT_XLSX, Kind.REPORT_ANSWERS)
def report_file(access: OrgAccess, job: ExportJob) -> ExportFile | StreamedFile:
    """A scope's report as PDF or workbook, or its raw answers, as this person may see it."""
    assessment = assessment_in(access, job.assessment_id)
    scope = report_scope(access, assessment, job.scope_kind, job.scope_pk)
    if job.kind == Kind.REPORT_PDF:
        return services.report_pdf(access, build_report(assessment, scope))
    if job.kind == Kind.REPORT_XLSX:
        return services.report_xlsx(build_report(assessment, scope, compare=False))
    # The raw answers need no report: they are read from the database as they are written.
    return services.answers_csv(assessment, scope)
