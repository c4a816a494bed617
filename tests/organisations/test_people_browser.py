"""An admin on a phone renames a team and makes a member a team lead, by the labels shown."""

from __future__ import annotations

import pytest

from assessments.organisations.models import Membership, Team
from tests.factories import PASSWORD
from tests.test_browser import open_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("restore_shipped_content"),
]


def test_an_admin_renames_a_team_and_changes_a_role_on_a_phone(
    browser, live_server, organisation, owner, member, team
):
    member.first_name, member.last_name = "Mo", ""
    member.save()
    w = open_page(browser, live_server, viewport={"width": 360, "height": 740})
    page = w.page
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(owner.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/o/{organisation.slug}/")
    page.get_by_role("link", name="People and teams").first.click()

    rename = page.get_by_role("form", name="Rename the team Checkout")
    rename.get_by_label("Name").fill("Payments")
    rename.get_by_role("button", name="Rename Checkout").click()
    page.get_by_text("Renamed the team Checkout to Payments.").wait_for()
    assert Team.objects.get(pk=team.pk).name == "Payments"

    person = page.get_by_role("form", name="Role and team of Mo")
    person.get_by_label("Role").select_option(label="Team lead")
    person.get_by_label("Team").select_option(label="Payments")
    person.get_by_role("button", name="Save the role and team of Mo").click()
    page.get_by_text("Mo is now team lead, team Payments.").wait_for()
    found = Membership.objects.get(user=member, organisation=organisation)
    assert (found.role, found.team_id) == ("team_lead", team.pk)
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    w.clean()
