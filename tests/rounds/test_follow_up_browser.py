"""In a real browser: a carried answer is confirmed by tapping it (autosave), and the rest of a
section by "Same as last time"; the "From last time" marks go as they are confirmed."""

from __future__ import annotations

import pytest

from assessments.rounds import services
from tests.rounds.test_follow_up import EMAIL, answered_last_time, new_round
from tests.test_accessibility import AXE, AXE_RUN, WCAG
from tests.test_browser import open_page, status_says

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("restore_shipped_content"),
]


def test_a_tap_confirms_one_carried_answer_and_same_as_last_time_the_rest(
    browser, live_server, organisation, team, sample_version, owner
):
    before = new_round(organisation, team, sample_version, owner, name="Spring", days_ago=30)
    answered_last_time(before, team)
    after = new_round(
        organisation, team, sample_version, owner, name="Autumn", days_ago=1, follows=before
    )
    invitation = services.invitation_create_personal(assessment=after, team=team, email=EMAIL)
    # bypass_csp: our policy rightly refuses axe's script.
    w = open_page(browser, live_server, viewport={"width": 360, "height": 740}, bypass_csp=True)
    p = w.page
    p.goto(f"{live_server.url}/r/{services.invitation_token(invitation)}/")
    assert p.get_by_label("Start from my answers in “Spring”").is_checked()
    p.get_by_text("Product manager", exact=True).click()
    p.get_by_role("button", name="Start").click()
    p.wait_for_load_state("load")  # autosave's script has run
    first = p.locator("fieldset.item").nth(0)
    assert p.locator("[data-progress-text]").text_content() == "0 of 5"
    p.add_script_tag(path=str(AXE))
    assert p.evaluate(AXE_RUN, WCAG) == []  # the "From last time" marks included

    first.get_by_text("Agree (last time)", exact=True).click()
    status_says(p, "All changes saved")
    assert first.locator("[data-carried-note], .carried-tag").count() == 0
    assert p.locator("[data-carried-count]").text_content() == "2"
    assert p.locator("[data-progress-text]").text_content() == "1 of 5"

    p.get_by_role("button", name="Same as last time").click()
    p.wait_for_url("**?confirmed=2")
    assert p.locator("[data-carried-note]").count() == 0
    assert p.locator("[data-progress-text]").text_content() == "3 of 5"
    w.clean()
