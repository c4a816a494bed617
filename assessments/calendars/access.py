"""Who may reach a calendar feed.

The page of feeds is reached like every page, through the person's organisation; a feed's
address has no login (calendar apps cannot log in), so the token is the key, and every fetch
asks again, through the rooms' own rules, whether its person may still see what it follows:
someone who left the organisation, moved to another team or lost a round finds the feed gone
(404), exactly as they would find the page closed to them; so does a deactivated account.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from assessments.calendars.models import CalendarFeed
from assessments.organisations.access import OrgAccess, member_access
from assessments.rounds.access import can_manage
from assessments.tokens import digests_match, token_digest

# new_token() makes 43 characters; anything much longer is not one of ours.
MAX_TOKEN_LENGTH = 64

FEED_JOINS = ("user", "organisation", "roadmap__team", "roadmap__assessment", "assessment")


def may_follow(access: OrgAccess, feed: CalendarFeed) -> bool:
    """Whether the person may see, today, the page of what the feed follows: a team's roadmap
    (its report's rule: their own team, or every team for managers) or a round's page (its
    team lead or a manager)."""
    if feed.organisation_id != access.organisation.pk:
        return False
    if feed.roadmap is not None:
        team = feed.roadmap.team
        return team.organisation_id == access.organisation.pk and access.can_see_team(team)
    assessment = feed.assessment
    return (
        assessment is not None
        and assessment.organisation_id == access.organisation.pk
        and can_manage(access, assessment)
    )


def feed_from_token(token: str) -> tuple[CalendarFeed, OrgAccess]:
    """The live feed behind a token, and its person's access now; else a 404 that says nothing
    of why (unknown, revoked, or no longer theirs to see)."""
    if not token or len(token) > MAX_TOKEN_LENGTH or not token.isascii():
        raise Http404
    feed = (
        CalendarFeed.objects.select_related(*FEED_JOINS)
        .filter(token_hash=token_digest(token), revoked_at__isnull=True)
        .first()
    )
    if feed is None or not digests_match(feed.token_hash, token) or not feed.user.is_active:
        raise Http404  # a deactivated account can sign in nowhere, so sees nothing here either
    access = member_access(feed.user_id, feed.organisation_id)  # 404 once they have left
    if not may_follow(access, feed):
        raise Http404
    return feed, access


def own_feed_in(access: OrgAccess, pk: int) -> CalendarFeed:
    """One of the person's own live feeds in this organisation; anyone else's is a 404."""
    return get_object_or_404(
        CalendarFeed.objects.select_related(*FEED_JOINS),
        organisation=access.organisation,
        user_id=access.membership.user_id,
        revoked_at__isnull=True,
        pk=pk,
    )
