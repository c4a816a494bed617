"""What changed since an earlier round, and each enabler's line across every round.

Rounds on different framework versions are compared on the statements they share, matched
by their stable keys (``scoring.shared_score``); the page says when that is the case.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assessments.comparisons import scoring
from assessments.comparisons.selectors import CompareData
from assessments.reports import store
from assessments.reports.scoring import EnablerResult, StatementResult
from assessments.reports.selectors import Framework
from assessments.rounds.models import Assessment
from frameworks.models import Enabler

if TYPE_CHECKING:
    from assessments.comparisons.builder import Filters

MOVED_SHOWN = 6


@dataclass(frozen=True)
class TrendRow:
    name: str
    url: str
    changes: tuple[scoring.Change | None, ...]  # per enabler; None: a side not shown


@dataclass(frozen=True)
class MovedStatement:
    text: str
    enabler: str
    change: scoring.Change
    warning: bool  # a warning sign: up means it is less true now


@dataclass(frozen=True)
class Trend:
    since: Assessment
    same_version: bool
    shared: int  # statements both rounds asked
    asked: int  # statements this round asked
    rows: tuple[TrendRow, ...]  # the whole round (or the department), then departments
    moved: tuple[MovedStatement, ...]
    earlier: tuple[Assessment, ...]  # rounds it could be compared with, newest first

    @property
    def real_changes(self) -> int:
        return sum(
            1 for row in self.rows for c in row.changes if c is not None and not c.within_noise
        )


@dataclass(frozen=True)
class Line:
    enabler: Enabler
    scores: tuple[float | None, ...]  # one per round, oldest first


@dataclass(frozen=True)
class Turnout:
    assessment: Assessment
    invited: int
    started: int
    submitted: int

    @property
    def rate(self) -> int | None:
        return round(100 * self.submitted / self.invited) if self.invited else None


@dataclass(frozen=True)
class History:
    rounds: tuple[Assessment, ...]
    lines: tuple[Line, ...]
    turnout: tuple[Turnout, ...]
    mixed_versions: bool

    @property
    def by_round(self) -> list[tuple[Turnout, tuple[float | None, ...]]]:
        """Each round's participation and enabler scores: the lines as a table."""
        return [
            (t, tuple(line.scores[i] for line in self.lines)) for i, t in enumerate(self.turnout)
        ]


def _by_key(
    data: CompareData, statements: Mapping[int, StatementResult]
) -> dict[str, StatementResult]:
    return {data.statements[pk].key: r for pk, r in statements.items() if pk in data.statements}


def _enabler_keys(data: CompareData, keys: set[str]) -> dict[str, set[str]]:
    """Which of these statement keys belong to which enabler (by the enabler's key)."""
    out: dict[str, set[str]] = {}
    for s in data.statements.values():
        if s.key in keys:
            out.setdefault(s.enabler, set()).add(s.key)
    return out


def _scope_key(filters: Filters) -> store.Key:
    return ("department", filters.department) if filters.department else store.ROUND_KEY


def _shown(results: store.ScopeResults | None, assessment: Assessment, role: str) -> bool:
    if results is None:
        return False
    size = results.role_sizes.get(role, 0) if role else results.respondents
    return assessment.shows_group(size)


def _enablers(results: store.ScopeResults, role: str) -> Mapping[str, EnablerResult]:
    return results.roles.get(role, {}) if role else results.scores.enablers


@dataclass(frozen=True)
class _Pair:
    """One scope in the earlier round and in this one, and how to compare them."""

    before: store.ScopeResults | None
    after: store.ScopeResults | None
    since: Assessment
    now: Assessment
    shared: Mapping[str, set[str]] | None  # enabler → shared statement keys; None: same version


def _changes(
    data: CompareData, pair: _Pair, enablers: Sequence[Enabler], role: str
) -> tuple[scoring.Change | None, ...]:
    b, a = pair.before, pair.after
    if b is None or a is None or not _shown(b, pair.since, role) or not _shown(a, pair.now, role):
        return tuple(None for _ in enablers)
    before, after = _enablers(b, role), _enablers(a, role)
    by_key = pair.shared is not None and not role
    b_keyed = _by_key(data, b.scores.statements) if by_key else {}
    a_keyed = _by_key(data, a.scores.statements) if by_key else {}
    out: list[scoring.Change | None] = []
    for e in enablers:
        scores = None
        if by_key and pair.shared is not None:
            keys = pair.shared.get(e.key, set())
            scores = (scoring.shared_score(b_keyed, keys), scoring.shared_score(a_keyed, keys))
        out.append(scoring.enabler_change(before.get(e.key), after.get(e.key), scores=scores))
    return tuple(out)


def _since(
    data: CompareData, wanted: int | None
) -> tuple[Assessment | None, tuple[Assessment, ...]]:
    earlier = tuple(r for r in reversed(data.rounds) if r.pk != data.assessment.pk)
    chosen = next((r for r in earlier if r.pk == wanted), earlier[0] if earlier else None)
    return chosen, earlier


def _trend_groups(data: CompareData, filters: Filters) -> list[tuple[str, int, str]]:
    """The departments of the round; or, within one department, its teams."""
    if filters.department:
        teams = [t for t in data.assessment.teams.all() if t.department_id == filters.department]
        return [("team", t.pk, t.name) for t in sorted(teams, key=lambda t: (t.name, t.pk))]
    after = data.results[data.assessment.pk].scopes
    departments = [(k[1], data.departments.get(k[1], "")) for k in after if k[0] == "department"]
    return [
        ("department", pk, name) for pk, name in sorted(departments, key=lambda p: (p[1], p[0]))
    ]


def build_trend(
    data: CompareData, framework: Framework, filters: Filters, links: Mapping[str, str]
) -> Trend | None:
    """This round against an earlier one: per enabler and per department, and the statements
    that moved most. None when the organisation has no earlier round."""
    since, earlier = _since(data, filters.since)
    if since is None:
        return None
    now = data.assessment
    before, after = data.results[since.pk].scopes, data.results[now.pk].scopes
    whole_before, whole_after = before.get(store.ROUND_KEY), after.get(store.ROUND_KEY)
    keys_before = set(_by_key(data, whole_before.scores.statements)) if whole_before else set()
    keys_after = set(_by_key(data, whole_after.scores.statements)) if whole_after else set()
    shared_keys = keys_before & keys_after
    same = since.framework_version_id == now.framework_version_id
    shared = None if same else _enabler_keys(data, shared_keys)
    enablers = framework.enablers
    scope = _scope_key(filters)
    rows = [
        TrendRow(
            "Whole round" if scope == store.ROUND_KEY else data.departments.get(scope[1], ""),
            links["round"] if scope == store.ROUND_KEY else f"{links['department']}{scope[1]}/",
            _changes(
                data,
                _Pair(before.get(scope), after.get(scope), since, now, shared),
                enablers,
                filters.role,
            ),
        )
    ]
    for kind, pk, name in _trend_groups(data, filters):
        key = (kind, pk)
        pair = _Pair(before.get(key), after.get(key), since, now, shared)
        rows.append(
            TrendRow(name, f"{links[kind]}{pk}/", _changes(data, pair, enablers, filters.role))
        )
    return Trend(
        since=since,
        same_version=same,
        shared=len(shared_keys),
        asked=len(keys_after),
        rows=tuple(rows),
        moved=_moved(data, before.get(scope), after.get(scope), since, filters.role, shared_keys),
        earlier=earlier,
    )


def _moved(
    data: CompareData,
    before: store.ScopeResults | None,
    after: store.ScopeResults | None,
    since: Assessment,
    role: str,
    shared: set[str],
) -> tuple[MovedStatement, ...]:
    """The shared statements that moved most beyond noise (for everyone: not kept per role)."""
    now = data.assessment
    if role or not _shown(before, since, "") or not _shown(after, now, ""):
        return ()
    assert before is not None
    assert after is not None
    b = {k: v for k, v in _by_key(data, before.scores.statements).items() if k in shared}
    a = _by_key(data, after.scores.statements)
    texts = {s.key: s for pk, s in data.statements.items() if pk in after.scores.statements}
    return tuple(
        MovedStatement(texts[m.key].text, texts[m.key].enabler, m.change, texts[m.key].warning)
        for m in scoring.moved_most(b, a, MOVED_SHOWN)
        if m.key in texts
    )


def build_history(data: CompareData, framework: Framework, filters: Filters) -> History:
    """Each enabler's score in every round up to this one, and how many people took part."""
    now = data.assessment
    scope = _scope_key(filters)
    current = data.results[now.pk].scopes.get(store.ROUND_KEY)
    keys_now = set(_by_key(data, current.scores.statements)) if current else set()
    by_enabler = _enabler_keys(data, keys_now)
    columns: list[tuple[float | None, ...]] = []
    turnout = []
    for r in data.rounds:
        found = data.results[r.pk].scopes.get(scope)
        turnout.append(_turnout(r, found))
        if found is None or not _shown(found, r, filters.role):
            columns.append(tuple(None for _ in framework.enablers))
            continue
        same = r.framework_version_id == now.framework_version_id
        enablers = _enablers(found, filters.role)
        statements = _by_key(data, found.scores.statements)
        columns.append(
            tuple(
                _score(enablers.get(e.key))
                if same or filters.role
                else scoring.shared_score(statements, by_enabler.get(e.key, set()))
                for e in framework.enablers
            )
        )
    lines = tuple(
        Line(e, tuple(col[i] for col in columns)) for i, e in enumerate(framework.enablers)
    )
    versions = {r.framework_version_id for r in data.rounds}
    return History(data.rounds, lines, tuple(turnout), len(versions) > 1)


def _score(result: EnablerResult | None) -> float | None:
    return result.score if result is not None else None


def _turnout(assessment: Assessment, found: store.ScopeResults | None) -> Turnout:
    counts = found.participation if found is not None else {}
    return Turnout(
        assessment,
        counts.get("invited", 0),
        counts.get("started", 0),
        counts.get("submitted", 0),
    )
