"""Writes for calendar feeds: make one (its token shown once), revoke it, note a fetch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from assessments.calendars.models import CalendarFeed
from assessments.organisations.models import Organisation
from assessments.roadmaps.models import Roadmap
from assessments.rounds.models import Assessment
from assessments.tokens import new_token, token_digest

# A person's live feeds in one organisation: plenty for every device, and no pile of secrets.
MAX_FEEDS = 30
# A fetch is noted at most this often: calendar apps poll, and a write on every poll buys
# nothing the page shows.
FETCH_NOTE_EVERY = timedelta(minutes=5)


class TooManyFeeds(Exception):
    """The person has MAX_FEEDS live feeds already; the message says what to do."""


@dataclass(frozen=True)
class NewFeed:
    feed: CalendarFeed
    token: str  # shown once; only its digest is kept


@transaction.atomic
def feed_create(
    *,
    user: Any,
    organisation: Organisation,
    roadmap: Roadmap | None = None,
    assessment: Assessment | None = None,
) -> NewFeed:
    """A new secret feed of a roadmap or a round (exactly one) for this person."""
    if (roadmap is None) == (assessment is None):
        raise ValueError("A feed follows one roadmap or one round.")
    live = CalendarFeed.objects.filter(
        user=user, organisation=organisation, revoked_at__isnull=True
    )
    if live.count() >= MAX_FEEDS:
        raise TooManyFeeds(
            f"You have {MAX_FEEDS} calendar feeds already. Revoke one you no longer use first."
        )
    token = new_token()
    feed = CalendarFeed.objects.create(
        user=user,
        organisation=organisation,
        roadmap=roadmap,
        assessment=assessment,
        token_hash=token_digest(token),
    )
    return NewFeed(feed, token)


@transaction.atomic
def feed_revoke(*, feed: CalendarFeed) -> CalendarFeed:
    """Switch the feed off for good: its address answers 404 from now on."""
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
    return feed


def feed_fetched(*, feed: CalendarFeed, now: datetime) -> None:
    """Note that a calendar app fetched the feed (at most every FETCH_NOTE_EVERY)."""
    last = feed.last_fetched_at
    if last is not None and now - last < FETCH_NOTE_EVERY:
        return
    CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=now)
    feed.last_fetched_at = now


def feeds_end_with_membership(*, organisation_id: int, user_id: int) -> int:
    """Revoke the person's feeds in an organisation they left, so coming back one day does not
    bring an old address back to life."""
    return CalendarFeed.objects.filter(
        organisation_id=organisation_id, user_id=user_id, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
