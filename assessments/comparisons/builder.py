"""One builder turns a round's stored results into a typed ``Comparison`` of its groups.

The page, its board-pack PDF and workbook all read this object. The rules (what is shown,
what counts as noise, where to invest) are in ``scoring``; this module names things.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.urls import reverse

from assessments.comparisons import across, scoring, trends
from assessments.comparisons.across import ActivityRow, Column, DialRow, Disagreement
from assessments.comparisons.filters import Filters
from assessments.comparisons.selectors import (
    CompareData,
    compare_data,
    enablers_of,
    group_name,
    names_for,
    trend_groups,
)
from assessments.organisations.models import Team
from assessments.reports import store
from assessments.reports.disclosure import Disclosure
from assessments.reports.scoring import method as scoring_words
from assessments.reports.selectors import Framework, framework_for
from assessments.rounds.carry import CarriedCounts, carried_counts
from assessments.rounds.models import Assessment, Respondent
from assessments.rounds.selectors import round_team_departments
from frameworks.levels import MaturityLevel
from frameworks.models import Enabler
from pmmaturity.converters import as_id

SHOW = {"maturity": "Maturity Model", "dials": "Dashboard dials", "activities": "Who does what"}
ROLE_LABELS = dict(Respondent.Role.choices)
NO_DEPARTMENT = "No department"  # a team's department, when it has none


@dataclass(frozen=True)
class Row:
    """A group in a heatmap: the whole round, a department or a team."""

    kind: str
    pk: int
    name: str
    department: str
    people: int
    cells: tuple[scoring.Cell, ...]  # one per enabler
    url: str


@dataclass(frozen=True)
class Point:
    team: str
    score: float
    target: str  # below, met, or none (no target set)
    url: str


@dataclass(frozen=True)
class DistributionRow:
    enabler: Enabler
    spread: scoring.Distribution | None
    points: tuple[Point, ...]
    investment: scoring.Investment

    @property
    def teams_text(self) -> str:
        """Every team's score in words, lowest first: the strip as text."""
        return "; ".join(
            f"{p.team} ({p.score:.0f}{', below target' if p.target == 'below' else ''})"
            for p in self.points
        )


@dataclass(frozen=True)
class Comparison:
    assessment: Assessment
    framework: Framework
    filters: Filters
    threshold: int
    enablers: tuple[Enabler, ...]
    whole: Row
    departments: tuple[Row, ...]
    teams: tuple[Row, ...]
    columns_label: str  # "Departments" or "Teams in <department>"
    columns: tuple[Column, ...]
    distributions: tuple[DistributionRow, ...] = ()
    invest: tuple[str, ...] = ()
    dials: tuple[DialRow, ...] = ()
    activities: tuple[ActivityRow, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    roles: tuple[tuple[str, str], ...] = ()  # roles large enough to filter by
    role_refused: str = ""  # a role asked for that the round does not show, by name
    department_choices: tuple[tuple[int, str], ...] = ()
    trend: trends.Trend | None = None
    history: trends.History | None = None
    # In a named follow-up round: how the answers people started from last time fared.
    carried: CarriedCounts | None = None
    computed_at: datetime | None = None
    updating: bool = False
    method: str = ""  # the scoring methods behind the page, in words

    @property
    def summaries(self) -> list[str]:
        """A sentence per department: its levels, its weakest enabler, and what moved."""
        moved = {row.name: row.changes for row in self.trend.rows} if self.trend else {}
        return [
            summary_sentence(row, self.enablers, moved.get(row.name))
            for row in self.department_rows
        ]

    @property
    def department_rows(self) -> tuple[Row, ...]:
        """The whole round first, then each department."""
        return (self.whole, *self.departments)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.filters.role, "")

    @property
    def department_name(self) -> str:
        return dict(self.department_choices).get(self.filters.department or 0, "")

    @property
    def sort_name(self) -> str:
        if self.filters.sort == "people":
            return "most people first"
        names = {e.key: e.name for e in self.enablers}
        if self.filters.sort in names:
            return f"weakest on {names[self.filters.sort]} first"
        return "by name"


def summary_sentence(
    row: Row, enablers: Sequence[Enabler], changes: Sequence[scoring.Change | None] | None
) -> str:
    """One group in one sentence, for people who read nothing else."""
    shown = [(e, c) for e, c in zip(enablers, row.cells, strict=True) if c.shown]
    if not shown:
        return f"{row.name}: not enough responses to show yet."
    levels: dict[str, int] = {}
    for _, c in shown:
        levels[c.level_name] = levels.get(c.level_name, 0) + 1
    counted = ", ".join(f"{name} on {n}" for name, n in levels.items())
    scored = [(c.position, e.name) for e, c in shown if c.position is not None]
    text = f"{row.name} ({row.people} people): {counted} of {len(enablers)} enablers"
    if scored:
        low, name = min(scored)
        text += f"; weakest on {name} (maturity score {low})"
    if changes and any(c is not None for c in changes):  # a group not compared says nothing
        up = [e.name for e, c in zip(enablers, changes, strict=True) if c and c.direction == "up"]
        down = [
            e.name for e, c in zip(enablers, changes, strict=True) if c and c.direction == "down"
        ]
        if up:
            text += f"; up beyond noise on {', '.join(up)}"
        if down:
            text += f"; down beyond noise on {', '.join(down)}"
        if not up and not down:
            text += "; no change beyond noise since the earlier round"
    return text + "."


def _row(kind: str, pk: int, name: str, department: str, ctx: _Context) -> Row:
    by_enabler, people = enablers_of(ctx.results, (kind, pk), ctx.filters.role)
    disclosed = ctx.disclosed((kind, pk))
    cells = tuple(
        scoring.cell(by_enabler.get(e.key), people, ctx.threshold, disclosed=disclosed)
        for e in ctx.enablers
    )
    return Row(kind, pk, name, department, people, cells, ctx.url(kind, pk))


@dataclass(frozen=True)
class _Context:
    """What every part of the build needs at hand."""

    data: CompareData
    framework: Framework
    filters: Filters
    threshold: int
    enablers: tuple[Enabler, ...]
    results: store.RoundResults
    teams: tuple[Team, ...]  # the round's teams in view (one department's when filtered)
    disclosure: Disclosure  # which groups, and roles within them, may be shown
    links: Mapping[str, str]  # scope kind → URL prefix (the pk and a slash are added)

    def url(self, kind: str, pk: int) -> str:
        return self.links[kind] if kind == "round" else f"{self.links[kind]}{pk}/"

    def disclosed(self, key: store.Key) -> bool:
        """The group (or the role filtered, within it) may be shown beside the others."""
        if self.filters.role:
            return self.disclosure.shows_role(key, self.filters.role)
        return self.disclosure.shows(key)

    def shown(self, key: store.Key, results: store.ScopeResults | None) -> bool:
        return results is not None and self.disclosure.shows(key)


def _sorted(rows: Sequence[Row], sort: str, enablers: Sequence[Enabler]) -> tuple[Row, ...]:
    """Rows by name, by size, or weakest first on one enabler (blank cells last)."""
    keys = [e.key for e in enablers]
    if sort == "people":
        return tuple(sorted(rows, key=lambda r: (-r.people, r.name)))
    if sort in keys:
        i = keys.index(sort)
        return tuple(
            sorted(
                rows,
                key=lambda r: (
                    r.cells[i].position is None,
                    r.cells[i].position or 0,
                    r.cells[i].score or 0,  # the mean agreement breaks a tie on the scale
                    r.name,
                ),
            )
        )
    return tuple(sorted(rows, key=lambda r: (r.department, r.name)))


def build_comparison(data: CompareData, filters: Filters, links: Mapping[str, str]) -> Comparison:
    assessment = data.assessment
    framework = framework_for(assessment)
    results = data.results[assessment.pk]
    all_teams = tuple(assessment.teams.all())
    grouped = data.covered.get(assessment.pk) or round_team_departments(assessment)
    department_ids = sorted(
        {d for d in grouped.values() if d},
        key=lambda pk: (data.departments.get(pk, ""), pk),
    )
    disclosure = data.disclosure(assessment)
    roles = _roles(disclosure)
    refused = ROLE_LABELS.get(filters.role, "") if filters.role not in dict(roles) else ""
    # The filters as shown: each one the round can honour, and nothing else.
    filters = Filters(
        filters.department if filters.department in department_ids else None,
        "" if refused else filters.role,  # never a role the round does not show
        filters.show,
        filters.since if data.since and data.since.pk == filters.since else None,
        filters.sort
        if filters.sort in {"people", *(e.key for e in framework.enablers)}
        else "name",
    )
    teams = tuple(t for t in all_teams if filters.department in (None, grouped.get(t.pk)))
    ctx = _Context(
        data=data,
        framework=framework,
        filters=filters,
        threshold=assessment.group_threshold,
        enablers=tuple(framework.enablers),
        results=results,
        teams=teams,
        disclosure=disclosure,
        links=links,
    )
    department_rows = [
        _row("department", pk, data.departments.get(pk, ""), "", ctx) for pk in department_ids
    ]
    team_rows = [
        _row("team", t.pk, t.name, data.departments.get(grouped.get(t.pk) or 0, NO_DEPARTMENT), ctx)
        for t in teams
    ]
    columns, column_results = _columns(ctx)
    distributions = _distributions(ctx, team_rows)
    return Comparison(
        assessment=assessment,
        framework=framework,
        filters=filters,
        threshold=ctx.threshold,
        enablers=ctx.enablers,
        whole=_row("round", 0, "Whole round", "", ctx),
        departments=_sorted(department_rows, filters.sort, ctx.enablers),
        teams=_sorted(team_rows, filters.sort, ctx.enablers),
        columns_label=(
            f"Teams in {data.departments.get(filters.department, '')}"
            if filters.department
            else ("Departments" if department_ids else "Teams")
        ),
        columns=columns,
        distributions=distributions,
        invest=_invest(ctx, distributions),
        dials=across.dials(framework, column_results),
        activities=across.activities(framework, column_results),
        disagreements=across.disagreements(
            framework, ctx.threshold, columns, column_results, _column_roles(ctx, column_results)
        ),
        roles=roles,
        role_refused=refused,
        department_choices=tuple((pk, data.departments.get(pk, "")) for pk in department_ids),
        trend=trends.build_trend(data, ctx.framework, filters, links),
        history=trends.build_history(data, ctx.framework, filters),
        carried=carried_counts(assessment),
        computed_at=results.computed_at,
        updating=results.updating,
        method=methods_in_words(data),
    )


def methods_in_words(data: CompareData) -> str:
    """The scoring method this page rests on; and, where a round read kept an older one, which
    (a change across two methods is partly the method's)."""
    mine = data.results[data.assessment.pk].method
    older = [
        (r.name, data.results[r.pk].method)
        for r in data.rounds
        if r.pk in data.results and data.results[r.pk].method != mine
    ]
    text = scoring_words.method_label(mine)
    if older:
        kept = "; ".join(f"{name}: scoring method {version}" for name, version in older)
        text += f". Kept on an older method: {kept}, so a change from it is partly the method’s"
    return text


def _columns(ctx: _Context) -> tuple[tuple[Column, ...], tuple[store.ScopeResults | None, ...]]:
    """Departments side by side (and teams in none); within one department, its teams."""
    keys = trend_groups(ctx.data.assessment, ctx.filters.department)
    found = tuple(ctx.results.scopes.get(key) for key in keys)
    shown = tuple(ctx.shown(key, r) for key, r in zip(keys, found, strict=True))
    columns = tuple(
        Column(group_name(ctx.data, key), r.respondents if r else 0, up, ctx.url(*key), key)
        for key, r, up in zip(keys, found, shown, strict=True)
    )
    return columns, tuple(r if up else None for r, up in zip(found, shown, strict=True))


def _column_roles(
    ctx: _Context, found: Sequence[store.ScopeResults | None]
) -> tuple[Mapping[str, int], ...]:
    """Per column, the sizes of the roles the disclosure shows in it (others left out)."""
    return tuple(
        {}
        if r is None
        else {role: n for role, n in r.role_sizes.items() if ctx.disclosure.shows_role(key, role)}
        for key, r in zip(
            trend_groups(ctx.data.assessment, ctx.filters.department), found, strict=True
        )
    )


def _distributions(ctx: _Context, rows: Sequence[Row]) -> tuple[DistributionRow, ...]:
    out = []
    for i, enabler in enumerate(ctx.enablers):
        cells = [row.cells[i] for row in rows]
        levels: list[MaturityLevel | None] = []
        targets: list[MaturityLevel | None] = []
        points = []
        for row, c in zip(rows, cells, strict=True):
            result = _team_result(ctx, row.pk, enabler.key)
            level = scoring.level_of(result) if c.shown else None
            target = ctx.data.targets.get((row.pk, enabler.key))
            levels.append(level)
            targets.append(target)
            if c.shown and c.position is not None:
                status = _target_status(level, target)
                points.append(Point(row.name, c.position, status, row.url))
        out.append(
            DistributionRow(
                enabler,
                scoring.distribution(c.position for c in cells if c.shown),
                tuple(sorted(points, key=lambda p: (p.score, p.team))),
                scoring.investment(enabler.key, cells, levels, targets),
            )
        )
    return tuple(out)


def _target_status(level: MaturityLevel | None, target: MaturityLevel | None) -> str:
    if target is None:
        return "none"
    return "met" if level is not None and level >= target else "below"


def _team_result(ctx: _Context, team_pk: int, enabler: str) -> scoring.EnablerLike | None:
    return enablers_of(ctx.results, ("team", team_pk), ctx.filters.role)[0].get(enabler)


def _invest(ctx: _Context, rows: Sequence[DistributionRow]) -> tuple[str, ...]:
    names = {e.key: e.name for e in ctx.enablers}
    ranked = scoring.invest_order(r.investment for r in rows)
    worth = [i for i in ranked if i.below_target or i.thin or i.median is not None]
    return tuple(scoring.invest_sentence(names[i.enabler], i) for i in worth[:3])


def _roles(disclosure: Disclosure) -> tuple[tuple[str, str], ...]:
    """Roles the round may be filtered by: each large enough, and so is everyone else."""
    return tuple(
        (role, ROLE_LABELS[role])
        for key, role in sorted(disclosure.roles)
        if key == store.ROUND_KEY and role in ROLE_LABELS
    )


def filters_from(query: Mapping[str, Any]) -> Filters:
    """Filters from a query string; anything not understood is left out, never an error."""

    def number(name: str) -> int | None:
        return as_id(query.get(name, ""))  # "²" is a digit to isdigit(), not to int()

    show = str(query.get("show", ""))
    role = str(query.get("role", ""))
    return Filters(
        department=number("dept"),
        role=role if role in ROLE_LABELS else "",
        show=show if show in SHOW else "",
        since=number("since"),
        sort=str(query.get("sort", "name"))[:60] or "name",
    )


def report_links(slug: str, pk: int) -> dict[str, str]:
    """Where a row of the comparison leads: the report of the round, a department or a team.

    One reverse() per kind, the pk added per row: an organisation can have hundreds of teams.
    """

    def prefix(name: str) -> str:
        url = reverse(name, args=[slug, pk, 0])
        assert url.endswith("/0/"), url
        return url.removesuffix("0/")

    return {
        "round": reverse("orgs:report", args=[slug, pk]),
        "department": prefix("orgs:report_department"),
        "team": prefix("orgs:report_team"),
    }


def comparison_for(assessment: Assessment, filters: Filters) -> Comparison:
    """The comparison of a round as these filters ask, read from the results store."""
    links = report_links(assessment.organisation.slug, assessment.pk)
    # An unknown department is dropped by compare_data, which reads the round's grouping.
    data = compare_data(
        assessment, since=filters.since, department=filters.department, role=filters.role
    )
    return build_comparison(data, filters, links)


def pack_title(assessment: Assessment, label: str, filters: Filters) -> str:
    """A board pack's title in the list of exports: the round, the file, and its filters in a
    few words, so two packs of one round can be told apart (the file itself says it all)."""
    words = names_for(assessment, filters.department, None)
    if filters.role:
        words.append(f"{ROLE_LABELS[filters.role].lower()}s")
    if filters.show:
        words.append(SHOW[filters.show])
    words += names_for(assessment, None, filters.since)
    return " · ".join([f"{assessment.name}: {label}", *words])
