"""Reads for assessment rounds, the questionnaire and participation."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from assessments.organisations.models import Organisation, Team
from assessments.rounds.models import ActivityAnswer, Answer, Assessment, Invitation, Respondent
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
    """Published versions a round of this organisation may use: those for everyone, and
    those adapted for this organisation."""
    return FrameworkVersion.objects.filter(
        Q(organisation__isnull=True) | Q(organisation=organisation),
        status=FrameworkVersion.Status.PUBLISHED,
    ).select_related("framework")


def assessments_for(organisation: Organisation) -> QuerySet[Assessment]:
    return (
        organisation.assessments.select_related("framework_version__framework")
        .prefetch_related("teams")
        .annotate(
            submitted_count=Count("respondents", filter=Q(respondents__submitted_at__isnull=False))
        )
    )


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
    sections: list[Section]
    agreement: list[ScaleOption]
    performance: list[ScaleOption]
    leaders: list[ActivityLeader]

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
        """A fair estimate of the time it takes: about 10 s a statement and 20 s an activity
        (two choices each), rounded up to the next five minutes."""
        seconds = 10 * self.statement_count + 20 * self.activity_count
        return max(5, 5 * math.ceil(seconds / 300))

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


def questionnaire(assessment: Assessment, role: str | None = None) -> Questionnaire:
    """The round's questions; for a respondent's ``role``, only those that role is asked:
    statements meant for product people are not put to other roles."""
    version = assessment.framework_version
    sections: list[Section] = []
    if assessment.include_maturity:
        statements = Statement.objects.order_by("order", "pk")
        if role is not None and role not in Respondent.PRODUCT_ROLES:
            statements = statements.exclude(audience=Statement.Audience.PRODUCT)
        subset = list(assessment.only_statements.values_list("pk", flat=True))
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
    if assessment.include_activities:
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
    leader_kinds: dict[int, str]

    def statement_done(self, statement_id: int) -> bool:
        answer = self.answers.get(statement_id)
        return answer is not None and answer.option_id is not None

    def activity_done(self, activity_id: int) -> bool:
        answer = self.activity_answers.get(activity_id)
        if answer is None or answer.leader_id is None:
            return False
        # "Nobody" and "don't know" need no rating of how well it is done.
        no_rating = self.leader_kinds.get(answer.leader_id) in {"nobody", "unknown"}
        return no_rating or answer.performance_id is not None

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
    return ResponseState(
        answers={a.statement_id: a for a in Answer.objects.filter(respondent=respondent)},
        activity_answers={
            a.activity_id: a for a in ActivityAnswer.objects.filter(respondent=respondent)
        },
        leader_kinds={leader.pk: leader.kind for leader in q.leaders},
    )


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
    has_answer = Exists(Answer.objects.filter(respondent=OuterRef("pk"))) | Exists(
        ActivityAnswer.objects.filter(respondent=OuterRef("pk"))
    )
    respondents = list(
        Respondent.objects.filter(assessment=assessment)
        .select_related("invitation")
        .annotate(has_answer=has_answer)
    )
    invitations = list(assessment.invitations.order_by("kind", "email", "pk"))
    rows = []
    for team in assessment.teams.all():
        mine = [r for r in respondents if r.team_id == team.pk]
        links = [i for i in invitations if i.team_id == team.pk]
        personal = [i for i in links if i.kind == Invitation.Kind.PERSONAL]
        started = [r for r in mine if r.has_answer or r.role]  # type: ignore[attr-defined]
        # Invited: each personal link, plus anyone who came in through a team link.
        team_link_people = [r for r in mine if r.invitation.kind == Invitation.Kind.TEAM]
        by_invitation = {r.invitation_id: r for r in mine}
        for invitation in personal:
            invitation.respondent = by_invitation.get(invitation.pk)  # type: ignore[attr-defined]
        team_links = [i for i in links if i.kind == Invitation.Kind.TEAM]
        for invitation in team_links:
            invitation.used = sum(r.invitation_id == invitation.pk for r in team_link_people)  # type: ignore[attr-defined]
        rows.append(
            TeamParticipation(
                team=team,
                invited=len(personal) + len(team_link_people),
                started=len(started),
                submitted=sum(r.submitted_at is not None for r in mine),
                team_links=team_links,
                personal=personal,
                respondents=mine,
            )
        )
    return rows
