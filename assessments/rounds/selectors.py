"""Reads for assessment rounds, the questionnaire and participation. The questionnaire
itself is built in ``questions``; its names are read from here too."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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
from assessments.rounds.questions import _QUESTIONNAIRES as _QUESTIONNAIRES
from assessments.rounds.questions import SECONDS_A_TAP as SECONDS_A_TAP
from assessments.rounds.questions import AskedOf as AskedOf
from assessments.rounds.questions import Questionnaire as Questionnaire
from assessments.rounds.questions import Section as Section
from assessments.rounds.questions import asked_by_role as asked_by_role
from assessments.rounds.questions import questionnaire as questionnaire
from frameworks.models import FrameworkVersion


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


# --- the questionnaire (``questions``) and answers to it ----------------------------------


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
