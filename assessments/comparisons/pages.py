"""What the comparison page and its board-pack PDF show: the template context and pictures."""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format

from assessments.comparisons import charts
from assessments.comparisons.builder import NO_DEPARTMENT, SHOW, Comparison
from assessments.comparisons.like_for_like import Group
from assessments.organisations.access import OrgAccess
from assessments.rounds.models import Assessment


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
        made_with=made_with(comparison),
        show_names=SHOW,
        **extra,
    )


def _round_words(r: Assessment) -> str:
    opens, closes = date_format(r.opens_at, "j M Y"), date_format(r.closes_at, "j M Y")
    return f"{r.name}, open {opens} to {closes}, on {r.framework_version}"


def _scope_words(comparison: Comparison) -> str:
    teams = len(comparison.teams)
    if comparison.filters.department:  # its teams are named where shown, or said hidden
        return f"{comparison.department_name} only: {Group(teams, ()).words}"
    departments = tuple(sorted(row.name for row in comparison.departments))
    loose = sum(1 for row in comparison.teams if row.department == NO_DEPARTMENT)
    return f"The whole round: {Group(teams, departments, loose).words}"


def _since_words(comparison: Comparison) -> str:
    trend = comparison.trend
    if trend is None:
        return "Nothing: there is no earlier round"
    text = _round_words(trend.since)
    if not comparison.filters.since and trend.refusal is None:
        text += " (the newest earlier round that covered these teams)"
    if trend.refusal is not None:
        return f"{text}. No change is shown: {trend.refusal.text}"
    if not trend.same_version:
        text += f"; compared on the {trend.shared} of {trend.asked} statements both rounds asked"
    return text


def made_with(comparison: Comparison) -> list[tuple[str, str]]:
    """What the page (and its board pack) is made with, in plain words: the round, the scope,
    every filter and the round compared with. Shown first, so a page is never read as more
    than it is."""
    role = f"{comparison.role_label}s only" if comparison.role_label else "Everyone"
    if comparison.role_refused:
        role += f" ({comparison.role_refused.lower()}s were asked for: too few to show apart)"
    show = comparison.filters.show
    return [
        ("Round", _round_words(comparison.assessment)),
        ("Scope", _scope_words(comparison)),
        ("Respondents", role),
        ("Instruments", f"{SHOW[show]} only" if show else "All three"),
        ("Compared with", _since_words(comparison)),
        ("Rows", f"Sorted {comparison.sort_name}"),
    ]
