"""Reads for reviews: their rounds, the survey's result they moderate, and what stands."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from assessments.organisations.models import Organisation
from assessments.reports.access import ROUND, Scope, team_scope, whole_round
from assessments.reports.builder import Report, build_report
from assessments.reviews.models import Evidence, Moderation, Review
from assessments.rounds.models import Assessment

REVIEW_SCOPE = "review"
ModerationKey = tuple[str, str]  # (enabler key, statement key or "")


def reviews_of(organisation: Organisation) -> QuerySet[Review]:
    return (
        Review.objects.filter(organisation=organisation)
        .select_related("firm")
        .prefetch_related("rounds", "consultants")
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
    standing: dict[ModerationKey, Moderation] = {}
    seen: set[ModerationKey] = set()
    for moderation in moderation_history(review):
        key = (moderation.enabler_key, moderation.statement_key)
        if key in seen:
            continue
        seen.add(key)
        if moderation.level or moderation.verdict:
            standing[key] = moderation
    return standing
