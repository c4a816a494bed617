"""Reads for calendar feeds: a person's feeds, what they may follow, a roadmap's dated actions."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from assessments.calendars.access import FEED_JOINS, may_follow
from assessments.calendars.events import action_events, feed_calendar, host_of, round_events
from assessments.calendars.models import CalendarFeed
from assessments.organisations.access import OrgAccess
from assessments.roadmaps.models import Roadmap, RoadmapAction
from assessments.rounds.access import can_manage
from assessments.rounds.models import Assessment

ROADMAP, ROUND = "roadmap", "round"


@dataclass(frozen=True)
class Followable:
    """Something a person may follow in their calendar, as the form offers it."""

    value: str  # "roadmap-<pk>" or "round-<pk>"
    label: str
    kind: str  # ROADMAP or ROUND
    roadmap: Roadmap | None = None
    assessment: Assessment | None = None


@dataclass(frozen=True)
class FeedRow:
    feed: CalendarFeed
    live: bool  # False: the person can no longer see what it follows, so it answers 404


def feeds_of(access: OrgAccess) -> list[FeedRow]:
    """The person's live feeds in this organisation, newest first, each with whether it works."""
    feeds = (
        CalendarFeed.objects.select_related(*FEED_JOINS)
        .prefetch_related("assessment__teams")
        .filter(
            organisation=access.organisation,
            user_id=access.membership.user_id,
            revoked_at__isnull=True,
        )
    )
    return [FeedRow(feed, may_follow(access, feed)) for feed in feeds]


def followable(access: OrgAccess) -> list[Followable]:
    """The roadmaps and rounds whose pages this person may see: the roadmaps of their own team
    (every team's, for managers) and the rounds they run."""
    roadmaps = Roadmap.objects.select_related("team", "assessment").filter(
        assessment__organisation=access.organisation
    )
    if not access.is_manager:
        roadmaps = roadmaps.filter(team_id=access.membership.team_id or 0)
    found = [
        Followable(f"roadmap-{r.pk}", f"{r.team.name} roadmap ({r.assessment.name})", ROADMAP, r)
        for r in roadmaps.order_by("-assessment__opens_at", "team__name", "pk")
    ]
    rounds: QuerySet[Assessment] = Assessment.objects.none()
    if access.can_create_assessments:
        rounds = access.organisation.assessments.prefetch_related("teams")
    found += [
        Followable(f"round-{a.pk}", f"{a.name} (round dates)", ROUND, assessment=a)
        for a in rounds
        if can_manage(access, a)
    ]
    return found


def dated_actions(road: Roadmap) -> QuerySet[RoadmapAction]:
    """The roadmap's actions that have a due date and are still in the plan, with owners."""
    return (
        road.actions.select_related("owner")
        .filter(due_date__isnull=False)
        .exclude(status=RoadmapAction.Status.DROPPED)
        .order_by("due_date", "pk")
    )


def feed_body(feed: CalendarFeed, *, base_url: str) -> bytes:
    """The feed's iCalendar file, with links to the pages on the site at ``base_url``."""
    host = host_of(base_url)
    slug = feed.organisation.slug
    if feed.roadmap is not None:
        road = feed.roadmap
        link = base_url + reverse("orgs:roadmap", args=[slug, road.assessment_id, road.team_id])
        events = action_events(road, dated_actions(road), link=link, host=host)
    else:
        assert feed.assessment is not None
        link = base_url + reverse("orgs:assessment", args=[slug, feed.assessment.pk])
        events = round_events(feed.assessment, link=link, host=host)
    return feed_calendar(feed, events, host=host)
