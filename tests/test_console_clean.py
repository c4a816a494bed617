"""No page leaves an error in the browser's console or a request that failed: every visitor,
every page the permission matrix lets them open, in a real browser with our real
Content-Security-Policy (a refused inline style or script is a console error), and every
file those pages ask for (stylesheets, scripts, images, the icon, fetches) found.

One browser context per visitor and no screenshots, so the walk stays quick; the
accessibility crawl (tests/test_accessibility.py) walks the same pages for other reasons.
"""

from __future__ import annotations

import os

import pytest

from tests.factories import answer_all, build_url_world
from tests.test_accessibility import pages_for

# The visitors whose walks the issue asks for (the matrix's other roles, an outsider, a rival
# firm's consultant and staff, open public pages only, or Django's admin). The pages everyone
# may open are walked by a visitor and by the one signed-in walker who opens most, not by
# every role again: they differ only in the navigation bar, which every walk sees.
WALKERS = ("anonymous", "respondent", "member", "team_lead", "owner", "consultant")
WALKS_PUBLIC_PAGES = {"anonymous", "consultant"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("restore_shipped_content"),
]


def _sign_in(context, live_server, user) -> None:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def _walk(browser, live_server, role: str, world: dict) -> tuple[list[str], int]:
    """What went wrong for this visitor: console errors and failed requests, each with the
    page it happened on; and how many pages were opened."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if role in world["users"]:
        _sign_in(context, live_server, world["users"][role])
    page = context.new_page()
    found: list[str] = []
    page.on(
        "console",
        lambda m: m.type == "error" and found.append(f"console on {page.url}: {m.text}"),
    )
    page.on("pageerror", lambda e: found.append(f"script error on {page.url}: {e}"))
    page.on(
        "response",
        lambda r: r.status >= 400 and found.append(f"{r.status} {r.url} (from {page.url})"),
    )
    # A request the next page's navigation cut short (its icon, say) did not fail.
    page.on(
        "requestfailed",
        lambda r: (
            r.failure != "net::ERR_ABORTED"
            and found.append(f"failed {r.url}: {r.failure} (from {page.url})")
        ),
    )
    paths = pages_for(role, world)
    if role not in WALKS_PUBLIC_PAGES:
        public = set(pages_for("anonymous", world))
        paths = [path for path in paths if path not in public]
    if role == "respondent":  # holds a respondent link, no account
        paths = [f"/r/{world['token']}/", *paths]
    for path in paths:
        page.goto(live_server.url + path, wait_until="load")
    # What the last page asks for after it has loaded (its icon, charts' fetches).
    page.wait_for_load_state("networkidle")
    context.close()
    return found, len(paths)


@pytest.mark.long
def test_no_page_leaves_a_console_error_or_a_failed_request_for_any_visitor(browser, live_server):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    world = build_url_world()
    from assessments.models import Assessment, Team

    answer_all(
        Assessment.objects.get(pk=world["assessment"]), Team.objects.get(pk=world["team"]), 3
    )
    problems: list[str] = []
    opened = 0
    for role in WALKERS:
        found, pages = _walk(browser, live_server, role, world)
        problems += [f"{role}: {problem}" for problem in found]
        opened += pages
    assert opened >= 100  # the walk reached the pages, not only the sign-in page
    assert problems == [], "\n".join(problems)


def test_the_site_icon_is_found_where_browsers_look_for_it(client):
    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    response = client.get("/favicon.ico")
    assert response.status_code == 302  # not for ever: the icon's static name may change
    assert response["Location"] == static("favicon.svg")
    assert finders.find("favicon.svg")
    assert "max-age=86400" in response["Cache-Control"]
