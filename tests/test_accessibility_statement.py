"""The accessibility statement: dated by when it was last checked, and a contact that works
with nothing configured."""

from __future__ import annotations

import pytest

from pmmaturity.views import ACCESSIBILITY_REVIEWED
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_statement_shows_the_day_it_was_last_reviewed_not_today(client):
    html = client.get("/accessibility/").content.decode()
    assert f'<time datetime="{ACCESSIBILITY_REVIEWED:%Y-%m-%d}">' in html
    assert "Known limits" in html
    assert "PDF exports are tagged" in html  # as tests/exports/test_pdf_tagged.py checks


def test_with_nothing_configured_problems_go_to_the_person_who_runs_the_site(client, settings):
    settings.ACCESSIBILITY_CONTACT = ""
    UserFactory(username="later", email="later@example.com", is_superuser=True)
    UserFactory(username="member", email="member@example.com")
    first = UserFactory(username="first", email="ops@example.com", is_superuser=True)
    first.date_joined = first.date_joined.replace(year=2020)
    first.save()
    html = client.get("/accessibility/").content.decode()
    assert '<a href="mailto:ops@example.com">ops@example.com</a>' in html
    assert "member@example.com" not in html
    assert "later@example.com" not in html


def test_a_configured_contact_comes_first(client, settings):
    settings.ACCESSIBILITY_CONTACT = "access@example.org"
    UserFactory(username="root", email="ops@example.com", is_superuser=True)
    html = client.get("/accessibility/").content.decode()
    assert 'href="mailto:access@example.org"' in html
    assert "ops@example.com" not in html


def test_with_no_address_anywhere_the_statement_says_whom_to_tell(client, settings):
    settings.ACCESSIBILITY_CONTACT = ""
    html = client.get("/accessibility/").content.decode()
    assert "mailto:" not in html
    assert "your organisation&#x27;s admin" in html or "your organisation's admin" in html
