"""What the comparison page and its board-pack PDF show: the template context and pictures."""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format

from assessments.comparisons import charts
from assessments.comparisons.builder import SHOW, Comparison
from assessments.organisations.access import OrgAccess


def comparison_charts(comparison: Comparison, *, pdf: bool = False) -> dict[str, Any]:
    """Every picture of the page (and its PDF), drawn on the server."""
    history = comparison.history
    labels = [date_format(r.opens_at, "M Y") for r in history.rounds] if history else []
    return {
        "heat_departments": charts.heatmap_rows(
            comparison.department_rows,
            pdf=pdf,
            show_department=False,
            hide_below=comparison.threshold,
        ),
        "heat_teams": charts.heatmap_rows(
            comparison.teams,
            pdf=pdf,
            show_department=True,
            hide_below=comparison.threshold,
        ),
        "strips": [(row, charts.strip_svg(row)) for row in comparison.distributions],
        "lines": [(line, charts.line_svg(line, labels)) for line in history.lines]
        if history
        else [],
        "turnout": charts.turnout_svg(history.turnout) if history else "",
    }


def compare_context(
    access: OrgAccess,
    comparison: Comparison,
    sort_links: dict[str, str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    sort_links = sort_links or {}
    return access.page_context(
        sort_links=sort_links,
        enabler_sorts=[(e, sort_links.get(e.key, "")) for e in comparison.enablers],
        assessment=comparison.assessment,
        comparison=comparison,
        charts=comparison_charts(comparison, pdf=bool(extra.get("pdf"))),
        show_names=SHOW,
        **extra,
    )
