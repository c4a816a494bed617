"""Reads for assessment rounds, the questionnaire and participation."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)

from assessments.organisations.models import Department, Organisation, Team
from assessments.questionnaires.selectors import versions_for as usable_versions
from assessments.rounds import anonymity
from assessments.rounds.access import assessment_state
from assessments.rounds.models import (
    ActivityAnswer,
    Answer,
    Assessment,
    Invitation,
    Respondent,
    RoundTeam,
)
from frameworks import audiences
from frameworks.frozen_cache import FrozenVersionCache
from frameworks.models import (
    Activity,
    ActivityArea,
    ActivityLeader,
    Enabler,
    FrameworkVersion,
    Scale,
    ScaleOption,
    Statement,
)


def versions_for(organisation: Organisation) -> QuerySet[FrameworkVersion]:
    """Published versions a round of this organisation may use: those for everyone, those
    adapted for it, and those adapted by the firm that serves it (questionnaires room)."""
    return usable_versions(organisation)


# --- the words participation is counted in ------------------------------------------------------

# What "invited", "started" and "submitted" mean: on the round's page, the home pages, reports,
# trends and exports alike. Said once here; ``started_filter`` below is the one rule in code, and
# the "how scores are worked out" page shows these words.
PARTICIPATION_WORDS = {
    "invited": "each personal link sent, and each person who came in through a team link",
    "started": (
        "saved at least one answer, submitted or not. Opening a link, or only choosing a "
        "role, is not starting"
    ),
    "submitted": "pressed Submit. Only submitted answers count in results",
}


def started_filter(prefix: str = "") -> Q:
    """Respondents who have started, as PARTICIPATION_WORDS says: every save of an answer
    stamps ``last_saved_at`` (services.answers_save), and a submit counts too, so nobody is
    submitted without having started. ``prefix`` reaches respondents across a join
    (``"respondents__"``)."""
    return Q(**{f"{prefix}last_saved_at__isnull": False}) | Q(
        **{f"{prefix}submitted_at__isnull": False}
    )


def round_teams_prefetch() -> Prefetch:
    """What pages that group several rounds' teams prefetch (``round_team_departments``)."""
    return Prefetch("round_teams", RoundTeam.objects.select_related("department"))


def _round_teams(assessment: Assessment) -> list[RoundTeam]:
    # Read once per round object, then kept on it as a prefetch would keep it.
    if "round_teams" not in getattr(assessment, "_prefetched_objects_cache", {}):
        prefetch_related_objects([assessment], round_teams_prefetch())
    return list(assessment.round_teams.all())


def round_team_departments(assessment: Assessment) -> dict[int, int | None]:
    """Each team of the round → the department the round groups it under: the one the team
    was in when it joined the round, not where it is now (``RoundTeam``). Every reader that
    groups a round's teams into departments asks this, never ``team.department_id``."""
    return {rt.team_id: rt.department_id for rt in _round_teams(assessment)}


def respondent_round_department() -> Subquery[Any]:
    """``round_team_departments`` for a query of respondents of several rounds: the
    department their round grouped their team under, as an annotation."""
    return Subquery(
        RoundTeam.objects.filter(
            assessment_id=OuterRef("assessment_id"), team_id=OuterRef("team_id")
        ).values("department_id")[:1]
    )


def round_grouping(assessment: Assessment) -> dict[int, Department | None]:
    """``round_team_departments`` with each department read, for pages that name them."""
    return {rt.team_id: rt.department for rt in _round_teams(assessment)}


def count_shown(assessment: Assessment, count: int) -> int:
    """How many people a page says started or submitted: while an anonymous round is open,
    rounded down to its batches (``anonymity.batched_count``); otherwise as counted."""
    if assessment_state(assessment) != "open":
        return count
    return anonymity.batched_count(count, assessment.group_threshold)


def assessments_for(organisation: Organisation) -> QuerySet[Assessment]:
    return (
        organisation.assessments.select_related("framework_version__framework")
        .prefetch_related("teams")
        .annotate(
            submitted_count=Count("respondents", filter=Q(respondents__submitted_at__isnull=False))
        )
    )


def rounds_with_responses(organisation_ids: Iterable[int]) -> list[Assessment]:
    """The rounds of these organisations, newest first, each with how many people started
    and submitted, and its state (``closed``, ``not_open`` or ``open``). One query."""
    rounds: list[Assessment] = list(
        Assessment.objects.filter(organisation_id__in=organisation_ids)
        .annotate(
            started=Count("respondents", filter=started_filter("respondents__")),
            submitted=Count("respondents", filter=Q(respondents__submitted_at__isnull=False)),
        )
        .order_by("-opens_at", "-pk")
    )
    for a in rounds:
        a.state = assessment_state(a)  # type: ignore[attr-defined]
        a.started = count_shown(a, a.started)  # type: ignore[attr-defined]
        a.submitted = count_shown(a, a.submitted)  # type: ignore[attr-defined]
    return rounds


# --- the questionnaire -------------------------------------------------------------------


@dataclass
class Section:
    key: str
    title: str
    kind: str  # "enabler" or "activities"
    intro: str
    statements: list[Statement] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.statements) + len(self.activities)


@dataclass
class Questionnaire:
    """The questions of a round for one kind of respondent.

    Built once per frozen version and shared by every request of the process (see
    ``questionnaire``): read it, never change it.
    """

    sections: list[Section]
    agreement: list[ScaleOption]
    performance: list[ScaleOption]
    leaders: list[ActivityLeader]
    # Where each item sits, so a save's progress is counted without walking every section.
    statement_sections: dict[int, str] = field(init=False, repr=False)
    activity_sections: dict[int, str] = field(init=False, repr=False)
    no_rating_leaders: frozenset[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.statement_sections = {s.pk: x.key for x in self.sections for s in x.statements}
        self.activity_sections = {a.pk: x.key for x in self.sections for a in x.activities}
        # "Nobody" and "don't know" need no rating of how well it is done.
        self.no_rating_leaders = frozenset(
            leader.pk for leader in self.leaders if leader.kind in NO_RATING_LEADERS
        )

    @property
    def total(self) -> int:
        return sum(s.size for s in self.sections)

    @property
    def statement_count(self) -> int:
        return sum(len(s.statements) for s in self.sections)

    @property
    def activity_count(self) -> int:
        return sum(len(s.activities) for s in self.sections)

    @property
    def minutes(self) -> int:
        """The time it takes on a phone, rounded up to the whole minute: a statement is one
        tap, read and answered in about SECONDS_A_TAP; an activity two (who leads it, how
        well). The figure the start page, invitations and the browser test share."""
        seconds = SECONDS_A_TAP * (self.statement_count + 2 * self.activity_count)
        return max(1, math.ceil(seconds / 60))

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def next_after(self, key: str) -> Section | None:
        keys = [s.key for s in self.sections]
        i = keys.index(key)
        return self.sections[i + 1] if i + 1 < len(keys) else None

    def previous_before(self, key: str) -> Section | None:
        keys = [s.key for s in self.sections]
        i = keys.index(key)
        return self.sections[i - 1] if i > 0 else None


# About how long a person takes to read one statement (or one of an activity's two
# questions) and tap an answer on a phone; the questionnaire is sized so that the longest
# one a role is asked takes at most 12 minutes at this pace (issue 28).
SECONDS_A_TAP = 4

NO_RATING_LEADERS = frozenset({ActivityLeader.Kind.NOBODY, ActivityLeader.Kind.UNKNOWN})

# Kept per frozen version: every autosave and page of a round would otherwise rebuild the
# same sections (eight queries).
_QUESTIONNAIRES: FrozenVersionCache[Questionnaire] = FrozenVersionCache(kept=64)


def questionnaire(
    assessment: Assessment, role: str | None = None, *, subset: tuple[int, ...] | None = None
) -> Questionnaire:
    """The round's questions; for a respondent's ``role``, only those that role is asked:
    statements meant for product people are not put to other roles. ``subset``: the
    round's only statements (sorted ids, as ``answered`` gives them) if known already."""
    version = assessment.framework_version
    everything = role is None or role in Respondent.PRODUCT_ROLES
    if not assessment.include_maturity:
        subset = ()
    elif subset is None:
        asked = Assessment.only_statements.through.objects.filter(assessment_id=assessment.pk)
        subset = tuple(sorted(asked.values_list("statement_id", flat=True)))
    shape = (everything, assessment.include_maturity, assessment.include_activities, subset)
    return _QUESTIONNAIRES.get(version, shape, lambda: _build(version, *shape))


@dataclass(frozen=True)
class AskedOf:
    """What one kind of respondent is asked: the roles (labels), and how much."""

    roles: tuple[str, ...]
    statements: int
    activities: int
    minutes: int

    @property
    def roles_words(self) -> str:
        """ "Product manager, product owner or product marketing"."""
        words = [r.lower() for r in self.roles]
        listed = ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else "".join(words)
        return listed[:1].upper() + listed[1:]


def asked_by_role(assessment: Assessment, role: str = "") -> list[AskedOf]:
    """What each kind of respondent will be asked, for the page that asks their role: product
    roles first (they get the statements meant for product people), then the rest; one
    entry when both are asked the same, or when ``role`` is known already."""
    product = Respondent.PRODUCT_ROLES
    groups = [
        tuple(v for v in Respondent.Role.values if v in product),
        tuple(v for v in Respondent.Role.values if v not in product),
    ]
    if role:
        groups = [(role,)]
    labels = dict(Respondent.Role.choices)
    asked = []
    for group in groups:
        q = questionnaire(assessment, group[0])
        asked.append(
            AskedOf(tuple(labels[v] for v in group), q.statement_count, q.activity_count, q.minutes)
        )
    if len(asked) == 2 and asked[0] == replace(asked[1], roles=asked[0].roles):
        return [replace(asked[0], roles=())]  # everyone is asked the same
    return asked


def _build(
    version: FrameworkVersion,
    everything: bool,
    include_maturity: bool,
    include_activities: bool,
    subset: tuple[int, ...],
) -> Questionnaire:
    sections: list[Section] = []
    if include_maturity:
        statements = Statement.objects.order_by("order", "pk")
        if not everything:
            statements = statements.exclude(audience=audiences.PRODUCT)
        if subset:
            statements = statements.filter(pk__in=subset)
        enablers = Enabler.objects.filter(version=version).prefetch_related(
            Prefetch("statements", statements)
        )
        for enabler in enablers:
            if subset and not enabler.statements.all():
                continue
            sections.append(
                Section(
                    key=enabler.key,
                    title=enabler.name,
                    kind="enabler",
                    intro=enabler.summary,
                    statements=list(enabler.statements.all()),
                )
            )
    if include_activities:
        areas = ActivityArea.objects.filter(version=version).prefetch_related(
            Prefetch(
                "activities",
                Activity.objects.select_related("group").order_by("group__order", "order"),
            )
        )
        for area in areas:
            sections.append(
                Section(
                    key=f"activities-{area.key}",
                    title=f"Activities: {area.name}",
                    kind="activities",
                    intro=area.summary,
                    activities=list(area.activities.all()),
                )
            )
    scales = {
        s.key: list(s.options.all())
        for s in Scale.objects.filter(version=version).prefetch_related("options")
    }
    return Questionnaire(
        sections=sections,
        agreement=scales.get(Scale.AGREEMENT, []),
        performance=scales.get(Scale.PERFORMANCE, []),
        leaders=list(ActivityLeader.objects.filter(version=version)),
    )


@dataclass
class ResponseState:
    answers: dict[int, Answer]
    activity_answers: dict[int, ActivityAnswer]
    no_rating_leaders: frozenset[int]

    def statement_done(self, statement_id: int) -> bool:
        answer = self.answers.get(statement_id)
        return answer is not None and answer.option_id is not None

    def activity_done(self, activity_id: int) -> bool:
        answer = self.activity_answers.get(activity_id)
        if answer is None or answer.leader_id is None:
            return False
        return answer.leader_id in self.no_rating_leaders or answer.performance_id is not None

    def answered_in(self, section: Section) -> int:
        return sum(self.statement_done(s.pk) for s in section.statements) + sum(
            self.activity_done(a.pk) for a in section.activities
        )

    def answered(self, q: Questionnaire) -> int:
        return sum(self.answered_in(s) for s in q.sections)

    def unanswered(self, q: Questionnaire) -> list[tuple[Section, list[str]]]:
        missing: list[tuple[Section, list[str]]] = []
        for section in q.sections:
            items = [s.text for s in section.statements if not self.statement_done(s.pk)]
            items += [a.name for a in section.activities if not self.activity_done(a.pk)]
            if items:
                missing.append((section, items))
        return missing


def response_state(respondent: Respondent, q: Questionnaire) -> ResponseState:
    """Every answer of the respondent, for pages that show them."""
    return ResponseState(
        answers={a.statement_id: a for a in Answer.objects.filter(respondent=respondent)},
        activity_answers={
            a.activity_id: a for a in ActivityAnswer.objects.filter(respondent=respondent)
        },
        no_rating_leaders=q.no_rating_leaders,
    )


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int
    sections: dict[str, int]  # section key -> items answered in it

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100


@dataclass(frozen=True)
class Answered:
    """What a respondent has answered, in brief: enough to count their progress (read with
    the respondent by ``saving.respondent_and_answered``)."""

    statements: frozenset[int]  # rated
    activities: dict[int, tuple[int | None, bool]]  # activity -> (who leads it, rated)
    subset: tuple[int, ...]  # the only statements the round asks (a re-check); () for all

    def with_saved(
        self, statements: dict[int, dict[str, object]], activities: dict[int, dict[str, object]]
    ) -> Answered:
        """As it stands once the given fields are saved (see ``answers_save``)."""
        rated = {pk for pk, values in statements.items() if values.get("option_id") is not None}
        merged = dict(self.activities)
        for pk, values in activities.items():
            leader, was_rated = merged.get(pk, (None, False))
            given = values.get("leader_id")
            merged[pk] = (
                given if isinstance(given, int) else leader,
                was_rated or values.get("performance_id") is not None,
            )
        return Answered(self.statements | rated, merged, self.subset)

    def progress(self, q: Questionnaire) -> Progress:
        """Done by the rules of ``ResponseState``; answers to questions not asked don't count."""
        sections = dict.fromkeys((s.key for s in q.sections), 0)
        done = [q.statement_sections.get(pk) for pk in self.statements]
        done += [
            q.activity_sections.get(pk)
            for pk, (leader, rated) in self.activities.items()
            if leader is not None and (rated or leader in q.no_rating_leaders)
        ]
        for key in done:
            if key is not None:
                sections[key] += 1
        return Progress(answered=sum(sections.values()), total=q.total, sections=sections)


# --- participation -----------------------------------------------------------------------------


@dataclass
class TeamParticipation:
    team: Team
    invited: int
    started: int
    submitted: int
    team_links: list[Invitation]
    personal: list[Invitation]
    respondents: list[Any]

    def _pct(self, n: int) -> int:
        return round(100 * n / self.invited) if self.invited else 0

    @property
    def submitted_pct(self) -> int:
        return self._pct(self.submitted)

    @property
    def in_progress_pct(self) -> int:
        return self._pct(max(0, self.started - self.submitted))


def participation(assessment: Assessment) -> list[TeamParticipation]:
    """Invited, started and submitted per team, with the links and (named rounds) people."""
    respondents = list(
        Respondent.objects.filter(assessment=assessment)
        .select_related("invitation")
        .annotate(has_started=ExpressionWrapper(started_filter(), output_field=BooleanField()))
    )
    invitations = list(assessment.invitations.order_by("kind", "email", "pk"))
    rows = []
    for team in assessment.teams.all():
        mine = [r for r in respondents if r.team_id == team.pk]
        links = [i for i in invitations if i.team_id == team.pk]
        personal = [i for i in links if i.kind == Invitation.Kind.PERSONAL]
        begun = [r for r in mine if r.has_started]  # type: ignore[attr-defined]
        # Invited: each personal link, plus anyone who came in through a team link.
        team_link_people = [r for r in mine if r.invitation.kind == Invitation.Kind.TEAM]
        by_invitation = {r.invitation_id: r for r in mine}
        for invitation in personal:
            invitation.respondent = by_invitation.get(invitation.pk)  # type: ignore[attr-defined]
        team_links = [i for i in links if i.kind == Invitation.Kind.TEAM]
        for invitation in team_links:
            used = sum(r.invitation_id == invitation.pk for r in team_link_people)
            invitation.used = count_shown(assessment, used)  # type: ignore[attr-defined]
        rows.append(
            TeamParticipation(
                team=team,
                invited=len(personal) + len(team_link_people),
                started=count_shown(assessment, len(begun)),
                submitted=count_shown(assessment, sum(r.submitted_at is not None for r in mine)),
                team_links=team_links,
                personal=personal,
                respondents=mine,
            )
        )
    return rows
