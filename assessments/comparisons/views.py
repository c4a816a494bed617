"""The comparison page of a round, and its board pack. Thin: access, build, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from assessments.comparisons.access import comparison_round
from assessments.comparisons.builder import comparison_for, filters_from
from assessments.comparisons.pages import compare_context
from assessments.exports.models import ExportJob
from assessments.exports.services import ExportRequest
from assessments.exports.views import start_export
from assessments.organisations.access import org_access

BOARD_PACK = {"pdf": ExportJob.Kind.BOARD_PDF, "xlsx": ExportJob.Kind.BOARD_XLSX}


def _query(request: HttpRequest, **change: Any) -> str:
    """This page's query string with some filters changed (None removes one)."""
    query = request.GET.copy()
    for name, value in change.items():
        query.pop(name, None)
        if value not in (None, ""):
            query[name] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@login_required
@require_safe
def compare(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = org_access(request, slug)
    assessment = comparison_round(access, pk)
    comparison = comparison_for(assessment, filters_from(request.GET))
    since = comparison.trend.since.pk if comparison.trend else None
    sort_links = {
        key: _query(request, sort=key)
        for key in ["name", "people", *(e.key for e in comparison.enablers)]
    }
    pack = "?since=" + str(since) if since else ""
    return render(
        request,
        "comparisons/compare.html",
        compare_context(
            access,
            comparison,
            sort_links=sort_links,
            clear_filters=_query(request, dept=None, role=None, show=None),
            board_pdf=reverse("orgs:compare_board_pack", args=[slug, pk, "pdf"]) + pack,
            board_xlsx=reverse("orgs:compare_board_pack", args=[slug, pk, "xlsx"]) + pack,
        ),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def board_pack(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    """The board pack (PDF or workbook), made in the background: GET asks, POST queues."""
    if fmt not in BOARD_PACK:
        raise Http404
    access = org_access(request, slug)
    assessment = comparison_round(access, pk)
    since = filters_from(request.GET).since
    kind = BOARD_PACK[fmt]
    return start_export(
        request,
        access,
        ExportRequest(
            assessment=assessment,
            kind=kind,
            scope_kind="comparison",
            scope_pk=since,
            title=f"{assessment.name}: {ExportJob.Kind(kind).label}",
        ),
        back=reverse("orgs:compare", args=[slug, pk]),
    )
