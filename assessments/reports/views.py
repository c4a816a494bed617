"""Scored reports for a team, a department or a whole round. Thin: access, build, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from assessments.exports.models import ExportJob
from assessments.exports.services import ExportRequest
from assessments.exports.views import start_export
from assessments.organisations.access import OrgAccess, org_access
from assessments.reports import scoring, services
from assessments.reports.access import Scope, report_scope
from assessments.reports.builder import Report, build_report
from assessments.reports.charts import report_charts
from assessments.reports.selectors import submitted_count
from assessments.rounds.access import assessment_in
from assessments.rounds.models import Assessment

REPORT_URL = {
    "round": "orgs:report",
    "team": "orgs:report_team",
    "department": "orgs:report_department",
}
# What is made in the background, always (PDF) or for scopes with many responses.
BACKGROUND = {
    "pdf": ExportJob.Kind.REPORT_PDF,
    "xlsx": ExportJob.Kind.REPORT_XLSX,
    "answers": ExportJob.Kind.REPORT_ANSWERS,
}
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


def _args(access: OrgAccess, assessment: Assessment, scope: Scope) -> list[Any]:
    args: list[Any] = [access.organisation.slug, assessment.pk]
    if scope.obj_pk is not None:
        args.append(scope.obj_pk)
    return args


def _context(access: OrgAccess, report: Report) -> dict[str, Any]:
    scope = report.scope
    args = _args(access, report.assessment, scope)
    export = EXPORT_URL[scope.kind]
    return access.page_context(
        assessment=report.assessment,
        report=report,
        charts=report_charts(report),
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
@require_http_methods(["GET", "HEAD", "POST"])
def export(
    request: HttpRequest,
    slug: str,
    pk: int,
    fmt: str,
    kind: str = "round",
    obj_pk: int | None = None,
) -> HttpResponse:
    """The report of the same scope as CSV (scores or raw answers), XLSX or PDF.

    Small files come at once. PDFs, and spreadsheets or raw answers of large scopes, are
    made in the background: GET asks first, POST queues the export.
    """
    if fmt not in {"csv", "xlsx", "pdf"}:
        raise Http404
    access = org_access(request, slug)
    assessment = assessment_in(access, pk)
    scope = report_scope(access, assessment, kind, obj_pk)
    what = "answers" if fmt == "csv" and request.GET.get("what") == "answers" else fmt
    background = BACKGROUND.get(what)
    if background and (fmt == "pdf" or _large(assessment, scope)):
        return start_export(
            request,
            access,
            ExportRequest(
                assessment=assessment,
                kind=background,
                scope_kind=scope.kind,
                scope_pk=scope.obj_pk,
                title=f"{scope.title}: {ExportJob.Kind(background).label}",
            ),
            back=reverse(REPORT_URL[scope.kind], args=_args(access, assessment, scope)),
        )
    if request.method == "POST":
        return HttpResponseNotAllowed(["GET", "HEAD"])
    # Files other than the PDF hold no radar, so they skip the department and round overlays.
    built = build_report(assessment, scope, compare=False)
    if fmt == "xlsx":
        return _download(services.report_xlsx(built))
    return _download(services.report_csv(built, what=what))


def _large(assessment: Assessment, scope: Scope) -> bool:
    return submitted_count(assessment, scope.team_ids) > settings.EXPORT_INLINE_MAX_RESPONSES


def _download(file: services.ExportFile) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.name}"'
    return response


@require_safe
def how_scores_work(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/how_scores_work.html",
        {
            "method": scoring.METHOD_LABEL,
            "min_raters": scoring.MIN_RATERS,
            "split_pct": round(100 * scoring.SPLIT_SHARE),
            "confidence": scoring.CONFIDENCE_RULES,
        },
    )
