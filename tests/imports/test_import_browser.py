"""An admin on a phone imports departments and teams: finds the import from the organisation's
page, uploads a file, reads the preview (axe, no sideways scrolling), fixes it, confirms."""

from __future__ import annotations

import pytest

from assessments.models import Team
from tests.factories import PASSWORD
from tests.test_accessibility import AXE, AXE_RUN, WCAG
from tests.test_browser import open_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("restore_shipped_content"),
]

WITH_A_PROBLEM = (
    b"department;team\nConsumer Apps;Checkout\n"
    b"Consumer Apps;A team with a rather long name indeed\nPlatform;Checkout\n"
)
FIXED = b"department;team\nConsumer Apps;Search\nPlatform;Data\n"


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN, WCAG)


def test_an_admin_imports_departments_and_teams_on_a_phone(
    browser, live_server, organisation, owner
):
    w = open_page(browser, live_server, viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = w.page
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(owner.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/o/{organisation.slug}/")
    page.get_by_role("link", name="Import departments and teams from a spreadsheet").click()
    assert _axe(page) == []

    page.get_by_label("Your file (.csv or .xlsx)").set_input_files(
        {"name": "teams.csv", "mimeType": "text/csv", "buffer": WITH_A_PROBLEM}
    )
    page.get_by_role("button", name="Upload and check").click()
    page.get_by_role("heading", name="Check the import").wait_for()
    assert page.get_by_text("The same team twice in the file (first on line 2).").is_visible()
    assert page.get_by_role("button", name="Add").count() == 0  # nothing to confirm yet
    assert _axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("link", name="Upload the corrected file").click()
    page.get_by_label("Your file (.csv or .xlsx)").set_input_files(
        {"name": "teams.csv", "mimeType": "text/csv", "buffer": FIXED}
    )
    page.get_by_role("button", name="Upload and check").click()
    assert not Team.objects.filter(organisation=organisation, name="Search").exists()
    page.get_by_role("button", name="Add 2 departments and 2 teams").click()
    page.get_by_role("heading", name="Imported").wait_for()
    assert _axe(page) == []
    assert set(
        Team.objects.filter(organisation=organisation).values_list("name", "department__name")
    ) >= {("Search", "Consumer Apps"), ("Data", "Platform")}
    w.clean()
