"""A person's calendar feeds: the page that lists and makes them, revoking one, and the feed
itself, which calendar apps fetch with no login."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from assessments.calendars import selectors, services
from assessments.calendars.access import feed_from_token, own_feed_in
from assessments.calendars.forms import FeedForm
from assessments.organisations.access import OrgAccess, org_access

# The new feed's address waits here for the page after the POST, which shows it once.
NEW_FEED = "calendars:new-feed"
# Calendar apps poll; a copy kept for this long spares the database and is never shared.
CACHE_SECONDS = 15 * 60


@login_required
@require_safe
def feeds(request: HttpRequest, slug: str) -> HttpResponse:
    access = org_access(request, slug)
    form = FeedForm(
        initial={"follow": request.GET.get("follow", "")}, options=selectors.followable(access)
    )
    return _page(request, access, form)


@login_required
@require_POST
def feed_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = org_access(request, slug)
    form = FeedForm(request.POST, options=selectors.followable(access))
    if not form.is_valid():
        return _page(request, access, form, status=400)
    chosen = form.chosen()
    try:
        new = services.feed_create(
            user=request.user,
            organisation=access.organisation,
            roadmap=chosen.roadmap,
            assessment=chosen.assessment,
        )
    except services.TooManyFeeds as refused:
        form.add_error("follow", str(refused))
        return _page(request, access, form, status=400)
    request.session[NEW_FEED] = {
        "organisation": access.organisation.pk,
        "title": chosen.label,
        "token": new.token,
    }
    return redirect("orgs:calendars", slug=slug)


@login_required
@require_POST
def feed_revoke(request: HttpRequest, slug: str, feed_pk: int) -> HttpResponse:
    access = org_access(request, slug)
    feed = services.feed_revoke(feed=own_feed_in(access, feed_pk))
    messages.success(
        request,
        f"Revoked the feed of {feed.title}. Calendars subscribed to it get nothing new from it; "
        "remove it from your calendar app too.",
    )
    return redirect("orgs:calendars", slug=slug)


@require_safe
def feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    feed, _access = feed_from_token(token)
    body = selectors.feed_body(feed, base_url=_site(request))
    services.feed_fetched(feed=feed, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = f"private, max-age={CACHE_SECONDS}"
    response["Content-Disposition"] = 'inline; filename="pmmaturity.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


def _site(request: HttpRequest) -> str:
    """The site's address: SITE_URL when set (links and UIDs then never depend on the host a
    request came in by), else the request's own."""
    return settings.SITE_URL or f"{request.scheme}://{request.get_host()}"


def _page(
    request: HttpRequest, access: OrgAccess, form: FeedForm, status: int = 200
) -> HttpResponse:
    context = access.page_context(
        form=form, rows=selectors.feeds_of(access), new=_new_feed(request, access)
    )
    return render(request, "calendars/feeds.html", context, status=status)


def _new_feed(request: HttpRequest, access: OrgAccess) -> dict[str, Any] | None:
    """The feed made just now, with its address, shown this once and then forgotten."""
    made = request.session.get(NEW_FEED)
    if not isinstance(made, dict) or made.get("organisation") != access.organisation.pk:
        return None
    del request.session[NEW_FEED]
    url = _site(request) + reverse("orgs:calendar_feed", args=[made["token"]])
    webcal = "webcal://" + url.split("://", 1)[1]
    return {
        "title": made["title"],
        "url": url,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
    }
