"""An invited colleague in a real browser: from the invitation link, through sign-up and the
confirmation email, back to the invitation, and in."""

from __future__ import annotations

import re

import pytest

from assessments.organisations import services
from assessments.organisations.models import Membership
from tests.accounts import PASSPHRASE, emails_to
from tests.test_browser import open_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("restore_shipped_content"),
]


def test_an_invited_colleague_signs_up_confirms_their_address_and_joins(
    browser, live_server, organisation, owner
):
    issued = services.organisation_invite(
        organisation=organisation,
        email="kim@example.com",
        role="admin",
        team=None,
        invited_by=owner,
    )
    w = open_page(browser, live_server, viewport={"width": 1280, "height": 900})
    page = w.page
    page.goto(f"{live_server.url}/join/{issued.token}/")
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Username").fill("kim")
    page.get_by_label("Email").fill("Kim@Example.com")
    page.get_by_label("First name").fill("Kim")
    page.get_by_label("Password", exact=False).first.fill(PASSPHRASE)
    page.get_by_label("Password (again)").fill(PASSPHRASE)
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    assert not Membership.objects.filter(user__username="kim").exists()

    [message] = emails_to("kim@example.com")
    link = re.search(r"https?://\S+(/accounts/confirm-email/\S+/)", message.body).group(1)
    page.goto(live_server.url + link)
    page.get_by_role("button", name="Confirm").click()
    # Straight back to the invitation, signed in, with the address confirmed.
    page.get_by_role("button", name="Join as Kim").click()
    page.get_by_role("heading", name=organisation.name).first.wait_for()
    assert Membership.objects.get(user__username="kim", organisation=organisation).role == "admin"
    w.clean()
