"""What a feed says, as calendar events, written with the ``icalendar`` package.

Every date is an all-day VEVENT. Google Calendar, Outlook and Apple Calendar all show the
events of a subscribed feed; none of them shows its VTODOs (Google and Outlook drop them,
Apple only in its Reminders app, and not from a subscription), so a to-do would vanish for
most people. A deadline blocks no time: the events are marked free (TRANSPARENT).

Each event's UID is made of what it is about (the action, the round's date) and the site's
host, never of its dates, so when a date moves the app moves the event instead of adding one.

Nothing here reads the database: the selectors hand over the rows, the view the addresses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import TRANSP, Calendar, Event, vDuration

from assessments.calendars.models import CalendarFeed
from assessments.roadmaps.models import Roadmap, RoadmapAction
from assessments.rounds.models import Assessment

# How often calendar apps are asked to look again. Google decides for itself (several hours);
# Outlook and Apple Calendar follow this hint.
REFRESH = timedelta(hours=1)
PRODID = "-//pmmaturity//Calendar feeds//EN"


@dataclass(frozen=True)
class DayEvent:
    uid: str
    summary: str
    day: date
    description: str
    url: str


def host_of(base_url: str) -> str:
    """The site's host name, which makes our UIDs unique among everyone's calendars."""
    return urlsplit(base_url).hostname or "pmmaturity.invalid"


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _time(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M} ({settings.TIME_ZONE} time)"


def action_events(
    road: Roadmap, actions: Iterable[RoadmapAction], *, link: str, host: str
) -> list[DayEvent]:
    """One event per dated action on its due day. Done actions stay, titled "Done:", so the
    calendar keeps the plan's history and a finished action does not simply disappear from a
    past day; dropped ones leave, as the board's timeline leaves them out."""
    events = []
    for action in actions:
        if action.due_date is None or action.status == RoadmapAction.Status.DROPPED:
            continue
        done = action.status == RoadmapAction.Status.DONE
        owner = action.owner.get_full_name() or action.owner.username if action.owner else None
        events.append(
            DayEvent(
                uid=f"roadmap-action-{action.pk}@{host}",
                summary=f"{'Done' if done else 'Due'}: {action.title} ({road.team.name} roadmap)",
                day=action.due_date,
                description="\n".join(
                    [
                        f"Owner: {owner or 'nobody yet'}",
                        f"Status: {action.get_status_display()}",
                        f"Roadmap: {link}",
                    ]
                ),
                url=link,
            )
        )
    return events


def round_events(assessment: Assessment, *, link: str, host: str) -> list[DayEvent]:
    """The round's opening and closing days and, if it reminds people by itself, the day of its
    reminder. No answers and no counts of who answered: only the round's own dates."""
    name = assessment.name
    opens, closes = assessment.opens_at, assessment.closed_early_at or assessment.closes_at
    events = [
        DayEvent(
            uid=f"round-{assessment.pk}-opens@{host}",
            summary=f"Round opens: {name}",
            day=_local_day(opens),
            description=f"The assessment round opens at {_time(opens)}.\nRound: {link}",
            url=link,
        ),
        DayEvent(
            uid=f"round-{assessment.pk}-closes@{host}",
            summary=f"Round {'closed early' if assessment.closed_early_at else 'closes'}: {name}",
            day=_local_day(closes),
            description=f"The assessment round closes at {_time(closes)}.\nRound: {link}",
            url=link,
        ),
    ]
    remind = assessment.auto_remind_at
    if remind is not None and remind < closes:
        events.append(
            DayEvent(
                uid=f"round-{assessment.pk}-reminder@{host}",
                summary=f"Reminder emails: {name}",
                day=_local_day(remind),
                description=(
                    f"At about {_time(remind)}, everyone with a personal link who has not "
                    f"submitted yet is emailed a reminder.\nRound: {link}"
                ),
                url=link,
            )
        )
    return events


def feed_calendar(feed: CalendarFeed, events: list[DayEvent], *, host: str) -> bytes:
    """The feed as an iCalendar file: its name (X-WR-CALNAME and NAME), how often to look
    again (REFRESH-INTERVAL and X-PUBLISHED-TTL), and its events."""
    stamp = timezone.now()
    calendar = Calendar.new(
        prodid=PRODID,
        calscale="GREGORIAN",
        method="PUBLISH",
        name=feed.title,
        uid=f"calendar-feed-{feed.pk}@{host}",
        refresh_interval=REFRESH,
    )
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # RFC 7986 asks for it
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    for event in events:
        calendar.add_component(
            Event.new(
                uid=event.uid,
                summary=event.summary,
                start=event.day,
                end=event.day + timedelta(days=1),
                stamp=stamp,
                description=event.description,
                url=event.url,
                transparency=TRANSP.TRANSPARENT,
            )
        )
    return calendar.to_ical()
