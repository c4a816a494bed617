"""Scored reports for a team, a department or a whole round. Thin: access, build, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_safe

from assessments.organisations.access import OrgAccess, org_access
from assessments.reports import scoring, services
from assessments.reports.access import report_scope
from assessments.reports.builder import Report, build_report
from assessments.reports.pdf import PdfUnavailable
from assessments.rounds.access import assessment_in
from frameworks.charts import dial_gauge, radar

EXPORT_URL = {
    "round": "orgs:report_export",
    "team": "orgs:report_team_export",
    "department": "orgs:report_department_export",
}


def _report(
    request: HttpRequest, slug: str, pk: int, kind: str, obj_pk: int | None, *, compare: bool = True
) -> tuple[OrgAccess, Report]:
    access = org_access(request, slug)
    assessment = assessment_in(access, pk)
    scope = report_scope(access, assessment, kind, obj_pk)
    return access, build_report(assessment, scope, compare=compare)


def _charts(report: Report) -> dict[str, Any]:
    """The report's pictures: a radar of enabler scores and a gauge per dial."""
    if report.withheld:
        return {}
    return {
        "radar": radar(
            labels=[row.enabler.name for row in report.enablers],
            series=[(s.label, list(s.values)) for s in report.series],
        ),
        "dials": [
            (
                row,
                dial_gauge(
                    red_below=row.dial.red_below,
                    green_from=row.dial.green_from,
                    value=None if row.result.value is None else round(row.result.value),
                ),
            )
            for row in report.dials
        ],
    }


def _context(access: OrgAccess, report: Report) -> dict[str, Any]:
    scope = report.scope
    args: list[Any] = [access.organisation.slug, report.assessment.pk]
    if scope.obj_pk is not None:
        args.append(scope.obj_pk)
    export = EXPORT_URL[scope.kind]
    return access.page_context(
        assessment=report.assessment,
        report=report,
        charts=_charts(report),
        export_csv=reverse(export, args=[*args, "csv"]),
        export_xlsx=reverse(export, args=[*args, "xlsx"]),
        export_pdf=reverse(export, args=[*args, "pdf"]),
    )


@login_required
@require_safe
def report(
    request: HttpRequest, slug: str, pk: int, kind: str = "round", obj_pk: int | None = None
) -> HttpResponse:
    access, built = _report(request, slug, pk, kind, obj_pk)
    return render(request, "reports/report.html", _context(access, built))


@login_required
@require_safe
def export(
    request: HttpRequest,
    slug: str,
    pk: int,
    fmt: str,
    kind: str = "round",
    obj_pk: int | None = None,
) -> HttpResponse:
    """The report of the same scope as CSV (scores or raw answers), XLSX or PDF."""
    if fmt not in {"csv", "xlsx", "pdf"}:
        raise Http404
    # Files other than the PDF hold no radar, so they skip the department and round overlays.
    access, built = _report(request, slug, pk, kind, obj_pk, compare=fmt == "pdf")
    if fmt == "pdf":
        return _pdf(request, access, built)
    if fmt == "xlsx":
        file = services.report_xlsx(built)
    else:
        file = services.report_csv(built, what=request.GET.get("what", "scores"))
    return _download(file)


def _download(file: services.ExportFile) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.name}"'
    return response


def _pdf(request: HttpRequest, access: OrgAccess, built: Report) -> HttpResponse:
    context = {**_context(access, built), "pdf": True}
    html = render_to_string("reports/report_pdf.html", context, request=request)
    try:
        return _download(services.report_pdf(built, html))
    except PdfUnavailable:
        return render(
            request,
            "problem.html",
            {
                "title": "PDF export is not set up on this server",
                "text": "Use Print in your browser and choose “Save as PDF”, or ask your "
                "administrator to install Chromium (see PDF_CHROMIUM in the README).",
            },
            status=503,
        )


@require_safe
def how_scores_work(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/how_scores_work.html",
        {"met_at": scoring.MET_AT, "split": scoring.SPLIT_SPREAD},
    )
