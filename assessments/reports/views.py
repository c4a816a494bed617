"""Scored reports for a team, a department or a whole round. Thin: access, build, render."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from assessments.exports.models import ExportJob
from assessments.exports.services import ExportRequest
from assessments.exports.views import start_export
from assessments.organisations.access import OrgAccess, org_access
from assessments.personas.selectors import persona_context
from assessments.reports import comments, services
from assessments.reports.access import Scope, report_scope
from assessments.reports.builder import Report, build_report
from assessments.reports.charts import report_charts
from assessments.reports.scoring import findings, instruments, method, noise
from assessments.reports.scoring.words import number_words, share_words
from assessments.reports.selectors import submitted_count
from assessments.rounds import anonymity
from assessments.rounds.access import assessment_in
from assessments.rounds.models import Assessment
from assessments.rounds.selectors import PARTICIPATION_WORDS
from frameworks.levels import LEVEL_BANDS, MaturityLevel
from pmmaturity.converters import as_id

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
COMMENTS_URL = {
    "round": "orgs:report_comments",
    "team": "orgs:report_team_comments",
    "department": "orgs:report_department_comments",
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


@dataclass(frozen=True)
class ScopeLink:
    label: str
    url: str
    current: bool


def _link_prefix(name: str, *args: Any) -> str:
    """A URL whose last part (a primary key) is left to add: one reverse() for many links.

    An organisation can have hundreds of teams; reversing each costs more than the rest
    of the report page.
    """
    url = reverse(name, args=[*args, 0])
    assert url.endswith("/0/"), url
    return url.removesuffix("0/")


def _scope_links(access: OrgAccess, report: Report) -> list[ScopeLink]:
    """The round, each department and each team in it: the report's other scopes."""
    slug, pk, scope = access.organisation.slug, report.assessment.pk, report.scope
    links = [ScopeLink("All teams", reverse("orgs:report", args=[slug, pk]), scope.kind == "round")]
    departments = {d.pk: d for d in report.grouped.values() if d}  # as the round groups them
    prefix = _link_prefix("orgs:report_department", slug, pk)
    for department in sorted(departments.values(), key=lambda d: (d.name, d.pk)):
        current = scope.department is not None and scope.department.pk == department.pk
        links.append(ScopeLink(department.name, f"{prefix}{department.pk}/", current))
    prefix = _link_prefix("orgs:report_team", slug, pk)
    for team in report.teams:
        current = scope.team is not None and scope.team.pk == team.pk
        links.append(ScopeLink(team.name, f"{prefix}{team.pk}/", current))
    return links


def _context(access: OrgAccess, report: Report) -> dict[str, Any]:
    scope = report.scope
    args = _args(access, report.assessment, scope)
    export = EXPORT_URL[scope.kind]
    return access.page_context(
        **persona_context(report),
        assessment=report.assessment,
        report=report,
        scope_links=_scope_links(access, report) if access.is_manager else [],
        charts=report_charts(report),
        comments_url=reverse(COMMENTS_URL[scope.kind], args=args),
        report_url=reverse(REPORT_URL[scope.kind], args=args),
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
def report_comments(
    request: HttpRequest, slug: str, pk: int, kind: str = "round", obj_pk: int | None = None
) -> HttpResponse:
    """A scope's comments a page at a time, all of them or those on one statement (?on=its
    place in the questionnaire). None while the report is withheld."""
    access, built = _report(request, slug, pk, kind, obj_pk, compare=False)
    on = request.GET.get("on")
    about = as_id(on) if on else None
    if on and not any(c.order == about for c in built.comment_counts):
        raise Http404("No comments on that statement in this report.")
    page = None
    if not built.withheld:
        page = comments.comments_page(
            built.assessment,
            built.scope.team_ids,
            built.comment_counts,
            about=about,
            number=request.GET.get("page"),
        )
    return render(
        request, "reports/comments.html", {**_context(access, built), "comment_page": page}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def export(
    request: HttpRequest,
    slug: str,
    pk: int,
    fmt: str,
    kind: str = "round",
    obj_pk: int | None = None,
) -> HttpResponseBase:
    """The report of the same scope as CSV (scores or raw answers), XLSX or PDF.

    Small files come at once (raw answers and spreadsheets streamed as they are made). PDFs,
    and spreadsheets or raw answers of large scopes, are made in the background: GET asks
    first, POST queues the export.
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
    if what == "answers":  # the raw answers need no report
        return _download(services.answers_csv(assessment, scope))
    # Files other than the PDF hold no radar, so they skip the department and round overlays.
    built = build_report(assessment, scope, compare=False)
    if fmt == "xlsx":
        return _download(services.report_xlsx(built))
    return _download(services.scores_csv(built))


def _large(assessment: Assessment, scope: Scope) -> bool:
    return submitted_count(assessment, scope.team_ids) > settings.EXPORT_INLINE_MAX_RESPONSES


def _download(file: services.ExportFile | services.StreamedFile) -> HttpResponseBase:
    response: HttpResponseBase
    if isinstance(file, services.StreamedFile):
        response = StreamingHttpResponse(file.chunks, content_type=file.content_type)
    else:
        response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.name}"'
    return response


def _method_in_words() -> dict[str, Any]:
    """Every number the how-scores page explains, read from the rules that use it."""
    return {
        "method": method.METHOD_LABEL,
        "min_raters": method.MIN_RATERS,
        "in_place": share_words(method.IN_PLACE_SHARE),
        "mostly": share_words(method.MOSTLY),
        "symptoms_absent": share_words(method.SYMPTOMS_ABSENT),
        "split_pct": round(100 * method.SPLIT_SHARE),
        "confidence": method.CONFIDENCE_RULES,
        "next_moves": number_words(findings.NEXT_MOVES),
        "leader_agreement": share_words(instruments.LEADER_AGREEMENT),
        **_changes_in_words(),
        "default_min_group": anonymity.DEFAULT_MIN_GROUP_SIZE,
        "benchmark_min": anonymity.BENCHMARK_MIN_OTHERS,
        "benchmark_batch": anonymity.BENCHMARK_BATCH,
        "benchmark_band": anonymity.BENCHMARK_BAND,
        "bands": [(level.label, *LEVEL_BANDS[level]) for level in MaturityLevel],
        "participation_words": PARTICIPATION_WORDS,
    }


# The example the page sizes its bars for: a team of five in both rounds, on a page of forty
# changes (a round's departments and teams by five enablers, and its statements).
_EXAMPLE_PEOPLE = 5
_EXAMPLE_CHANGES = 40


def _changes_in_words() -> dict[str, Any]:
    """The numbers of the rule that calls a change real (reports.scoring.noise)."""
    family = noise.FAMILY_ERROR
    df = 2.0 * (_EXAMPLE_PEOPLE - 1)
    return {
        "family_pct": f"{100 * family:g}%",
        "one_page_in": number_words(round(1 / family)),
        "single_pct": f"{100 * (1 - family):g}%",
        "example_people": number_words(_EXAMPLE_PEOPLE),
        "example_changes": number_words(_EXAMPLE_CHANGES),
        "t_small": f"{noise.t_bar(family, df):.1f}",
        "z_many": f"{NormalDist().inv_cdf(1 - family / 2):.2f}",
        "t_first_of_many": f"{noise.t_bar(family / _EXAMPLE_CHANGES, df):.1f}",
        "min_margin": f"{noise.MIN_MARGIN:g}",
    }


@require_safe
def how_scores_work(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/how_scores_work.html", _method_in_words())
