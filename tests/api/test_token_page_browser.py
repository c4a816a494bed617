"""The API tokens page in a real browser: a token made through the form is shown once with a
working copy button, under our Content-Security-Policy, and the page passes axe at 1280 and
320 px (the permission matrix's crawl sees it only before a token is made)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import MembershipFactory
from tests.test_accessibility import PHONE, _axe_both_widths

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("restore_shipped_content"),
]


def _signed_in(browser, live_server, user, **options):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = browser.new_context(**options)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return context


def test_a_token_is_made_and_copied_on_a_phone_with_no_console_error(browser, live_server):
    user = MembershipFactory(organisation__name="Acme Products").user
    context = _signed_in(browser, live_server, user, viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Show menu").click()
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("Monthly report")
    page.get_by_label("Read and write: also make changes your role allows").check()
    page.get_by_role("button", name="Make the token").click()
    secret = page.get_by_label("The new token").input_value()
    assert secret.startswith("pmm_")
    assert secret in page.locator("pre code").inner_text()
    page.get_by_role("button", name="Copy token").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == secret
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
    assert problems == []


def test_the_page_with_a_new_token_and_a_revoked_one_passes_axe(browser, live_server):
    from assessments.api.services import token_issue, token_revoke

    membership = MembershipFactory(organisation__name="Acme Products")
    old = token_issue(
        user=membership.user, organisation=membership.organisation, name="Old", scope="read"
    )
    token_revoke(token=old.token)
    context = _signed_in(browser, live_server, membership.user, bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + "/account/api-tokens/")
    page.get_by_label("Name").fill("Nightly")
    page.get_by_role("button", name="Make the token").click()
    assert page.get_by_text("Copy it now").is_visible()
    found = _axe_both_widths(page)
    page.get_by_role("button", name="Make the token").click()  # empty: the form's errors
    assert page.get_by_role("alert").is_visible()
    found += [f"{problem} (errors)" for problem in _axe_both_widths(page)]
    context.close()
    assert found == []
