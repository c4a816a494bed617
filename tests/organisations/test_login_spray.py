"""A spray of new usernames from one address is limited too, before any password hash."""

from __future__ import annotations

import pytest
from django.contrib.auth.backends import ModelBackend
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_spray_of_usernames_from_one_address_is_locked_out(owner, settings, monkeypatch):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    owner.set_password("pw-owner-12345")
    owner.save()
    login = reverse("login")
    spray = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(6):  # every guess a new username: axes alone never counts two alike
        response = spray.post(login, {"login": f"guess{n}", "password": "Winter2026!"})
        assert response.status_code == 200
    hashed = []
    real = ModelBackend.authenticate
    monkeypatch.setattr(
        ModelBackend, "authenticate", lambda *a, **kw: hashed.append(1) or real(*a, **kw)
    )
    locked = spray.post(login, {"login": "owner", "password": "pw-owner-12345"})
    assert locked.status_code == 429
    assert b"Too many wrong passwords" in locked.content
    assert hashed == []  # refused before any password was checked
    # Another address is not held back by this one's spray.
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    response = elsewhere.post(login, {"login": "owner", "password": "pw-owner-12345"})
    assert response.status_code == 302


def test_a_few_mistakes_from_a_shared_office_address_lock_nobody_out(owner, settings):
    owner.set_password("pw-owner-12345")
    owner.save()
    login = reverse("login")
    office = Client(REMOTE_ADDR="192.0.2.10")
    for n in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT - 1):
        office.post(login, {"login": f"colleague{n}", "password": "typo"})
    response = office.post(login, {"login": "owner", "password": "pw-owner-12345"})
    assert response.status_code == 302


@pytest.mark.parametrize("length", [300, 5000])
def test_a_very_long_username_is_a_failed_login_not_a_server_error(length):
    client = Client(raise_request_exception=False)
    response = client.post(reverse("login"), {"login": "x" * length, "password": "y"})
    assert response.status_code == 200  # the form again (a 500 on PostgreSQL before)
