"""Automatic reminders: each round's personal invitees who have not submitted are emailed
once, ``auto_remind_days_before_close`` days before the round closes, by the scheduled job
``round-reminders`` (``rounds.scheduled``).

A round is claimed before its reminder is sent, by one conditional UPDATE (the compare-and-set
``pmmaturity.schedule`` uses): it sets ``auto_reminded_at`` only while that is still before
the reminder moment. Of two runners that find the same round due, whatever the scheduler
guarantees, one claims it and the other updates nothing, so nobody is emailed twice. The
claim and the emails it queues share one transaction: a failure part-way leaves the round
unclaimed, and the next run sends its reminder then.

Once per reminder moment: a round whose closing date is moved later than its reminder gets one
more reminder, that many days before its new closing date; moving it earlier sends none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from assessments.rounds import services
from assessments.rounds.models import Assessment, Invitation

NEEDS_SITE_URL = (
    "SITE_URL is not set, so reminder emails could carry no link: no automatic reminder "
    "was sent. Set SITE_URL to the address people open the site at (https://pm.example.com)."
)


def site_link_for(site_url: str) -> Callable[[str], str]:
    """A personal link's full address on the site at ``site_url``."""
    base = site_url.rstrip("/")
    return lambda token: base + reverse("respond:start", args=[token])


def has_waiting_invitees(assessment: Assessment) -> bool:
    """Whether anyone would get the reminder: a personal link not withdrawn, not submitted."""
    return (
        assessment.invitations.filter(kind=Invitation.Kind.PERSONAL, revoked_at__isnull=True)
        .exclude(respondents__submitted_at__isnull=False)
        .exists()
    )


def is_due(assessment: Assessment, now: datetime) -> bool:
    """Open, its reminder moment passed, and no reminder sent since that moment."""
    moment = assessment.auto_remind_at
    return (
        moment is not None
        and moment <= now < assessment.closes_at
        and assessment.closed_early_at is None
        and (assessment.auto_reminded_at is None or assessment.auto_reminded_at < moment)
    )


def due_rounds(now: datetime) -> list[Assessment]:
    """Open rounds whose automatic reminder is due and would reach someone."""
    open_rounds = Assessment.objects.filter(
        auto_remind_days_before_close__isnull=False,
        closed_early_at__isnull=True,
        opens_at__lte=now,
        closes_at__gt=now,
    ).order_by("closes_at", "pk")
    return [a for a in open_rounds if is_due(a, now) and has_waiting_invitees(a)]


def claim(assessment: Assessment, now: datetime) -> bool:
    """Take the round's reminder for this runner: True for exactly one of any number of
    runners that try, as long as the round is due as they saw it (same closing date and
    setting: a change meanwhile makes the claim miss, and the next run looks again)."""
    moment = assessment.auto_remind_at
    if moment is None:
        return False
    claimed = Assessment.objects.filter(
        Q(auto_reminded_at__isnull=True) | Q(auto_reminded_at__lt=moment),
        pk=assessment.pk,
        closes_at=assessment.closes_at,
        auto_remind_days_before_close=assessment.auto_remind_days_before_close,
        closed_early_at__isnull=True,
    ).update(auto_reminded_at=now)
    if claimed:
        assessment.auto_reminded_at = now
    return bool(claimed)


@dataclass(frozen=True)
class Sent:
    rounds: int
    emails: int


def send_due(*, site_url: str, now: datetime) -> Sent:
    """Claim each due round and queue its reminders, each round in its own transaction."""
    link_for = site_link_for(site_url)
    rounds = emails = 0
    for assessment in due_rounds(now):
        with transaction.atomic():
            if not claim(assessment, now):
                continue  # another runner has it
            emails += services.invitations_remind(assessment=assessment, link_for=link_for)
            rounds += 1
    return Sent(rounds=rounds, emails=emails)


def site_url() -> str:
    return settings.SITE_URL.strip()


@dataclass(frozen=True)
class Status:
    """What the round page says of the automatic reminder."""

    days: int | None  # None: switched off
    at: datetime | None  # when it is (or was) due; None: off, or the round is too short
    sent_at: datetime | None  # the last one sent
    pending: bool  # due at ``at`` and not sent yet
    due_now: bool  # pending, and ``at`` has passed: the next run sends it
    site_url_missing: bool


def status(assessment: Assessment) -> Status:
    at = assessment.auto_remind_at
    sent = assessment.auto_reminded_at
    pending = at is not None and assessment.closed_at is None and (sent is None or sent < at)
    return Status(
        days=assessment.auto_remind_days_before_close,
        at=at,
        sent_at=sent,
        pending=pending,
        due_now=pending and at is not None and at <= timezone.now(),
        site_url_missing=not site_url(),
    )
