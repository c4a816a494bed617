"""Webhook events of rounds: ``round.opened`` and ``round.closed``, each announced once.

A round opens and closes by its dates as well as by hand (closed early, reopened with a new
closing date), so the services announce what they change and a scheduled job
(``rounds.scheduled``) announces what the dates did. Whoever sees a change first announces
it, after taking it with one conditional UPDATE of ``Assessment.announced``: nobody else
announces it again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from assessments.rounds.models import Assessment
from assessments.webhooks import events
from assessments.webhooks.payloads import link, organisation_data
from assessments.webhooks.services import event_publish

OPEN, CLOSED = "open", "closed"


def state_of(assessment: Assessment, now: datetime) -> str:
    """ "open", "closed", or "" before the round opens."""
    if assessment.closed_early_at is not None or now >= assessment.closes_at:
        return CLOSED
    return OPEN if now >= assessment.opens_at else ""


def round_data(assessment: Assessment) -> dict[str, Any]:
    """A round as events describe it: ids, names, dates and links, never answers or people."""
    slug = assessment.organisation.slug
    return {
        "organisation": organisation_data(assessment.organisation),
        "round": {
            "id": assessment.pk,
            "name": assessment.name,
            "opens_at": assessment.opens_at,
            "closes_at": assessment.closes_at,
            "closed_at": assessment.closed_at,
            "anonymous": assessment.is_anonymous,
            "url": link("orgs:assessment", slug, assessment.pk),
            "report_url": link("orgs:report", slug, assessment.pk),
        },
    }


@transaction.atomic
def announce(assessment: Assessment, *, now: datetime | None = None) -> list[str]:
    """Announce whatever of the round's opening and closing nobody has announced yet; the
    events announced. A round that opened and closed unseen gets both."""
    now = now or timezone.now()
    state, was = state_of(assessment, now), assessment.announced
    if state in ("", was):
        return []
    if not Assessment.objects.filter(pk=assessment.pk, announced=was).update(announced=state):
        return []  # another worker or request announced it first
    assessment.announced = state
    said = [events.ROUND_OPENED] if state == OPEN or not was else []
    said += [events.ROUND_CLOSED] if state == CLOSED else []
    for event in said:
        event_publish(
            organisation=assessment.organisation_id,
            event=event,
            data=lambda: round_data(assessment),
        )
    return said


def unannounced(now: datetime) -> QuerySet[Assessment]:
    """Rounds that opened or closed since their last announcement."""
    closed = Q(closed_early_at__isnull=False) | Q(closes_at__lte=now)
    opened = Q(opens_at__lte=now) & ~closed
    return Assessment.objects.filter(
        (closed & ~Q(announced=CLOSED)) | (opened & ~Q(announced=OPEN))
    ).select_related("organisation")


def announce_due(now: datetime | None = None) -> int:
    """Announce every round the dates opened or closed; how many events were raised."""
    now = now or timezone.now()
    return sum(len(announce(assessment, now=now)) for assessment in unannounced(now))
