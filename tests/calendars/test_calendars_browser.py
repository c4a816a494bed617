"""A team lead on a phone adds their team's roadmap to a calendar: the link on the roadmap's
round, the address shown once, copied with the button, and the page clean for axe (WCAG 2.2 AA)
at 360 px without sideways scrolling."""

from __future__ import annotations

import pytest

from assessments.roadmaps.models import Roadmap
from tests.factories import PASSWORD
from tests.test_accessibility import AXE, AXE_RUN, WCAG
from tests.test_browser import open_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("restore_shipped_content"),
]


def test_a_team_lead_makes_a_feed_and_copies_its_address_on_a_phone(
    browser, live_server, organisation, team_lead, assessment, team
):
    road = Roadmap.objects.create(assessment=assessment, team=team)
    # bypass_csp: our policy rightly refuses axe's script (as in tests/test_accessibility.py).
    w = open_page(browser, live_server, viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = w.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(team_lead.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/o/{organisation.slug}/assessments/{assessment.pk}/")
    page.get_by_role("link", name="Add to your calendar").click()
    assert (
        page.get_by_label("What to add to your calendar").input_value() == f"round-{assessment.pk}"
    )
    page.get_by_label("What to add to your calendar").select_option(f"roadmap-{road.pk}")
    page.get_by_role("button", name="Make the feed").click()

    address = page.get_by_label("Address of your new calendar feed")
    url = address.input_value()
    assert url.startswith(live_server.url + "/calendar/")
    page.get_by_role("button", name="Copy address").click()
    page.get_by_text("Address copied. Paste it into your calendar app.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == url

    page.add_script_tag(path=str(AXE))
    assert page.evaluate(AXE_RUN, WCAG) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    w.clean()
    # Shown once: the page again lists the feed, never its address.
    page.reload()
    assert page.get_by_label("Address of your new calendar feed").count() == 0
    assert page.get_by_role("cell", name=f"Checkout roadmap ({assessment.name})").count() == 1
