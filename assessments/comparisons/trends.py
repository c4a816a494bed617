"""What changed since an earlier round, and each enabler's line across every round.

Rounds on different framework versions are compared on the statements they share, matched
by their stable keys (``scoring.shared_score``); the page says when that is the case.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from assessments.comparisons import like_for_like, scoring
from assessments.comparisons.filters import Filters
from assessments.comparisons.selectors import (
    CompareData,
    comparable_as_asked,
    enablers_of,
    group_name,
    teams_in,
    trend_groups,
    trend_scope,
)
from assessments.reports import store
from assessments.reports.scoring import StatementResult
from assessments.reports.scoring.pairs import Paired
from assessments.reports.selectors import Framework
from assessments.rounds.models import Assessment
from assessments.rounds.selectors import round_team_departments
from frameworks.models import Enabler

MOVED_SHOWN = 6


@dataclass(frozen=True)
class TrendRow:
    name: str
    url: str
    changes: tuple[scoring.Change | None, ...]  # per enabler; None: a side not shown
    absent: bool = False  # the group was not in the earlier round at all
    # Not compared: the rounds covered different teams in this group (a pilot against all).
    different_group: bool = False
    teams_then: int = 0
    teams_now: int = 0


@dataclass(frozen=True)
class MovedStatement:
    text: str
    enabler: str
    change: scoring.Change
    warning: bool  # a warning sign: up means it is less true now


@dataclass(frozen=True)
class TeamMove:
    team: str
    enabler: str
    change: scoring.Change
    url: str


@dataclass(frozen=True)
class Trend:
    since: Assessment
    same_version: bool
    shared: int  # statements both rounds asked
    asked: int  # statements this round asked
    rows: tuple[TrendRow, ...]  # the whole round (or the department), then departments
    moved: tuple[MovedStatement, ...]
    earlier: tuple[Assessment, ...]  # rounds like for like in this scope (and ``since``)
    teams_moved: tuple[TeamMove, ...] = ()  # every team's changes beyond noise, largest first
    # Set when ``since`` is not like for like in this scope: no change is shown, and why.
    refusal: like_for_like.Refusal | None = None

    @property
    def newest_alike(self) -> Assessment | None:
        """The round compared with when none is chosen: the newest that can show change."""
        return next((r for r in self.earlier if self.refusal is None or r != self.since), None)

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
    other_groups: tuple[Assessment, ...] = ()  # covered other teams: left out of the lines

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


def _statement_keys(data: CompareData, round_pk: int, key: store.Key) -> set[str]:
    full = data.results[round_pk].scopes.get(key)
    return set(_by_key(data, full.scores.statements)) if full else set()


@dataclass(frozen=True)
class _Side:
    """One group in one round: its enabler results as filtered, and its statements if read."""

    enablers: Mapping[str, scoring.EnablerLike]
    shown: bool
    statements: Mapping[str, StatementResult] | None


def _side(data: CompareData, r: Assessment, key: store.Key, role: str) -> _Side:
    results = data.results[r.pk]
    enablers, size = enablers_of(results, key, role)
    full = results.scopes.get(key)
    statements = _by_key(data, full.scores.statements) if full is not None else None
    disclosure = data.disclosure(r)  # never a group that its neighbours would give away
    shown = disclosure.shows_role(key, role) if role else disclosure.shows(key)
    return _Side(enablers, shown and size > 0, statements)


def _changes(
    before: _Side,
    after: _Side,
    enablers: Sequence[Enabler],
    shared: Mapping[str, set[str]] | None,  # enabler → shared statement keys; None: same version
    paired: Mapping[str, Paired],  # enabler → the people in both rounds, as totals
) -> tuple[scoring.Change | None, ...]:
    if not before.shown or not after.shown:
        return tuple(None for _ in enablers)
    out: list[scoring.Change | None] = []
    for e in enablers:
        scores = None
        if shared is not None and before.statements is not None and after.statements is not None:
            keys = shared.get(e.key, set())
            scores = (
                scoring.shared_score(before.statements, keys),
                scoring.shared_score(after.statements, keys),
            )
        b, a = before.enablers.get(e.key), after.enablers.get(e.key)
        out.append(scoring.enabler_change(b, a, scores=scores, paired=paired.get(e.key)))
    return tuple(out)


def build_trend(
    data: CompareData, framework: Framework, filters: Filters, links: Mapping[str, str]
) -> Trend | None:
    """This round against an earlier one: per enabler and per department (or per team of one
    department), and the statements that moved most. None without an earlier round.

    Every change the page shows (rows, teams, statements) is judged as one family."""
    since, now = data.since, data.assessment
    if since is None:
        return None
    scope = trend_scope(filters.department)
    keys_after = _statement_keys(data, now.pk, scope)
    shared_keys = _statement_keys(data, since.pk, scope) & keys_after
    same = comparable_as_asked(since, now)
    verdicts = {r.pk: _verdict(data, r, scope) for r in data.earlier}
    offered = tuple(r for r in data.earlier if verdicts[r.pk].alike or r == since)
    if not verdicts[since.pk].alike:
        return Trend(
            since=since,
            same_version=same,
            shared=len(shared_keys),
            asked=len(keys_after),
            rows=(),
            moved=(),
            earlier=offered,
            refusal=_refusal(data, scope, verdicts),
        )
    # With a role filter, each version's own statements: per-statement results are not kept
    # per role.
    shared = None if same or filters.role else _enabler_keys(data, shared_keys)
    groups = sorted(trend_groups(now, filters.department), key=lambda k: (group_name(data, k), k))
    rows = [_row(data, key, framework, filters, links, shared) for key in [scope, *groups]]
    teams = _team_changes(data, framework, filters, links) if same else []
    like = not rows[0].different_group
    statements = _statement_changes(data, since, scope, filters.role, shared_keys) if like else {}
    rows, teams, statements = _judged(rows, teams, statements, framework.enablers)
    return Trend(
        since=since,
        same_version=same,
        shared=len(shared_keys),
        asked=len(keys_after),
        rows=tuple(rows),
        moved=_moved(data, scope, statements),
        earlier=offered,
        teams_moved=_largest_team_moves(teams),
    )


def _verdict(data: CompareData, r: Assessment, scope: store.Key) -> like_for_like.Verdict:
    """Whether round ``r`` is like for like with this one in the scope (``like_for_like``)."""
    now = data.assessment
    same = comparable_as_asked(r, now)
    shared = 0
    if not same:  # another version's statements are read in full for the scope
        shared = len(_statement_keys(data, r.pk, scope) & _statement_keys(data, now.pk, scope))
    return like_for_like.verdict(
        teams_in(data, r.pk, scope), teams_in(data, now.pk, scope), same_version=same, shared=shared
    )


def _group(data: CompareData, round_pk: int, scope: store.Key) -> like_for_like.Group:
    teams = teams_in(data, round_pk, scope)
    departments = {data.covered[round_pk][t] for t in teams}
    names = sorted(data.departments.get(d, "") for d in departments if d)
    return like_for_like.Group(len(teams), tuple(names), sum(1 for d in departments if not d))


def _refusal(
    data: CompareData, scope: store.Key, verdicts: Mapping[int, like_for_like.Verdict]
) -> like_for_like.Refusal:
    """Why the round compared with shows no change for this scope, and what would."""
    assert data.since is not None
    since, now = data.since, data.assessment
    departments = []
    if scope == store.ROUND_KEY:  # the departments where it would show change
        departments = [
            group_name(data, key)
            for key in trend_groups(now, None)
            if key[0] == "department" and _verdict(data, since, key).alike
        ]
    return like_for_like.refusal(
        verdicts[since.pk],
        since=since.name,
        now=now.name,
        scope="the whole round" if scope == store.ROUND_KEY else group_name(data, scope),
        then_group=_group(data, since.pk, scope),
        now_group=_group(data, now.pk, scope),
        departments=sorted(departments),
        rounds=[r.name for r in data.earlier if verdicts[r.pk].alike],
    )


def _row(
    data: CompareData,
    key: store.Key,
    framework: Framework,
    filters: Filters,
    links: Mapping[str, str],
    shared: Mapping[str, set[str]] | None,
) -> TrendRow:
    """One group's changes, or why it is not compared (not there then, other teams then)."""
    assert data.since is not None
    since, now = data.since, data.assessment
    name = group_name(data, key)
    url = links["round"] if key == store.ROUND_KEY else f"{links[key[0]]}{key[1]}/"
    absent = key not in data.results[since.pk].summaries
    then, later = teams_in(data, since.pk, key), teams_in(data, now.pk, key)
    if not absent and not like_for_like.same_teams(then, later):
        nothing = tuple(None for _ in framework.enablers)
        return TrendRow(name, url, nothing, False, True, len(then), len(later))
    changes = _changes(
        _side(data, since, key, filters.role),
        _side(data, now, key, filters.role),
        framework.enablers,
        shared,
        {} if filters.role else data.pairs(key),
    )
    return TrendRow(name, url, changes, absent)


TEAMS_MOVED_SHOWN = 8


def _team_changes(
    data: CompareData, framework: Framework, filters: Filters, links: Mapping[str, str]
) -> list[TeamMove]:
    """Every team's change on every enabler (from the rounds' summaries), not yet judged."""
    assert data.since is not None
    moves = []
    grouped = data.covered.get(data.assessment.pk) or round_team_departments(data.assessment)
    for team in data.assessment.teams.all():
        if filters.department and grouped.get(team.pk) != filters.department:
            continue
        key = ("team", team.pk)
        before = _side(data, data.since, key, filters.role)
        after = _side(data, data.assessment, key, filters.role)
        paired = {} if filters.role else data.pairs(key)
        changes = _changes(before, after, framework.enablers, None, paired)
        for e, change in zip(framework.enablers, changes, strict=True):
            if change is not None:
                moves.append(TeamMove(team.name, e.name, change, f"{links['team']}{team.pk}/"))
    return moves


def _largest_team_moves(moves: Sequence[TeamMove]) -> tuple[TeamMove, ...]:
    """Teams whose score on an enabler moved beyond noise, largest first."""
    real = [m for m in moves if not m.change.within_noise]
    real.sort(key=lambda m: (-abs(m.change.delta or 0), m.team, m.enabler))
    return tuple(real[:TEAMS_MOVED_SHOWN])


def _judged(
    rows: Sequence[TrendRow],
    teams: Sequence[TeamMove],
    statements: Mapping[str, scoring.Change],
    enablers: Sequence[Enabler],
) -> tuple[list[TrendRow], list[TeamMove], dict[str, scoring.Change]]:
    """Every change the page shows, judged together: one family, so that with nothing real a
    page rarely calls anything real (see ``scoring.judge``). A team shown both as a row and
    among the teams that moved is one test, counted once. Returns the rows, the team moves
    beyond noise, and the statements, judged."""
    family: dict[tuple[str, str], scoring.Change | None] = {}
    for row in rows:
        for e, c in zip(enablers, row.changes, strict=True):
            family[(row.url, e.name)] = c
    for move in teams:
        if family.get((move.url, move.enabler)) is None:
            family[(move.url, move.enabler)] = move.change
    for key, c in statements.items():
        family[("statement", key)] = c
    judged = dict(zip(family, scoring.judge(list(family.values())), strict=True))
    new_rows = [
        replace(
            row,
            changes=tuple(
                judged[(row.url, e.name)] if c is not None else None
                for e, c in zip(enablers, row.changes, strict=True)
            ),
        )
        for row in rows
    ]
    moved = [(move, judged[(move.url, move.enabler)] or move.change) for move in teams]
    new_teams = [
        TeamMove(move.team, move.enabler, change, move.url)
        for move, change in moved
        if not change.within_noise  # only those that moved are listed: build no others
    ]
    new_statements = {key: judged[("statement", key)] or c for key, c in statements.items()}
    return new_rows, new_teams, new_statements


def _statement_changes(
    data: CompareData, since: Assessment, scope: store.Key, role: str, shared: set[str]
) -> dict[str, scoring.Change]:
    """The shared statements' changes, for everyone (results per statement are not kept per
    role), not yet judged."""
    now = data.assessment
    before, after = _side(data, since, scope, ""), _side(data, now, scope, "")
    if role or not before.shown or not after.shown:
        return {}
    if before.statements is None or after.statements is None:
        return {}
    b = {k: v for k, v in before.statements.items() if k in shared}
    return scoring.statement_changes(b, after.statements)


def _moved(
    data: CompareData, scope: store.Key, statements: Mapping[str, scoring.Change]
) -> tuple[MovedStatement, ...]:
    """The shared statements that moved most beyond noise, once judged with the page."""
    if not statements:
        return ()
    full = data.results[data.assessment.pk].scopes[scope]  # read: its statements are known
    texts = {data.statements[pk].key: data.statements[pk] for pk in full.scores.statements}
    return tuple(
        MovedStatement(texts[m.key].text, texts[m.key].enabler, m.change, texts[m.key].warning)
        for m in scoring.largest_moves(statements, MOVED_SHOWN)
        if m.key in texts
    )


def build_history(data: CompareData, framework: Framework, filters: Filters) -> History:
    """Each enabler's score in every round up to this one, and how many people took part; a
    round that covered other teams in the scope (a pilot) is left out of the lines.

    Where the rounds drawn asked different statements (versions of the questionnaire, a
    re-check of a few), every one of them, this round included, is scored on the statements
    they all share: each step of a line is then like for like, and the last step says what
    the table of changes says."""
    now = data.assessment
    scope = trend_scope(filters.department)
    sides = {r.pk: _side(data, r, scope, filters.role) for r in data.rounds}
    drawn = [
        r
        for r in data.rounds
        if sides[r.pk].shown
        and like_for_like.same_teams(teams_in(data, r.pk, scope), teams_in(data, now.pk, scope))
    ]
    mixed = any(not comparable_as_asked(r, now) for r in drawn)
    shared_only = mixed and not filters.role
    by_enabler: dict[str, set[str]] = {}
    if shared_only:
        common = set.intersection(*(_statement_keys(data, r.pk, scope) for r in drawn))
        by_enabler = _enabler_keys(data, common)
    columns: list[tuple[float | None, ...]] = []
    for r in data.rounds:
        side = sides[r.pk]
        if r not in drawn:
            columns.append(tuple(None for _ in framework.enablers))
            continue
        columns.append(
            tuple(
                scoring.shared_score(side.statements or {}, by_enabler.get(e.key, set()))
                if shared_only
                else _score(side.enablers.get(e.key))
                for e in framework.enablers
            )
        )
    lines = tuple(
        Line(e, tuple(col[i] for col in columns)) for i, e in enumerate(framework.enablers)
    )
    turnout = tuple(_turnout(r, data.results[r.pk].summaries.get(scope)) for r in data.rounds)
    other = tuple(
        r
        for r in data.rounds
        if not like_for_like.same_teams(teams_in(data, r.pk, scope), teams_in(data, now.pk, scope))
    )
    return History(data.rounds, lines, turnout, shared_only, other)


def _score(result: scoring.EnablerLike | None) -> float | None:
    return result.score if result is not None else None


def _turnout(assessment: Assessment, found: store.ScopeSummary | None) -> Turnout:
    counts = found.participation if found is not None else {}
    return Turnout(
        assessment,
        counts.get("invited", 0),
        counts.get("started", 0),
        counts.get("submitted", 0),
    )
