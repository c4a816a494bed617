"""Reads that gather the answers of a round (or part of it) and score them.

Query count is fixed: one query per kind of thing, whatever the number of people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Lower

from assessments.reports import scoring
from assessments.rounds.models import ActivityAnswer, Answer, Assessment, Respondent
from assessments.rounds.selectors import respondent_round_department, started_filter
from frameworks.frozen_cache import FrozenVersionCache
from frameworks.levels import MaturityLevel
from frameworks.models import (
    Activity,
    ActivityLeader,
    DialInput,
    Enabler,
    Level,
    LevelDescriptor,
    Recommendation,
    ScaleOption,
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
    leader_kinds: dict[str, str]  # leader key → product, other, nobody or unknown
    advice: dict[int, str]  # statement id → title of the first action that moves it

    @property
    def audiences(self) -> tuple[scoring.Audience, ...]:
        """The roles of each audience whose statements are not for everyone."""
        return scoring.audiences_of(self.specs)


# Kept per frozen version, shared by every report of it.
_FRAMEWORKS: FrozenVersionCache[Framework] = FrozenVersionCache(kept=32)


def framework_for(assessment: Assessment) -> Framework:
    version = assessment.framework_version
    only = tuple(sorted(assessment.only_statements.values_list("pk", flat=True)))
    return _FRAMEWORKS.get(version, (only,), lambda: _framework(version, only))


def _framework(version: Any, only: tuple[int, ...]) -> Framework:
    asked = Statement.objects.filter(version=version)
    if only:  # a round that asks some statements only
        asked = asked.filter(pk__in=only)
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
    leaders = list(
        ActivityLeader.objects.filter(version=version).values_list("key", "name", "kind")
    )
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
                None if s.for_everyone else s.roles_asked,
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
        leader_names={key: name for key, name, _ in leaders},
        leader_kinds={key: kind for key, _, kind in leaders},
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


def score_scope(
    framework: Framework, responses: list[scoring.ResponseIn], *, min_group: scoring.MinGroup = 1
) -> scoring.Scores:
    """``min_group``: the round's anonymity threshold, for the statements of each audience
    (product people, leadership, ...)."""
    return scoring.score(
        statements=framework.specs,
        dials=framework.dial_specs,
        activities=framework.activity_specs,
        responses=responses,
        min_group=min_group,
    )


@dataclass
class RoundAnswers:
    """Every submitted response of a round, read once and kept with its team, for the store."""

    by_team: dict[int, list[scoring.ResponseIn]]
    # team → (0 for a statement, 1 for an activity; respondent, text, about, name, its id)
    comments: dict[int, list[tuple[int, int, str, str, str, int]]]
    participation: dict[int, dict[str, int]]  # team → invited, started, submitted


def round_answers(assessment: Assessment) -> RoundAnswers:
    """Seven queries for the whole round, whatever its size."""
    people = Respondent.objects.filter(assessment=assessment)
    participation: dict[int, dict[str, int]] = defaultdict(
        lambda: {"invited": 0, "started": 0, "submitted": 0}
    )
    for team_id, started, submitted, via_team_link in people.values_list("team_id").annotate(
        started=Count("pk", filter=started_filter()),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        via_team_link=Count("pk", filter=Q(invitation__kind="team")),
    ):
        counts = participation[team_id]
        counts.update(started=started, submitted=submitted, invited=via_team_link)
    for team_id, personal in (
        assessment.invitations.filter(kind="personal").values_list("team_id").annotate(Count("pk"))
    ):
        participation[team_id]["invited"] += personal
    by_team, comments = _submitted_answers(assessment)
    return RoundAnswers(by_team, comments, dict(participation))


def answers_in_batches(assessment: Assessment, size: int) -> Iterator[RoundAnswers]:
    """The round's submitted answers as ``round_answers`` reads them, ``size`` respondents at
    a time (five queries a batch, and one for the batches), without participation: a reader
    that needs each person once holds one batch, never the round."""
    pks = list(
        Respondent.objects.filter(assessment=assessment, submitted_at__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(pks), size):
        batch = pks[start : start + size]
        by_team, comments = _submitted_answers(assessment, between=(batch[0], batch[-1]))
        yield RoundAnswers(by_team, comments, {})


Comments = dict[int, list[tuple[int, int, str, str, str, int]]]


def _option_scores(assessment: Assessment) -> dict[int, float | None]:
    """Every answer option of the round's version: its score, None for "don't know"."""
    return {
        pk: None if score is None else float(score)
        for pk, score in ScaleOption.objects.filter(
            version_id=assessment.framework_version_id
        ).values_list("pk", "score")
    }


def _submitted_answers(
    assessment: Assessment, between: tuple[int, int] | None = None
) -> tuple[dict[int, list[scoring.ResponseIn]], Comments]:
    """The round's submitted responses, by team, and their comments, by team: six queries.
    ``between``: only the respondents whose ids are in this range (both ends included)."""
    people = Respondent.objects.filter(assessment=assessment, submitted_at__isnull=False)
    in_round = Q(respondent__assessment=assessment, respondent__submitted_at__isnull=False)
    if between is not None:
        people = people.filter(pk__range=between)
        in_round &= Q(respondent__gte=between[0], respondent__lte=between[1])
    submitted = {
        pk: (team_id, role, name)
        for pk, team_id, role, name in people.values_list("pk", "team_id", "role", "name")
    }
    # Options and leaders are looked up here rather than joined: a round of thousands has a
    # hundred thousand answers, and each join was a lookup per answer in the database.
    scores = _option_scores(assessment)
    answers: dict[int, dict[int, float | None]] = defaultdict(dict)
    for rid, sid, option in Answer.objects.filter(in_round, option__isnull=False).values_list(
        "respondent_id", "statement_id", "option_id"
    ):
        answers[rid][sid] = scores[option]
    leaders = {
        pk: (key, kind)
        for pk, key, kind in ActivityLeader.objects.filter(
            version_id=assessment.framework_version_id
        ).values_list("pk", "key", "kind")
    }
    acts: dict[int, dict[int, scoring.ActivityAnswerIn]] = defaultdict(dict)
    for rid, aid, leader, performance in ActivityAnswer.objects.filter(
        in_round, leader__isnull=False
    ).values_list("respondent_id", "activity_id", "leader_id", "performance_id"):
        key, kind = leaders[leader]
        perf = None if performance is None else scores[performance]
        acts[rid][aid] = scoring.ActivityAnswerIn(key, kind, perf)
    by_team: dict[int, list[scoring.ResponseIn]] = defaultdict(list)
    for pk, (team_id, role, _) in sorted(submitted.items()):
        by_team[team_id].append(scoring.ResponseIn(pk, role, answers.get(pk, {}), acts.get(pk, {})))
    comments: Comments = defaultdict(list)
    for item_kind, (model, about, about_id) in enumerate(
        (
            (Answer, "statement__text", "statement_id"),
            (ActivityAnswer, "activity__name", "activity_id"),
        )
    ):
        for rid, text, subject, subject_id in (
            model.objects.filter(in_round)  # type: ignore[attr-defined]
            .exclude(comment="")
            .values_list("respondent_id", "comment", about, about_id)
            .order_by("respondent_id", "pk")
        ):
            team_id, _, name = submitted[rid]
            comments[team_id].append((item_kind, rid, text, subject, name, subject_id))
    return dict(by_team), dict(comments)


@dataclass(frozen=True)
class EarlierSelf:
    """Someone who answered this round through a personal link, as they answered an earlier
    round of the organisation through one of the same email: read only to sum up how people's
    scores go together (``reports.pairs``), never kept."""

    later: int  # their respondent in this round
    team: int  # their team then
    department: int | None
    response: scoring.ResponseIn  # their answers then


# A personal link's submitted respondent: round, respondent, email, team, department, role.
_PersonRow = tuple[int, int, str, int, int | None, str]


def _one_person_per_email(rows: list[_PersonRow]) -> dict[tuple[int, str], _PersonRow]:
    """(round, email) → its row, for emails that only one submitted respondent of the round
    used: two people answering from one address name nobody for sure."""
    seen: dict[tuple[int, str], _PersonRow | None] = {}
    for row in rows:
        key = (row[0], row[2])
        seen[key] = None if key in seen else row
    return {key: row for key, row in seen.items() if row is not None}


def earlier_selves(assessment: Assessment, *, min_pairs: int) -> dict[int, list[EarlierSelf]]:
    """Earlier round pk → the people of this round who answered it too, for each earlier round
    of the organisation (not a re-check) that shares at least ``min_pairs`` of them.

    The same person: a submitted respondent of a personal invitation with the same email
    (case aside) in both rounds. One query when nobody is shared; two when some are.
    """
    personal = Respondent.objects.filter(
        submitted_at__isnull=False, invitation__kind="personal"
    ).annotate(email=Lower("invitation__email"), department=respondent_round_department())
    # Every personal respondent of this round and the earlier ones, matched by email here: an
    # ``email IN (subquery)`` filter is planned as a nested loop by PostgreSQL on tables it has
    # no statistics for yet (a round just loaded), which took minutes for the demo.
    found: list[_PersonRow] = list(
        personal.filter(
            Q(assessment=assessment)
            | Q(
                assessment__organisation_id=assessment.organisation_id,
                assessment__recheck_of__isnull=True,
                assessment__opens_at__lte=assessment.opens_at,
            ),
        ).values_list("assessment_id", "pk", "email", "team_id", "department", "role")
    )
    mine = {row[2] for row in found if row[0] == assessment.pk and row[2]}
    rows = _one_person_per_email([row for row in found if row[2] in mine])
    later = {email: row[1] for (pk, email), row in rows.items() if pk == assessment.pk}
    shared: dict[int, list[tuple[int, int, int, int | None, str]]] = defaultdict(list)
    for (pk, email), (_, rid, _, team, department, role) in sorted(rows.items()):
        if pk != assessment.pk and email in later:
            shared[pk].append((later[email], rid, team, department, role))
    shared = {pk: people for pk, people in shared.items() if len(people) >= min_pairs}
    if not shared:
        return {}
    answers: dict[int, dict[int, float | None]] = defaultdict(dict)
    for rid, sid, option_score in Answer.objects.filter(
        respondent_id__in=[p[1] for people in shared.values() for p in people],
        option__isnull=False,
    ).values_list("respondent_id", "statement_id", "option__score"):
        answers[rid][sid] = None if option_score is None else float(option_score)
    return {
        pk: [
            EarlierSelf(
                later_rid,
                team,
                department,
                scoring.ResponseIn(rid, role, answers.get(rid, {}), {}),
            )
            for later_rid, rid, team, department, role in people
        ]
        for pk, people in shared.items()
    }
