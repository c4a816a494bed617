"""The tester's journey in a real browser: compare with a one-department pilot, widen to the
whole round (the page refuses to call it a change), then clear every filter."""

from __future__ import annotations

import re

import pytest

from tests.comparisons.test_compare import make_round
from tests.comparisons.test_compare_browser import sign_in
from tests.factories import DepartmentFactory, TeamFactory, answer_all
from tests.test_browser import open_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("restore_shipped_content"),
]


@pytest.fixture
def autumn(organisation, shipped_version, owner):
    payments = DepartmentFactory(organisation=organisation, name="Payments")
    growth = DepartmentFactory(organisation=organisation, name="Growth")
    pay = TeamFactory(organisation=organisation, department=payments, name="Pay")
    grow = TeamFactory(organisation=organisation, department=growth, name="Grow")
    last = make_round(organisation, [pay, grow], shipped_version, "Last year", 300, owner)
    spring = make_round(organisation, [pay], shipped_version, "Spring pilot", 200, owner)
    now = make_round(organisation, [pay, grow], shipped_version, "Autumn", 10, owner)
    for r, teams, agree in ((last, [pay, grow], "disagree"), (spring, [pay], "disagree")):
        for team in teams:
            answer_all(r, team, 3, agree=agree)
    for team in (pay, grow):
        answer_all(now, team, 3, agree="agree")
    return now


def test_clear_filters_leaves_no_pilot_behind(browser, live_server, owner, autumn):
    w = open_page(browser, live_server, viewport={"width": 1280, "height": 900})
    page = w.page
    sign_in(page, live_server.url, owner)
    page.goto(f"{live_server.url}/o/{autumn.organisation.slug}/assessments/{autumn.pk}/compare/")
    page.wait_for_selector("#heat-teams")
    since = page.get_by_label("Compare with")
    # For the whole round only Last year is offered: the pilot covered Payments alone.
    assert since.locator("option").all_inner_texts() == [
        "Newest that can show change (Last year)",
        "Last year",
    ]

    # Within Payments the pilot can show change: pick it.
    page.get_by_label("Department", exact=True).select_option(label="Payments")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**dept=**")
    since.select_option(label="Spring pilot")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"since=\d"))
    assert page.locator(".trend-table").count() == 1
    assert page.locator(".trend-refused").count() == 0

    # Back to all departments, still against the pilot: no change, and why.
    page.get_by_label("Department", exact=True).select_option(label="All departments")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_selector(".trend-refused")
    refused = page.locator(".trend-refused").inner_text()
    assert "Spring pilot covered only 1 team in Payments" in refused
    assert "beyond noise" not in page.locator("#trends").inner_text()
    assert page.locator(".trend-table").count() == 0

    # Clear filters: nothing is left of them, the pilot included.
    page.get_by_role("link", name="Clear filters").click()
    page.wait_for_selector("#heat-teams")
    assert "since=" not in page.url
    assert "dept=" not in page.url
    assert page.get_by_role("link", name="Clear filters").count() == 0
    assert since.locator("option:checked").inner_text() == "Newest that can show change (Last year)"
    compared = page.locator('[data-made-with="compared-with"]').inner_text()
    assert compared.startswith("Last year, open")
    assert page.locator(".trend-table").count() == 1
    w.clean()
