"""Writes for assessment rounds, their links, respondents and answers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import nullcontext
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from assessments.organisations.models import Organisation, Team
from assessments.rounds import announcements, carry
from assessments.rounds.models import (
    DEFAULT_AUTO_REMIND_DAYS,
    ActivityAnswer,
    Answer,
    Assessment,
    Invitation,
    Respondent,
    RoundTeam,
)
from assessments.rounds.selectors import Section, questionnaire, versions_for
from assessments.rounds.signals import answers_counted
from assessments.rounds.upserts import upserts
from assessments.tokens import new_nonce, token_digest, token_for
from frameworks.models import FrameworkVersion
from frameworks.services import version_freeze
from pmmaturity.mail import queue_email
from pmmaturity.text import clean_text


@transaction.atomic
def assessment_create(
    *,
    organisation: Organisation,
    name: str,
    framework_version: FrameworkVersion,
    teams: list[Team],
    include_maturity: bool,
    include_activities: bool,
    opens_at: datetime,
    closes_at: datetime,
    anonymity: str,
    min_group_size: int,
    created_by: Any,
    follows: Assessment | None = None,
    auto_remind_days_before_close: int | None = DEFAULT_AUTO_REMIND_DAYS,
) -> Assessment:
    """A round of these teams. ``follows``: the earlier named round of the organisation that
    people may start from (``rounds.carry``); refused for an anonymous round on either side."""
    if framework_version.status != FrameworkVersion.Status.PUBLISHED:
        raise ValidationError("Only a published framework version can be used.")
    if not versions_for(organisation).filter(pk=framework_version.pk).exists():
        raise ValidationError("That framework version belongs to another organisation.")
    if any(team.organisation_id != organisation.pk for team in teams):
        raise ValidationError("Every team must belong to this organisation.")
    if follows is not None:
        problem = carry.follow_up_problem(
            organisation=organisation, anonymity=anonymity, opens_at=opens_at, follows=follows
        )
        if problem:
            raise ValidationError(problem)
    assessment = Assessment.objects.create(
        organisation=organisation,
        name=name,
        framework_version=framework_version,
        include_maturity=include_maturity,
        include_activities=include_activities,
        opens_at=opens_at,
        closes_at=closes_at,
        anonymity=anonymity,
        min_group_size=min_group_size,
        created_by=created_by,
        follows=follows,
        auto_remind_days_before_close=auto_remind_days_before_close,
    )
    round_teams_add(assessment=assessment, teams=teams)
    announcements.announce(assessment)  # round.opened, if it opens at once
    return assessment


@transaction.atomic
def round_set_up(
    *, organisation: Organisation, data: Mapping[str, Any], created_by: Any
) -> Assessment:
    """A round from the set-up form's cleaned data (the page's and the API's), with a team
    link for each of its teams."""
    assessment = assessment_create(
        organisation=organisation,
        name=data["name"],
        framework_version=data["framework_version"],
        teams=list(data["teams"]),
        include_maturity=data["include_maturity"],
        include_activities=data["include_activities"],
        opens_at=data["opens_at"],
        closes_at=data["closes_at"],
        anonymity=data["anonymity"],
        min_group_size=data["min_group_size"],
        created_by=created_by,
        follows=data.get("follows"),
        auto_remind_days_before_close=data["auto_remind_days_before_close"],
    )
    for team in assessment.teams.all():
        invitation_create_team_link(assessment=assessment, team=team)
    return assessment


def round_teams_add(*, assessment: Assessment, teams: list[Team]) -> None:
    """Put teams in a round, each with the department it is in now: the round keeps that
    grouping whatever happens to the team later (``RoundTeam``)."""
    for read in ("teams", "round_teams"):
        getattr(assessment, "_prefetched_objects_cache", {}).pop(read, None)
    have = set(assessment.round_teams.values_list("team_id", flat=True))
    RoundTeam.objects.bulk_create(
        RoundTeam(assessment=assessment, team=team, department_id=team.department_id)
        for team in dict.fromkeys(teams)
        if team.pk not in have
    )


def assessment_close(*, assessment: Assessment) -> Assessment:
    if assessment.closed_early_at is None:
        assessment.closed_early_at = timezone.now()
        assessment.save(update_fields=["closed_early_at"])
        announcements.announce(assessment)  # round.closed
    return assessment


def assessment_open_now(*, assessment: Assessment) -> Assessment:
    """Open now a round that was set to open later (its links work from now on)."""
    now = timezone.now()
    if assessment.closed_at is not None:
        raise ValidationError("This round is closed: extend it to open it again.")
    if assessment.opens_at <= now:
        raise ValidationError("This round is already open.")
    follows, org = assessment.follows, assessment.organisation
    problem = follows and carry.follow_up_problem(
        organisation=org, anonymity=assessment.anonymity, opens_at=now, follows=follows
    )
    if problem:
        raise ValidationError(problem)
    assessment.opens_at = now
    assessment.save(update_fields=["opens_at"])
    return assessment


def assessment_extend(*, assessment: Assessment, closes_at: datetime) -> Assessment:
    if closes_at <= timezone.now():
        raise ValidationError("The new closing date must be in the future.")
    if closes_at <= assessment.opens_at:
        raise ValidationError("The new closing date must be after the opening date.")
    assessment.closes_at = closes_at
    assessment.closed_early_at = None
    assessment.save(update_fields=["closes_at", "closed_early_at"])
    announcements.announce(assessment)  # round.opened, when that reopens it
    return assessment


def assessment_set_auto_remind(*, assessment: Assessment, days: int | None) -> Assessment:
    """Send the automatic reminder this many days before the round closes (None: never). A
    moment moved after a reminder already sent makes one more due (``rounds.reminders``)."""
    if days is not None and days < 1:
        raise ValidationError("Remind at least 1 day before the round closes, or leave it empty.")
    if assessment.auto_remind_days_before_close != days:
        assessment.auto_remind_days_before_close = days
        assessment.save(update_fields=["auto_remind_days_before_close"])
    return assessment


class RoundClosed(ValidationError):
    """A closed round makes no new links and sends no reminders: nobody could use them."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"This round is closed, so {what}. To let people answer again, reopen it by "
            "giving it a new closing date."
        )


def _require_not_closed(assessment: Assessment, what: str) -> None:
    if assessment.closed_at is not None:
        raise RoundClosed(what)


def invitation_token(invitation: Invitation) -> str:
    return token_for(invitation.nonce, "invitation")


def respondent_token(respondent: Respondent) -> str:
    if respondent.invitation.kind == Invitation.Kind.PERSONAL:
        return invitation_token(respondent.invitation)
    return token_for(respondent.nonce, "respondent")


def _new_invitation(**fields: object) -> Invitation:
    nonce = new_nonce()
    return Invitation.objects.create(
        nonce=nonce, token_hash=token_digest(token_for(nonce, "invitation")), **fields
    )


@transaction.atomic
def invitation_create_personal(
    *, assessment: Assessment, team: Team, email: str, name: str = ""
) -> Invitation:
    """A personal link for one person, whatever the round's state (a round's history is built
    with it); pages invite through ``invitations_send_personal``, which refuses a closed round."""
    return _new_invitation(
        assessment=assessment,
        team=team,
        kind=Invitation.Kind.PERSONAL,
        email=email.strip().lower(),
        name=name.strip(),
    )


# Many people answer through a link without an account, so the app seldom knows a team's
# full size: it assumes at least a typical product team.
ASSUMED_TEAM_SIZE = 10


def team_link_cap(team: Team) -> int:
    """Twice the team's size: room for everyone, with a guard against a leaked link."""
    return 2 * max(team.memberships.count(), ASSUMED_TEAM_SIZE)


@transaction.atomic
def invitation_create_team_link(
    *, assessment: Assessment, team: Team, access_code: str = "", max_respondents: int | None = None
) -> Invitation:
    """A link the whole team can share, optionally guarded by an access code, whatever the
    round's state; pages add one through ``team_link_add``, which refuses a closed round."""
    return _new_invitation(
        assessment=assessment,
        team=team,
        kind=Invitation.Kind.TEAM,
        access_code_hash=make_password(access_code) if access_code else "",
        max_respondents=max_respondents or team_link_cap(team),
    )


def team_link_add(
    *, assessment: Assessment, team: Team, access_code: str = "", max_respondents: int | None = None
) -> Invitation:
    """Another team link for a round's page. Refused (RoundClosed) once the round has closed."""
    _require_not_closed(assessment, "no new links can be made")
    return invitation_create_team_link(
        assessment=assessment,
        team=team,
        access_code=access_code,
        max_respondents=max_respondents,
    )


def invitations_send_personal(
    *,
    assessment: Assessment,
    team: Team,
    emails: list[str],
    link_for: Callable[[str], str],
    names: Mapping[str, str] | None = None,
) -> int:
    """A personal link for each address, emailed; ``link_for`` builds the URL from a token.
    ``names``: the person's name for an address, where known (an import gives them).

    Refused (RoundClosed) once the round has closed: nothing is made and nothing sent."""
    _require_not_closed(assessment, "no new links can be made")
    minutes = questionnaire(assessment).minutes
    names = names or {}
    for email in emails:
        name = names.get(email, "")
        greeting = f"Hello {name}," if name else "Hello,"
        invitation = invitation_create_personal(
            assessment=assessment, team=team, email=email, name=name
        )
        queue_email(
            subject=f"Your view on product management: {assessment.name}",
            body=(
                f"{greeting}\n\nYou are invited to answer \u201c{assessment.name}\u201d for "
                f"{team.name}. It takes about {minutes} minutes, saves as you go, and needs no "
                f"account:\n\n{link_for(invitation_token(invitation))}\n\nThis link is "
                f"personal; please don't forward it. The round closes on "
                f"{timezone.localtime(assessment.closes_at):%d %B %Y}."
            ),
            to=email,
        )
    return len(emails)


def invitation_set_cap(*, invitation: Invitation, max_respondents: int) -> Invitation:
    invitation.max_respondents = max_respondents
    invitation.save(update_fields=["max_respondents"])
    return invitation


class TeamLinkFull(Exception):
    """As many people as the link allows have already started from it."""


def invitation_revoke(*, invitation: Invitation) -> Invitation:
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_restore(*, invitation: Invitation) -> Invitation:
    """Switch a withdrawn link back on: the same link works again."""
    if invitation.revoked_at is not None:
        invitation.revoked_at = None
        invitation.save(update_fields=["revoked_at"])
    return invitation


def invitations_remind(*, assessment: Assessment, link_for: Callable[[str], str]) -> int:
    """Email every personal invitee who has not submitted; ``link_for`` builds the URL.

    Refused (RoundClosed) once the round has closed."""
    _require_not_closed(assessment, "no reminders were sent")
    waiting = (
        assessment.invitations.filter(kind=Invitation.Kind.PERSONAL, revoked_at__isnull=True)
        .exclude(respondents__submitted_at__isnull=False)
        .select_related("team")
    )
    now = timezone.now()
    minutes = questionnaire(assessment).minutes
    sent = 0
    for invitation in waiting:
        greeting = f"Hello {invitation.name}," if invitation.name else "Hello,"
        queue_email(
            subject=f"Reminder: {assessment.name}",
            body=(
                f"{greeting}\n\nYour answers to \u201c{assessment.name}\u201d for "
                f"{invitation.team.name} are still open. It takes about {minutes} minutes and "
                f"saves as you go, so you can stop and come back:\n\n"
                f"{link_for(invitation_token(invitation))}\n\nThe round closes on "
                f"{timezone.localtime(assessment.closes_at):%d %B %Y}."
            ),
            to=invitation.email,
        )
        invitation.last_sent_at = now
        invitation.save(update_fields=["last_sent_at"])
        sent += 1
    return sent


# --- responding --------------------------------------------------------------------------


@transaction.atomic
def respondent_for_personal_link(*, invitation: Invitation) -> Respondent:
    """The one respondent behind a personal link, created on first use."""
    respondent = invitation.respondents.first()
    if respondent is None:
        respondent = Respondent.objects.create(
            assessment=invitation.assessment,
            team=invitation.team,
            invitation=invitation,
            nonce=new_nonce(),
            token_hash=invitation.token_hash,
            name=invitation.name,
        )
    return respondent


@transaction.atomic
def respondent_start_from_team_link(*, invitation: Invitation) -> Respondent:
    """A new respondent from a shared team link, with their own resume link."""
    # Lock the link's row, so people arriving together cannot overshoot the cap.
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    cap = locked.max_respondents
    if cap is not None and locked.respondents.count() >= cap:
        raise TeamLinkFull(cap)
    nonce = new_nonce()
    return Respondent.objects.create(
        assessment=invitation.assessment,
        team=invitation.team,
        invitation=invitation,
        nonce=nonce,
        token_hash=token_digest(token_for(nonce, "respondent")),
    )


def respondent_set_profile(*, respondent: Respondent, role: str, name: str = "") -> Respondent:
    respondent.role = role
    fields = ["role"]
    if not respondent.assessment.is_anonymous:
        respondent.name = clean_text(name, limit=120)
        fields.append("name")
    respondent.save(update_fields=fields)
    return respondent


def _clean_comments(rows: dict[int, dict[str, object]]) -> dict[int, dict[str, object]]:
    cleaned = {}
    for pk, values in rows.items():
        comment = values.get("comment")
        cleaned[pk] = (
            {**values, "comment": clean_text(comment)} if isinstance(comment, str) else values
        )
    return cleaned


# When someone last saved is kept to the minute: nobody needs it closer, and writing it on
# every autosave would cost one more statement (and one more commit) per save.
LAST_SAVED_GRAIN = timedelta(minutes=1)


def answers_save(
    *,
    respondent: Respondent,
    statements: dict[int, dict[str, object]],
    activities: dict[int, dict[str, object]],
) -> int:
    """Save answers, one row per statement or activity, changing only the fields given.

    The first answer freezes the framework version, so what was answered never changes.
    Reads ``respondent.assessment.framework_version`` and ``last_saved_at`` as loaded.
    A save that takes one statement (the usual autosave) commits on its own; a save that
    takes more, and every save of a submitted respondent (their answers count in results:
    the refresh is scheduled if and only if the answers are kept), is one transaction.
    """
    saved = len(statements) + len(activities)
    if not saved:
        return 0
    now = timezone.now()
    version = respondent.assessment.framework_version
    if not version.is_frozen:  # first, so no answer is ever stored against a version unfrozen
        version_freeze(version=version)
    writes = [
        *upserts(Answer, "statement", respondent, _clean_comments(statements), now),
        *upserts(ActivityAnswer, "activity", respondent, _clean_comments(activities), now),
    ]
    submitted = respondent.submitted_at is not None
    together = submitted or len(writes) > 1
    with transaction.atomic(savepoint=False) if together else nullcontext():
        with connection.cursor() as cursor:
            for sql, params in writes:
                cursor.execute(sql, params)
        last = respondent.last_saved_at
        if last is None or not timedelta(0) <= now - last < LAST_SAVED_GRAIN:
            Respondent.objects.filter(pk=respondent.pk).update(last_saved_at=now)
            respondent.last_saved_at = now
        if submitted:  # only submitted answers count in results
            answers_counted.send(
                sender=Assessment, assessment_id=respondent.assessment_id, urgent=False
            )
    return saved


def carried_confirm(
    *, respondent: Respondent, section: Section, no_rating_leaders: frozenset[int]
) -> int:
    """ "Same as last time" for a section: every answer carried over from the round this one
    follows and not confirmed yet is confirmed as it was (``carry.confirmations``), as if
    chosen again. Returns how many items were confirmed."""
    statements, activities = carry.confirmations(respondent, section, no_rating_leaders)
    answers_save(respondent=respondent, statements=statements, activities=activities)
    return len(statements) + len(activities)


def respondent_submit(*, respondent: Respondent) -> Respondent:
    """Submit. Submitting again (a double click, a second tab) changes nothing."""
    with transaction.atomic():
        if Respondent.objects.filter(pk=respondent.pk, submitted_at__isnull=True).update(
            submitted_at=timezone.now()
        ):
            answers_counted.send(
                sender=Assessment, assessment_id=respondent.assessment_id, urgent=True
            )
    respondent.refresh_from_db(fields=["submitted_at"])
    return respondent
