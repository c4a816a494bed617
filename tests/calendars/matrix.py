"""The calendars room's rows of the permission matrix (tests/test_permissions.py).

The page of feeds is everyone's in the organisation (each sees their own); anyone outside it
finds nothing (404). Making a feed of the team's roadmap is for those who see that roadmap:
managers, the team lead and the teammate; a member in no team has nothing to follow, so the
choice is refused (400). A feed is revoked only by its own person (the owner here); to anyone
else it is a 404. The feed's address is the credential: it answers anyone who holds it, signed
in or not, while it is live, and 404 once revoked or unknown.
"""

from __future__ import annotations

from typing import Any

from tests.matrix_rows import Expect, MatrixRows


def _feeds(world: dict[str, Any]) -> list[tuple[int, int | None]]:
    from assessments.calendars.models import CalendarFeed

    return list(
        CalendarFeed.objects.filter(organisation__slug=world["org"])
        .order_by("pk")
        .values_list("user_id", "roadmap_id")
    )


def _live_feeds(world: dict[str, Any]) -> list[int]:
    from assessments.calendars.models import CalendarFeed

    return list(
        CalendarFeed.objects.filter(organisation__slug=world["org"], revoked_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def calendar_rows(expect: Expect, login: dict[str, int]) -> MatrixRows:
    outside = {"outsider": 404, "staff": 404}
    page = expect(200, **login, **outside)
    refused = expect(400, **login, **outside)
    made = expect(302, **login, **outside, member=400, teammate=302)
    own = expect(404, **login, owner=302, consultant=404)
    o = "/o/{org}/calendars"
    return MatrixRows(
        urls={
            "orgs:calendars": ("get", f"{o}/", page),
            "orgs:calendar_create": ("post", f"{o}/new/", refused),
            "orgs:calendar_revoke": ("post", f"{o}/{{calendar_feed}}/revoke/", own),
            "orgs:calendar_feed": ("get", "/calendar/{calendar_token}.ics", expect(200)),
            "calendar feed, a round": ("get", "/calendar/{round_calendar_token}.ics", expect(200)),
            "calendar feed, revoked": (
                "get",
                "/calendar/{revoked_calendar_token}.ics",
                expect(404),
            ),
            "calendar feed, unknown": (
                "get",
                "/calendar/unknown-token-0123456789abcdefghijklmnopq.ics",
                expect(404),
            ),
        },
        writes={
            "orgs:calendar_create": ({"follow": "roadmap-{calendar_roadmap}"}, "calendar feeds"),
            "orgs:calendar_revoke": ({}, "live calendar feeds"),
        },
        statuses={"orgs:calendar_create": made},
        states={"calendar feeds": _feeds, "live calendar feeds": _live_feeds},
    )
