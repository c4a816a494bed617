"""Reads that gather the answers of a round (or part of it) and score them.

Query count is fixed: one query per kind of thing, whatever the number of people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from assessments.reports import scoring
from assessments.rounds.models import ActivityAnswer, Answer, Assessment, Respondent
from frameworks.levels import MaturityLevel
from frameworks.models import (
    Activity,
    ActivityLeader,
    DialInput,
    Enabler,
    Level,
    LevelDescriptor,
    Recommendation,
    Statement,
)


@dataclass
class Framework:
    """The version's content, shaped for scoring and display."""

    enablers: list[Enabler]
    levels: list[Level]
    descriptors: dict[tuple[int, int], str]
    statements: list[Statement]
    specs: list[scoring.StatementSpec]
    dials: list[Any]
    dial_specs: list[scoring.DialSpec]
    activities: list[Activity]
    activity_specs: list[scoring.ActivitySpec]
    depends_on: dict[str, list[scoring.ActivitySpec]]
    leader_names: dict[str, str]
    advice: dict[int, str]  # statement id → title of the first action that moves it


def framework_for(assessment: Assessment) -> Framework:
    version = assessment.framework_version
    asked = Statement.objects.filter(version=version)
    if assessment.only_statements.exists():  # a round that asks some statements only
        asked = asked.filter(pk__in=assessment.only_statements.all())
    statements = list(asked.select_related("enabler", "level").order_by("enabler__order", "order"))
    dials: dict[int, Any] = {}
    inputs: dict[int, list[scoring.DialInputSpec]] = defaultdict(list)
    for inp in (
        DialInput.objects.filter(version=version)
        .select_related("dial__group")
        .order_by("dial__group__order", "dial__order")
    ):
        dials.setdefault(inp.dial_id, inp.dial)
        inputs[inp.dial_id].append(
            scoring.DialInputSpec(inp.statement_id, inp.weight, inp.direction == "symptom")
        )
    activities = list(
        Activity.objects.filter(version=version)
        .select_related("area", "group", "ownership")
        .order_by("area__order", "group__order", "order")
    )
    asked_about = {s.enabler_id for s in statements}
    enablers = [
        e
        for e in Enabler.objects.filter(version=version).prefetch_related("depends_on")
        if e.pk in asked_about
    ]
    activity_specs = [
        scoring.ActivitySpec(a.pk, a.key, a.area.key, a.ownership.key) for a in activities
    ]
    spec_by_id = {spec.id: spec for spec in activity_specs}
    return Framework(
        enablers=enablers,
        depends_on={e.key: [spec_by_id[a.pk] for a in e.depends_on.all()] for e in enablers},
        levels=list(Level.objects.filter(version=version)),
        descriptors={
            (d.enabler_id, d.level_id): d.text
            for d in LevelDescriptor.objects.filter(version=version)
        },
        statements=statements,
        specs=[
            scoring.StatementSpec(
                s.pk,
                s.enabler.key,
                MaturityLevel.from_key(s.level.key),
                s.reverse_scored,
                s.audience == Statement.Audience.PRODUCT,
            )
            for s in statements
        ],
        dials=list(dials.values()),
        dial_specs=[
            scoring.DialSpec(d.key, tuple(inputs[d.pk]), d.red_below, d.green_from)
            for d in dials.values()
        ],
        activities=activities,
        activity_specs=activity_specs,
        leader_names=dict(
            ActivityLeader.objects.filter(version=version).values_list("key", "name")
        ),
        advice=_advice(version),
    )


def _advice(version: Any) -> dict[int, str]:
    """For each statement, the first recommended action that moves it (earlier step first)."""
    advice: dict[int, str] = {}
    for sid, title in (
        Recommendation.statements.through.objects.filter(recommendation__version=version)
        .order_by("recommendation__step", "recommendation__order", "recommendation_id")
        .values_list("statement_id", "recommendation__title")
    ):
        advice.setdefault(sid, title)
    return advice


@dataclass
class Comment:
    text: str
    about: str
    who: str  # empty in anonymous rounds


def submitted_count(assessment: Assessment, team_ids: AbstractSet[int] | None) -> int:
    """Submitted responses in a scope: large scopes have their exports made in the background."""
    people = Respondent.objects.filter(assessment=assessment, submitted_at__isnull=False)
    if team_ids is not None:
        people = people.filter(team_id__in=team_ids)
    return people.count()


def responses_for(
    assessment: Assessment, team_ids: AbstractSet[int] | None
) -> tuple[list[scoring.ResponseIn], list[Comment], dict[str, int]]:
    """Submitted responses in scope, their comments, and participation counts."""
    people = Respondent.objects.filter(assessment=assessment)
    if team_ids is not None:
        people = people.filter(team_id__in=team_ids)
    counts = people.aggregate(
        started=Count("pk"), submitted=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    submitted = {
        pk: (role, name)
        for pk, role, name in people.filter(submitted_at__isnull=False).values_list(
            "pk", "role", "name"
        )
    }
    # Plain tuples, not model instances: a round can hold tens of thousands of answers.
    in_scope = {"respondent__assessment": assessment, "respondent__submitted_at__isnull": False}
    if team_ids is not None:
        in_scope["respondent__team_id__in"] = team_ids
    answers: dict[int, dict[int, float | None]] = defaultdict(dict)
    for rid, sid, option_score in Answer.objects.filter(
        **in_scope, option__isnull=False
    ).values_list("respondent_id", "statement_id", "option__score"):
        answers[rid][sid] = None if option_score is None else float(option_score)
    acts: dict[int, dict[int, scoring.ActivityAnswerIn]] = defaultdict(dict)
    for rid, aid, key, kind, perf in ActivityAnswer.objects.filter(
        **in_scope, leader__isnull=False
    ).values_list(
        "respondent_id", "activity_id", "leader__key", "leader__kind", "performance__score"
    ):
        acts[rid][aid] = scoring.ActivityAnswerIn(key, kind, None if perf is None else float(perf))
    comments: list[Comment] = []
    for model, about in ((Answer, "statement__text"), (ActivityAnswer, "activity__name")):
        for rid, text, subject in (
            model.objects.filter(**in_scope)
            .exclude(comment="")
            .values_list("respondent_id", "comment", about)  # type: ignore[attr-defined]
        ):
            who = "" if assessment.is_anonymous else submitted[rid][1]
            comments.append(Comment(text, subject, who))
    responses = [
        scoring.ResponseIn(
            pk, role, answers.get(pk, {}), acts.get(pk, {}), role in Respondent.PRODUCT_ROLES
        )
        for pk, (role, _) in sorted(submitted.items())
    ]
    if assessment.is_anonymous:
        comments.sort(key=lambda c: (c.about, c.text))  # no order that hints at who wrote what
    counts["invited"] = (
        assessment.invitations.filter(
            Q(team_id__in=team_ids) if team_ids is not None else Q(), kind="personal"
        ).count()
        + people.filter(invitation__kind="team").count()
    )
    return responses, comments, counts


def score_scope(framework: Framework, responses: list[scoring.ResponseIn]) -> scoring.Scores:
    return scoring.score(
        statements=framework.specs,
        dials=framework.dial_specs,
        activities=framework.activity_specs,
        responses=responses,
    )
