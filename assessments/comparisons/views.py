"""The comparison page of a round, and its board pack. Thin: access, build, render."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from assessments.comparisons.access import comparison_round
from assessments.comparisons.builder import Comparison, comparison_for, filters_from, pack_title
from assessments.comparisons.filters import Filters
from assessments.comparisons.pages import compare_context
from assessments.exports.models import ExportJob
from assessments.exports.services import ExportRequest
from assessments.exports.views import start_export
from assessments.organisations.access import org_access

BOARD_PACK = {"pdf": ExportJob.Kind.BOARD_PDF, "xlsx": ExportJob.Kind.BOARD_XLSX}


def _address(url: str, filters: Filters) -> str:
    """A link to ``url`` with exactly these filters (as shown), and nothing else carried."""
    query = urlencode(filters.query())
    return f"{url}?{query}" if query else url


def _as_shown(comparison: Comparison) -> Filters:
    """The filters the page shows, with the round it compares with named: what its board pack
    is made with, so the file shows what the page did even if another round comes later."""
    since = comparison.trend.since.pk if comparison.trend else None
    return replace(comparison.filters, since=since)


@login_required
@require_safe
def compare(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = org_access(request, slug)
    assessment = comparison_round(access, pk)
    comparison = comparison_for(assessment, filters_from(request.GET))
    shown = comparison.filters
    page = reverse("orgs:compare", args=[slug, pk])
    sort_links = {
        key: _address(page, shown.sorted_by(key))
        for key in ["name", "people", *(e.key for e in comparison.enablers)]
    }
    pack = _as_shown(comparison)
    return render(
        request,
        "comparisons/compare.html",
        compare_context(
            access,
            comparison,
            sort_links=sort_links,
            clear_filters=_address(page, shown.cleared()),
            board_pdf=_address(reverse("orgs:compare_board_pack", args=[slug, pk, "pdf"]), pack),
            board_xlsx=_address(reverse("orgs:compare_board_pack", args=[slug, pk, "xlsx"]), pack),
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
    filters = filters_from(request.GET)
    kind = BOARD_PACK[fmt]
    return start_export(
        request,
        access,
        ExportRequest(
            assessment=assessment,
            kind=kind,
            scope_kind="comparison",
            scope_pk=filters.since,
            title=pack_title(assessment, ExportJob.Kind(kind).label, filters),
            filters=filters.query(),  # the page's filters, read back by the exporter
        ),
        back=_address(reverse("orgs:compare", args=[slug, pk]), filters),
    )
