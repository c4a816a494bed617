"""One builder turns a scope of a round into a typed, immutable ``Report``.

The report page, its PDF, the CSV and XLSX exports and the roadmap all read this
object, so they can never disagree about a number. The maths is in ``scoring``;
this module gathers the answers (through ``selectors``) and names things for people.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from assessments.charters import rules as charter_rules
from assessments.charters.selectors import published_principles
from assessments.organisations.models import Department, Team
from assessments.reports import comments, scoring, store
from assessments.reports.access import Scope
from assessments.reports.disclosure import ROUND_KINDS, Disclosure, disclosure_for
from assessments.reports.selectors import Comment, Framework, framework_for
from assessments.reports.stored import CommentCount
from assessments.rounds import anonymity
from assessments.rounds.access import assessment_state
from assessments.rounds.models import Assessment, Respondent
from assessments.rounds.selectors import round_grouping, round_team_departments
from frameworks.levels import NOT_ENOUGH_EVIDENCE, MaturityLevel
from frameworks.models import Activity, Dial, Enabler, GapAction, Level, Statement


@dataclass(frozen=True)
class Participation:
    invited: int
    started: int
    submitted: int


@dataclass(frozen=True)
class EnablerRow:
    enabler: Enabler
    result: scoring.EnablerResult
    headline: str
    cells: tuple[tuple[Level, str, bool], ...]  # (level, what it looks like, is it this one)
    position: str = ""  # where it sits within its level, in words
    confidence: str = ""  # how sure we are, in words
    blocking: tuple[Statement, ...] = ()  # what stands between it and the next level
    lacking: tuple[Statement, ...] = ()  # statements too few people could rate


@dataclass(frozen=True)
class MoveRow:
    """One of the moves that would lift the most, with the action that makes it."""

    statement: Statement
    move: scoring.Move
    enabler_name: str
    action: str  # the recommended action's title, or empty
    why: str  # what meeting it would do, in words


@dataclass(frozen=True)
class DialRow:
    dial: Dial
    result: scoring.DialResult

    @property
    def zone_text(self) -> str:
        """The zone in words, so it is never told by colour alone."""
        return zone_words(self.result.zone, self.dial.red_below, self.dial.green_from)


def zone_words(zone: str, red_below: int, green_from: int) -> str:
    return {
        "red": f"red zone (below {red_below})",
        "amber": f"amber zone ({red_below} to {green_from - 1})",
        "green": f"green zone ({green_from} and above)",
    }.get(zone, "no answers yet")


@dataclass(frozen=True)
class RoleRow:
    enabler: Enabler
    values: tuple[float | None, ...]  # one per role, in ``RoleComparison.names`` order
    gap: float  # highest minus lowest score among the roles


@dataclass(frozen=True)
class RoleComparison:
    names: tuple[str, ...]
    rows: tuple[RoleRow, ...]  # empty unless at least two roles are large enough to show
    dont_know: tuple[int, ...]  # per role, % of ratings that were "don't know"


@dataclass(frozen=True)
class ActivityRow:
    activity: Activity
    result: scoring.ActivityResult
    leaders: tuple[tuple[str, int], ...]  # (who, how many said so)
    gaps: tuple[str, ...]  # in words


@dataclass(frozen=True)
class Series:
    """Enabler scores of one group, for the radar: this scope, its department, the round."""

    label: str
    values: tuple[float | None, ...]


StatementPick = tuple[Statement, scoring.StatementResult]


@dataclass(frozen=True)
class Report:
    assessment: Assessment
    scope: Scope
    framework: Framework
    teams: tuple[Team, ...]  # every team in the round
    counts: Participation
    respondents: int  # submitted responses in scope
    scores: scoring.Scores | None  # None: withheld, too few people to show
    enablers: tuple[EnablerRow, ...] = ()
    dials: tuple[DialRow, ...] = ()
    strengths: tuple[StatementPick, ...] = ()
    moves: tuple[MoveRow, ...] = ()
    splits: tuple[StatementPick, ...] = ()
    roles: RoleComparison = field(default_factory=lambda: RoleComparison((), (), ()))
    activities: tuple[ActivityRow, ...] = ()
    flags: tuple[scoring.Flag, ...] = ()
    comments: tuple[Comment, ...] = ()  # the first page of them
    comment_counts: tuple[CommentCount, ...] = ()  # how many on each statement
    charter: tuple[charter_rules.Finding, ...] = ()  # where answers go against the charter
    series: tuple[Series, ...] = ()
    computed_at: datetime | None = None  # when the stored results were scored
    method_version: str = scoring.METHOD_VERSION  # the scoring method that made them
    updating: bool = False  # answers changed since; fresh results are on their way
    batch_note: str = ""  # an anonymous round's results come in batches: what this one holds
    # Withheld though large enough: shown, it would give a smaller group beside it away.
    protects_others: bool = False
    # Team pk → the department the round groups it under (where it was when it joined).
    grouped: Mapping[int, Department | None] = field(default_factory=dict)

    @property
    def comments_total(self) -> int:
        return sum(c.count for c in self.comment_counts)

    @property
    def withheld(self) -> bool:
        return self.scores is None

    @property
    def threshold(self) -> int:
        return self.assessment.group_threshold

    @property
    def method(self) -> str:
        return scoring.method_label(self.method_version)

    @property
    def score_table(self) -> list[tuple[str, tuple[float | None, ...]]]:
        """The radar as a table: each enabler's score in every group drawn (overlays too)."""
        return [
            (row.enabler.name, tuple(s.values[i] for s in self.series))
            for i, row in enumerate(self.enablers)
        ]

    @property
    def undecided(self) -> tuple[EnablerRow, ...]:
        return tuple(row for row in self.enablers if not row.result.decided)

    @property
    def levels(self) -> list[Level]:
        return self.framework.levels


def position(result: scoring.EnablerResult) -> str:
    """Where an enabler sits within its level: "most of the way to Leading"."""
    if not result.decided:
        return f"{NOT_ENOUGH_EVIDENCE.lower()} yet"
    if result.next_level is None:
        leading = result.by_level[MaturityLevel.LEADING]
        if leading.met == leading.total:
            return "every leading practice in place"
        return f"{leading.met} of {leading.total} leading practices in place"
    goal = result.next_level.label
    if result.to_go == 1:
        return f"one statement away from {goal}"
    if result.progress >= 2 / 3:
        return f"most of the way to {goal}"
    if result.progress >= 1 / 3:
        return f"part of the way to {goal}"
    return f"at the start of the way to {goal}"


def confidence(result: scoring.EnablerResult) -> str:
    """How sure the level is, and why, in one sentence."""
    if not result.decided:
        return "Low confidence: too few people could rate enough of its statements."
    agree = f"{round(100 * (result.consensus or 0))}%"
    unsure = round(100 * result.dont_know_rate)
    return (
        f"{result.confidence.capitalize()} confidence: typically {result.raters} "
        f"{'person' if result.raters == 1 else 'people'} rated each statement, "
        f"and {agree} of the people who answered gave the same answer"
        + (f"; {unsure}% of the answers were “don’t know”." if unsure else ".")
    )


def headline(enabler_name: str, result: scoring.EnablerResult) -> str:
    """One sentence a team can read aloud: the level, where it sits and what stands behind it.

    It never contradicts the level: an Immature enabler says what holds it there.
    """
    im, ma, le = result.by_level
    if not result.decided:
        rated = sum(part.rated for part in result.by_level)
        total = sum(part.total for part in result.by_level)
        return (
            f"{enabler_name}: {NOT_ENOUGH_EVIDENCE.lower()} for a level yet; only {rated} of its "
            f"{total} statements were rated by enough people."
        )
    where = f"{result.level_name}, {position(result)}"
    score = "" if result.position is None else f" (maturity score {result.position})"
    if result.level == MaturityLevel.LEADING:
        detail = f"{le.met} of {le.total} leading practices are in place."
    elif result.level == MaturityLevel.MANAGED:
        detail = (
            f"the basics hold and {le.met} of {le.total} leading practices are in place; "
            f"{le.to_go} more would make it Leading."
        )
    else:
        parts = []
        if ma.holds:
            parts.append("the managed practices are in place")
        else:
            parts.append(
                f"{ma.met} of {ma.total} managed practices are in place ({ma.needed} needed)"
            )
        if not im.holds:
            parts.append(
                f"only {im.met} of {im.total} warning signs are clearly absent ({im.needed} needed)"
            )
        detail = ", but ".join(parts) + "."
    return f"{enabler_name} is {where}{score}: {detail}"


def _move_row(framework: Framework, statement: Statement, move: scoring.Move) -> MoveRow:
    goal = move.enabler.next_level.label if move.enabler.next_level else ""
    name = statement.enabler.name
    if move.completes:
        why = f"This alone would take {name} to {goal}."
    else:
        why = f"One of {move.enabler.to_go} steps between {name} and {goal}."
    return MoveRow(statement, move, name, framework.advice.get(statement.pk, ""), why)


def _scopes_wanted(
    scope: Scope, grouped: Mapping[int, int | None], *, compare: bool
) -> dict[store.Key, frozenset[int]]:
    """This scope, then (for part of a round, on the radar) its department's and the round's."""
    all_ids = frozenset(grouped)
    wanted = {store.scope_key(scope.kind, scope.obj_pk): scope.team_ids or all_ids}
    if not compare or scope.team_ids is None:
        return wanted
    department = grouped.get(scope.team.pk) if scope.team is not None else None
    if department:
        dept_ids = frozenset(t for t, d in grouped.items() if d == department)
        if dept_ids != scope.team_ids:  # a department of one team adds nothing to the radar
            wanted[("department", department)] = dept_ids
    wanted[store.ROUND_KEY] = all_ids
    return wanted


def batch_note(assessment: Assessment, stored: store.Results, respondents: int) -> str:
    """What an anonymous round's report says of its batch (``reports.batches``)."""
    if not stored.batched:
        return ""
    batch = assessment.group_threshold
    answers = f"{respondents} answer{'s' if respondents != 1 else ''}"
    if assessment_state(assessment) != "closed":
        return (
            f"These results include the first {answers}; they update when at least {batch} "
            "more have arrived (or changed) in each group that has new ones, so that nobody's "
            "answers can be worked out by comparing one download with the next."
        )
    if stored.held:
        return (
            f"These results include {answers}. A few answers that arrived after the last "
            f"update, fewer than {batch} in a group, are left out: added on their own they "
            "would give those people's answers away."
        )
    return ""


def build_report(assessment: Assessment, scope: Scope, *, compare: bool = True) -> Report:
    """The report of one scope. ``compare`` adds the department and round to the radar."""
    framework = framework_for(assessment)
    teams = tuple(assessment.teams.all())  # as the round's access prefetches them
    grouped = round_grouping(assessment)
    wanted = _scopes_wanted(scope, round_team_departments(assessment), compare=compare)
    stored = store.results_for(assessment, wanted)
    mine = stored.scopes[store.scope_key(scope.kind, scope.obj_pk)]
    base = Report(
        assessment=assessment,
        scope=scope,
        framework=framework,
        teams=teams,
        counts=Participation(**mine.participation),
        respondents=mine.respondents,
        scores=None,
        computed_at=stored.computed_at,
        method_version=stored.method,
        updating=stored.updating and not stored.batched,
        batch_note=batch_note(assessment, stored, mine.respondents),
        grouped=grouped,
    )
    disclosure = disclosure_for(assessment)
    if not _shown(assessment, disclosure, scope, mine.respondents):
        return replace(base, protects_others=assessment.shows_group(mine.respondents))
    scores = mine.scores
    specs = framework.specs
    statements = {s.pk: s for s in framework.statements}

    def picks(ranked: list[scoring.Ranked]) -> tuple[StatementPick, ...]:
        return tuple((statements[r.spec.id], r.result) for r in ranked)

    return replace(
        base,
        scores=scores,
        enablers=_enabler_rows(framework, scores),
        dials=tuple(DialRow(d, scores.dials[d.key]) for d in framework.dials),
        strengths=picks(scoring.strengths(specs, scores.statements)),
        moves=tuple(
            _move_row(framework, statements[m.spec.id], m)
            for m in scoring.next_moves(specs, scores.statements, scores.enablers)
        ),
        splits=picks(scoring.splits(specs, scores.statements)),
        roles=_roles(framework, mine, disclosure, store.scope_key(scope.kind, scope.obj_pk)),
        activities=_activity_rows(framework, scores),
        flags=tuple(_flags(framework, scores)),
        comments=(
            comments.comments_page(assessment, scope.team_ids, mine.comments).comments
            if mine.comments  # none to read: no query
            else ()
        ),
        comment_counts=mine.comments,
        charter=_charter_findings(assessment, scope, framework, scores),
        series=_series(framework, scope, stored, disclosure, grouped),
    )


def _shown(assessment: Assessment, disclosure: Disclosure, scope: Scope, people: int) -> bool:
    """The round's own scopes follow the round's disclosure; a review's chosen teams are shown
    when large enough and nothing the round shows, taken from them, leaves a smaller group."""
    if scope.kind in ROUND_KINDS:
        return disclosure.shows(store.scope_key(scope.kind, scope.obj_pk))
    if scope.team_ids is not None and assessment.group_threshold > 1:
        return assessment.shows_group(people) and disclosure.shows_chosen(scope.team_ids)
    return assessment.shows_group(people)


def _charter_findings(
    assessment: Assessment, scope: Scope, framework: Framework, scores: scoring.Scores
) -> tuple[charter_rules.Finding, ...]:
    """Where the answers go against the published charter that applies: the department's
    if it has one, else the organisation's (statements matched by key across versions)."""
    department_id = scope.department.pk if scope.department else None
    if scope.team is not None:
        department_id = round_team_departments(assessment).get(scope.team.pk)
    principles = published_principles(
        organisation_id=assessment.organisation_id, department_id=department_id
    )
    if not principles:
        return ()
    observed = {
        s.key: charter_rules.Observed(
            s.text, s.reverse_scored, r.rated, r.met, r.support, r.oppose, r.responded
        )
        for s in framework.statements
        if (r := scores.statements.get(s.pk)) is not None
    }
    return charter_rules.contradictions(principles, observed)


def _enabler_rows(framework: Framework, scores: scoring.Scores) -> tuple[EnablerRow, ...]:
    by_id = {s.pk: s for s in framework.statements}
    rows = []
    for e in framework.enablers:
        result = scores.enablers[e.key]
        cells = tuple(
            (
                level,
                framework.descriptors.get((e.pk, level.pk), ""),
                result.decided and MaturityLevel.from_key(level.key) == result.level,
            )
            for level in framework.levels
        )
        rows.append(
            EnablerRow(
                e,
                result,
                headline(e.name, result),
                cells,
                position=position(result),
                confidence=confidence(result),
                blocking=tuple(by_id[sid] for sid in result.blocking),
                lacking=tuple(by_id[sid] for sid in result.lacking),
            )
        )
    return tuple(rows)


def _roles(
    framework: Framework, results: store.ScopeResults, disclosure: Disclosure, key: store.Key
) -> RoleComparison:
    """How each role sees the enablers, for roles the disclosure shows in this scope: never
    one whose "everyone else" is a group too small to show."""
    if key[0] in ROUND_KINDS:
        shown = {role for role in results.roles if disclosure.shows_role(key, role)}
    else:  # a review's chosen teams: their roles beside each other only
        shown = set(anonymity.shown_children(results.role_sizes, disclosure.threshold))
    roles = {
        role: by_enabler for role, by_enabler in sorted(results.roles.items()) if role in shown
    }
    dont_know = tuple(
        round(100 * sum(r.dont_know_rate for r in by_enabler.values()) / max(1, len(by_enabler)))
        for by_enabler in roles.values()
    )
    rows = []
    if len(roles) >= 2:
        for e in framework.enablers:
            values = tuple(roles[role][e.key].score for role in roles)
            known = [v for v in values if v is not None]
            gap = max(known) - min(known) if len(known) >= 2 else 0
            rows.append(RoleRow(e, values, gap))
    labels = dict(Respondent.Role.choices)
    return RoleComparison(tuple(labels.get(r, r) for r in roles), tuple(rows), dont_know)


def _activity_rows(framework: Framework, scores: scoring.Scores) -> tuple[ActivityRow, ...]:
    gap_labels = dict(GapAction.Gap.choices)
    return tuple(
        ActivityRow(
            a,
            scores.activities[a.pk],
            tuple(
                (framework.leader_names.get(k, k), n) for k, n in scores.activities[a.pk].leaders
            ),
            tuple(str(gap_labels[g]) for g in scores.activities[a.pk].gaps),
        )
        for a in framework.activities
    )


def _flags(framework: Framework, scores: scoring.Scores) -> list[scoring.Flag]:
    return scoring.consistency_flags(
        enablers=scores.enablers,
        enabler_names={e.key: e.name for e in framework.enablers},
        depends_on=framework.depends_on,
        activities=scores.activities,
        activity_names={a.pk: a.name for a in framework.activities},
        dials=framework.dial_specs,
        dial_results=scores.dials,
        dial_names={d.key: d.name for d in framework.dials},
        statements=framework.specs,
    )


def _enabler_scores(framework: Framework, scores: scoring.Scores) -> tuple[float | None, ...]:
    """Each enabler's maturity score (its level's band, and the way along it)."""
    return tuple(
        scores.enablers[e.key].position if e.key in scores.enablers else None
        for e in framework.enablers
    )


def _series(
    framework: Framework,
    scope: Scope,
    stored: store.Results,
    disclosure: Disclosure,
    grouped: Mapping[int, Department | None],
) -> tuple[Series, ...]:
    """This scope's enabler scores, then (for part of a round) its department's and the round's."""
    mine = stored.scopes[store.scope_key(scope.kind, scope.obj_pk)]
    series = [Series(scope.title, _enabler_scores(framework, mine.scores))]
    team_department = grouped.get(scope.team.pk) if scope.team is not None else None
    key = ("department", team_department.pk if team_department else 0)
    department = stored.scopes.get(key) if team_department else None
    if team_department is not None and department is not None and disclosure.shows(key):
        label = f"{team_department.name} (department)"
        series.append(Series(label, _enabler_scores(framework, department.scores)))
    if (
        scope.team_ids is not None
        and store.ROUND_KEY in stored.scopes
        and disclosure.shows(store.ROUND_KEY)
    ):
        whole = stored.scopes[store.ROUND_KEY].scores
        series.append(Series("Whole round", _enabler_scores(framework, whole)))
    return tuple(series)
