"""The rounds room's scheduled jobs (``pmmaturity.schedule``): automatic reminders, every
quarter of an hour, by one worker (``rounds.reminders``); and every minute, the webhook
events of rounds their dates opened or closed (``rounds.announcements``)."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from assessments.rounds import announcements, reminders
from pmmaturity import schedule


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


@schedule.job("round-reminders", every=timedelta(minutes=15))
def round_reminders() -> str:
    now = timezone.now()
    site_url = reminders.site_url()
    if not site_url:
        waiting = len(reminders.due_rounds(now))
        if waiting:  # people should have had a reminder: a failed run, to be seen
            raise ImproperlyConfigured(
                f"{reminders.NEEDS_SITE_URL} {plural(waiting, 'round')} waiting."
            )
        return reminders.NEEDS_SITE_URL
    sent = reminders.send_due(site_url=site_url, now=now)
    if not sent.rounds:
        return "No round due for its automatic reminder"
    return f"{plural(sent.emails, 'reminder')} queued for {plural(sent.rounds, 'round')}"


@schedule.job("announce-rounds", every=timedelta(minutes=1))
def announce_rounds() -> str:
    raised = announcements.announce_due()
    return f"{plural(raised, 'round event')} raised" if raised else "No round opened or closed"
