"""Reads for reviews: their rounds, the survey's result they moderate, and what stands."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from assessments.firms.models import Firm
from assessments.organisations.models import Membership, Organisation, Team
from assessments.reports import store
from assessments.reports.access import ROUND, Scope, team_scope, whole_round
from assessments.reports.builder import EnablerRow, Report, build_report
from assessments.reports.disclosure import disclosure_of
from assessments.reports.scoring.method import StatementResult
from assessments.reviews import calibration, calibration_charts
from assessments.reviews.models import Evidence, Moderation, Review
from assessments.rounds.models import Assessment
from frameworks.levels import MaturityLevel
from frameworks.models import Enabler, FrameworkVersion, Statement

REVIEW_SCOPE = "review"
ModerationKey = tuple[str, str]  # (enabler key, statement key or "")


def reviews_of(organisation: Organisation) -> QuerySet[Review]:
    return (
        Review.objects.filter(organisation=organisation)
        .select_related("firm")
        .prefetch_related("rounds", "consultants")
    )


def reviews_of_clients(firm: Firm, organisation_ids: Iterable[int]) -> list[Review]:
    """The firm's reviews of these client organisations, newest first. One query."""
    return list(
        Review.objects.filter(firm=firm, organisation_id__in=organisation_ids).order_by(
            "-created_at", "-pk"
        )
    )


def review_rounds(review: Review) -> list[Assessment]:
    """The review's rounds, oldest first."""
    return list(
        review.rounds.select_related("framework_version__framework")
        .prefetch_related("teams__department")
        .order_by("opens_at", "pk")
    )


def surveyed_round(review: Review) -> Assessment | None:
    """The round whose answers the review moderates: its latest."""
    rounds = review_rounds(review)
    return rounds[-1] if rounds else None


def survey_scope(review: Review, assessment: Assessment) -> Scope:
    """Whose answers the review's survey result pools: the review's teams in that round, or
    the whole round when the review names none (or all of them)."""
    in_round = {t.pk: t for t in assessment.teams.all()}
    picked = {t.pk for t in review.teams.all()} & in_round.keys()
    if not picked or picked == in_round.keys():
        return whole_round()
    if len(picked) == 1:
        return team_scope(in_round[next(iter(picked))])
    # Not one of the round's stored scopes: scored from the answers when asked.
    return Scope(REVIEW_SCOPE, review.title, frozenset(picked))


def survey_report(review: Review) -> Report | None:
    """The survey's result that the review moderates, or None before it has a round."""
    assessment = surveyed_round(review)
    if assessment is None:
        return None
    scope = survey_scope(review, assessment)
    return build_report(assessment, scope, compare=scope.kind != ROUND)


def moderation_history(review: Review) -> QuerySet[Moderation]:
    """Every moderating decision, newest first, with who made it and the evidence cited."""
    return (
        review.moderations.select_related("set_by")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.only("pk", "title")))
        .order_by("-set_at", "-pk")
    )


def current_moderations(review: Review) -> dict[ModerationKey, Moderation]:
    """What stands now: the newest decision per enabler (and per statement), without those
    that were withdrawn."""
    return standing_of(moderation_history(review))


def standing_of(newest_first: Iterable[Moderation]) -> dict[ModerationKey, Moderation]:
    """Of one review's decisions, newest first: the one that stands per enabler or statement."""
    standing: dict[ModerationKey, Moderation] = {}
    seen: set[ModerationKey] = set()
    for moderation in newest_first:
        key = (moderation.enabler_key, moderation.statement_key)
        if key in seen:
            continue
        seen.add(key)
        if moderation.level or moderation.verdict:
            standing[key] = moderation
    return standing


# --- the questionnaire a review moderates ------------------------------------------------


@dataclass(frozen=True)
class Content:
    """The enablers and statements of the surveyed round's questionnaire, by key."""

    version: FrameworkVersion
    enablers: tuple[Enabler, ...]
    statements: dict[str, tuple[Statement, ...]]  # enabler key -> its statements, in order

    @property
    def by_key(self) -> dict[str, Enabler]:
        return {e.key: e for e in self.enablers}

    def statement(self, enabler_key: str, statement_key: str) -> Statement | None:
        for statement in self.statements.get(enabler_key, ()):
            if statement.key == statement_key:
                return statement
        return None

    def subject(self, enabler_key: str, statement_key: str = "") -> str:
        """What a piece of evidence or a moderation is about, in words."""
        enabler = self.by_key.get(enabler_key)
        name = enabler.name if enabler is not None else enabler_key
        if not statement_key:
            return name
        statement = self.statement(enabler_key, statement_key)
        return f"{name}: “{statement.text if statement is not None else statement_key}”"


def review_content(review: Review) -> Content | None:
    """The surveyed round's questionnaire, or None before the review has a round."""
    assessment = surveyed_round(review)
    if assessment is None:
        return None
    return version_content(assessment.framework_version)


def version_content(version: FrameworkVersion) -> Content:
    enablers = tuple(Enabler.objects.filter(version=version).order_by("order", "pk"))
    statements: dict[str, list[Statement]] = {e.key: [] for e in enablers}
    for s in (
        Statement.objects.filter(version=version)
        .select_related("enabler", "level")
        .order_by("enabler__order", "order", "pk")
    ):
        statements.setdefault(s.enabler.key, []).append(s)
    return Content(version, enablers, {k: tuple(v) for k, v in statements.items()})


def review_evidence(review: Review) -> list[Evidence]:
    return list(review.evidence.select_related("added_by").order_by("-added_at", "-pk"))


def firm_consultants(firm: Firm, organisation: Organisation) -> QuerySet[Any]:
    """The firm's consultants who hold a consultant membership in this client."""
    return (
        get_user_model()
        .objects.filter(
            firm_membership__firm=firm,
            memberships__organisation=organisation,
            memberships__role=Membership.Role.CONSULTANT,
        )
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


def organisation_rounds(organisation: Organisation) -> QuerySet[Assessment]:
    return Assessment.objects.filter(organisation=organisation).order_by("-opens_at", "-pk")


def organisation_teams(organisation: Organisation) -> QuerySet[Team]:
    return Team.objects.filter(organisation=organisation).select_related("department")


# --- the review's working page -------------------------------------------------------------

LEVEL_LABELS = {level.key: level.label for level in MaturityLevel}
VERDICT_LABELS: dict[str, str] = {str(k): str(v) for k, v in Moderation.Verdict.choices}
# A warning sign (a reverse-scored statement) "in place" is one that is not there: say so.
WARNING_SIGN_LABELS: dict[str, str] = {
    Moderation.Verdict.IN_PLACE.value: "Warning sign absent",
    Moderation.Verdict.PARTLY.value: "Warning sign partly present",
    Moderation.Verdict.NOT_IN_PLACE.value: "Warning sign present",
}


def decision_label(moderation: Moderation | None, statement: Statement | None = None) -> str:
    """What a moderating decision set, in words (a warning sign's verdict in its own)."""
    if moderation is None:
        return "the survey's result"
    if moderation.level:
        return LEVEL_LABELS.get(moderation.level, moderation.level)
    if moderation.verdict:
        labels = WARNING_SIGN_LABELS if statement and statement.reverse_scored else VERDICT_LABELS
        return str(labels.get(moderation.verdict, moderation.verdict))
    return "withdrawn (the survey's result stands)"


def moderated_level(moderation: Moderation | None) -> MaturityLevel | None:
    if moderation is None or moderation.level not in LEVEL_LABELS:
        return None
    return MaturityLevel.from_key(moderation.level)


@dataclass(frozen=True)
class StatementLine:
    statement: Statement
    survey: StatementResult | None  # None: no result to show (withheld, or not asked)
    moderation: Moderation | None
    evidence: tuple[Evidence, ...]

    @property
    def survey_words(self) -> str:
        return statement_survey_words(self.statement, self.survey)

    @property
    def moderation_words(self) -> str:
        return decision_label(self.moderation, self.statement) if self.moderation else ""


def statement_survey_words(statement: Statement, result: StatementResult | None) -> str:
    if result is None or not result.rated:
        return "Too few ratings to say"
    share = f"{round(100 * result.support)}% of the {result.responded} who answered"
    if statement.reverse_scored:
        return f"{'Absent' if result.met else 'Present'}: {share} say the sign is absent"
    return f"{'In place' if result.met else 'Not in place'}: {share} say it is"


@dataclass(frozen=True)
class EnablerCard:
    enabler: Enabler
    survey: EnablerRow | None  # None: the survey's result is withheld or not there
    moderation: Moderation | None  # what the reviewer says now, if anything
    gap: calibration.EnablerGap
    evidence: tuple[Evidence, ...]  # about the enabler as a whole
    statements: tuple[StatementLine, ...]

    @property
    def meter(self) -> tuple[calibration_charts.MeterCell, ...]:
        return calibration_charts.gap_meter(self.gap)

    @property
    def evidence_count(self) -> int:
        return len(self.evidence) + sum(len(line.evidence) for line in self.statements)

    @property
    def noted_statements(self) -> tuple[StatementLine, ...]:
        """Statements with evidence or a standing moderation: shown open on the card."""
        return tuple(line for line in self.statements if line.evidence or line.moderation)


@dataclass(frozen=True)
class Overview:
    content: Content | None
    report: Report | None
    cards: tuple[EnablerCard, ...]
    calibration: calibration.ReviewCalibration | None
    stray: tuple[Evidence, ...]  # about enablers not in the surveyed round's questionnaire


def review_overview(review: Review) -> Overview:
    """Everything the working page shows, in a fixed number of queries however much evidence
    and moderation the review has."""
    report = survey_report(review)
    content = version_content(report.assessment.framework_version) if report else None
    evidence = review_evidence(review)
    standing = current_moderations(review)
    if content is None or report is None:
        return Overview(None, report, (), None, tuple(evidence))
    rows = {row.enabler.key: row for row in report.enablers}
    results = report.scores.statements if report.scores else {}
    by_place: dict[ModerationKey, list[Evidence]] = {}
    for item in evidence:
        by_place.setdefault((item.enabler_key, item.statement_key), []).append(item)
    known = {(e.key, s.key) for e in content.enablers for s in content.statements[e.key]}
    known |= {(e.key, "") for e in content.enablers}
    cards = []
    for enabler in content.enablers:
        lines = tuple(
            StatementLine(
                s,
                results.get(s.pk),
                standing.get((enabler.key, s.key)),
                tuple(by_place.get((enabler.key, s.key), ())),
            )
            for s in content.statements[enabler.key]
        )
        moderation = standing.get((enabler.key, ""))
        row = rows.get(enabler.key)
        cards.append(
            EnablerCard(
                enabler,
                row,
                moderation,
                calibration.EnablerGap(
                    enabler.key,
                    enabler.name,
                    _survey_level(row),
                    moderated_level(moderation),
                    row.result.confidence if row else "high",
                ),
                tuple(by_place.get((enabler.key, ""), ())),
                lines,
            )
        )
    stray = tuple(e for e in evidence if (e.enabler_key, e.statement_key) not in known)
    gaps = calibration.ReviewCalibration(review.title, tuple(c.gap for c in cards))
    return Overview(content, report, tuple(cards), gaps, stray)


def _survey_level(row: EnablerRow | None) -> MaturityLevel | None:
    if row is None or not row.result.decided:
        return None
    return row.result.level


# --- history --------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    who: Any
    subject: str
    moderation: Moderation | None = None
    before: str = ""
    after: str = ""
    evidence: Evidence | None = None


def review_history(review: Review, content: Content | None) -> list[HistoryEntry]:
    """Every moderating decision (from what to what, why, on what evidence) and every piece
    of evidence added, newest first."""

    def subject(enabler_key: str, statement_key: str) -> str:
        if content is None:
            return f"{enabler_key} {statement_key}".strip()
        return content.subject(enabler_key, statement_key)

    def label(moderation: Moderation | None, key: ModerationKey) -> str:
        statement = content.statement(*key) if content is not None and key[1] else None
        return decision_label(moderation, statement)

    entries = []
    previous: dict[ModerationKey, Moderation] = {}
    for moderation in reversed(list(moderation_history(review))):
        key = (moderation.enabler_key, moderation.statement_key)
        before = previous.get(key)
        entries.append(
            HistoryEntry(
                moderation.set_at,
                moderation.set_by,
                subject(*key),
                moderation=moderation,
                before=label(before if before and (before.level or before.verdict) else None, key),
                after=label(moderation, key),
            )
        )
        previous[key] = moderation
    for item in review_evidence(review):
        entries.append(
            HistoryEntry(
                item.added_at,
                item.added_by,
                subject(item.enabler_key, item.statement_key),
                evidence=item,
            )
        )
    return sorted(entries, key=lambda e: e.at, reverse=True)


# --- calibration across reviews and clients -----------------------------------------------


def review_gaps(review: Review) -> calibration.ReviewCalibration | None:
    """One review's calibration gaps, or None before it has a round."""
    report = survey_report(review)
    if report is None:
        return None
    standing = current_moderations(review)
    rows = {row.enabler.key: row for row in report.enablers}
    return calibration.review_calibration(
        review.title,
        [(e.key, e.name) for e in report.framework.enablers],
        {key: _survey_level(row) for key, row in rows.items()},
        {
            key: level
            for (key, statement_key), m in standing.items()
            if not statement_key and (level := moderated_level(m)) is not None
        },
        {key: row.result.confidence for key, row in rows.items()},
    )


def organisation_calibration(
    organisation: Organisation,
) -> list[tuple[Review, calibration.ReviewCalibration]]:
    """Each of the organisation's reviews with a round and its gaps, oldest first."""
    reviews = list(reviews_of(organisation).order_by("created_at", "pk"))
    gaps = gaps_of(reviews)
    return [(review, gaps[review.pk]) for review in reviews if review.pk in gaps]


def firm_calibration(firm: Firm) -> dict[Organisation, list[calibration.ReviewCalibration]]:
    """Per client of the firm, its moderated reviews' gaps, oldest first. Reviews with
    nothing moderated count no gap and are left out."""
    reviews = list(
        Review.objects.filter(firm=firm, organisation__firm_client__firm=firm)
        .filter(pk__in=Moderation.objects.values("review_id"))
        .select_related("organisation")
        .order_by("organisation__name", "created_at", "pk")
    )
    gaps = gaps_of(reviews)
    clients: dict[Organisation, list[calibration.ReviewCalibration]] = {}
    for review in reviews:
        if review.pk in gaps:
            clients.setdefault(review.organisation, []).append(gaps[review.pk])
    return clients


def gaps_of(reviews: list[Review]) -> dict[int, calibration.ReviewCalibration]:
    """Each review's gaps (as ``review_gaps``), read together: the survey's levels of every
    review's round from the stored summaries in one query, the decisions in one more. Only
    a review of some chosen teams (no stored scope) is scored on its own."""
    surveyed = _surveyed(reviews)
    results = store.rounds_results({a: store.Wanted() for a, _ in surveyed.values()})
    decisions: dict[int, list[Moderation]] = {}
    for moderation in Moderation.objects.filter(review__in=reviews).order_by("-set_at", "-pk"):
        decisions.setdefault(moderation.review_id, []).append(moderation)
    names = _enabler_names({a.framework_version_id for a, _ in surveyed.values()})
    out = {}
    for review in reviews:
        if review.pk not in surveyed:
            continue
        assessment, scope = surveyed[review.pk]
        summary = results[assessment.pk].summaries.get(store.scope_key(scope.kind, scope.obj_pk))
        if summary is None:
            found = review_gaps(review)
            if found is not None:
                out[review.pk] = found
            continue
        read = results[assessment.pk]
        # As the survey's report shows it: a team beside a hidden one is hidden too.
        disclosure = disclosure_of(assessment, read.summaries, read.computed_at)
        shown = disclosure.shows(store.scope_key(scope.kind, scope.obj_pk))
        standing = standing_of(decisions.get(review.pk, []))
        out[review.pk] = calibration.review_calibration(
            review.title,
            names[assessment.framework_version_id],
            {k: e.level if e.decided else None for k, e in summary.enablers.items()}
            if shown
            else {},
            {
                key: level
                for (key, statement_key), m in standing.items()
                if not statement_key and (level := moderated_level(m)) is not None
            },
            {k: e.confidence for k, e in summary.enablers.items()},
        )
    return out


def _surveyed(reviews: list[Review]) -> dict[int, tuple[Assessment, Scope]]:
    """Each review's surveyed round (its latest) and the scope its survey pools."""
    prefetch_related_objects(reviews, "teams", "rounds__teams", "rounds__round_teams")
    out = {}
    for review in reviews:
        rounds = sorted(review.rounds.all(), key=lambda a: (a.opens_at, a.pk))
        if rounds:
            out[review.pk] = (rounds[-1], survey_scope(review, rounds[-1]))
    return out


def _enabler_names(version_ids: set[int]) -> dict[int, list[tuple[str, str]]]:
    names: dict[int, list[tuple[str, str]]] = {pk: [] for pk in version_ids}
    for version_id, key, name in (
        Enabler.objects.filter(version_id__in=version_ids)
        .order_by("order", "pk")
        .values_list("version_id", "key", "name")
    ):
        names[version_id].append((key, name))
    return names
