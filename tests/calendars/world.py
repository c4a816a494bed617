"""The calendar feeds of the URL world (tests/factories.py ``build_url_world``): the owner's
feeds of the team's roadmap and of the round, and one they revoked."""

from __future__ import annotations

from typing import Any


def calendar_world(organisation: Any, users: dict[str, Any], road: Any) -> dict[str, Any]:
    from assessments.calendars import services

    owner = users["owner"]
    roadmap_feed = services.feed_create(user=owner, organisation=organisation, roadmap=road)
    round_feed = services.feed_create(
        user=owner, organisation=organisation, assessment=road.assessment
    )
    revoked = services.feed_create(user=owner, organisation=organisation, roadmap=road)
    services.feed_revoke(feed=revoked.feed)
    return {
        "calendar_roadmap": road.pk,
        "calendar_feed": roadmap_feed.feed.pk,
        "calendar_token": roadmap_feed.token,
        "round_calendar_token": round_feed.token,
        "revoked_calendar_token": revoked.token,
    }
