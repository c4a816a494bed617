"""Existing accounts' addresses: confirmed by the upgrade only where that is safe."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.organisations import services

pytestmark = pytest.mark.django_db
upgrade = import_module("assessments.migrations.0016_existing_addresses_confirmed")


def test_only_an_address_one_account_has_and_no_invitation_waits_for_is_confirmed(
    organisation, owner
):
    users = get_user_model().objects
    EmailAddress.objects.all().delete()  # as before allauth: addresses only on the accounts
    alone = users.create_user("alone", email="Alone@Example.com")
    twin_a = users.create_user("twin_a", email="twin@example.com")
    twin_b = users.create_user("twin_b", email="TWIN@example.com")
    squatter = users.create_user("squatter", email="invited@example.com")
    users.create_user("nobody", email="")
    services.organisation_invite(
        organisation=organisation,
        email="invited@example.com",
        role="admin",
        team=None,
        invited_by=owner,
    )
    old = services.organisation_invite(
        organisation=organisation,
        email="alone@example.com",
        role="member",
        team=None,
        invited_by=owner,
    )
    old.obj.expires_at = timezone.now() - timedelta(days=1)  # expired: waits for nobody
    old.obj.save()

    upgrade.forwards(apps, None)

    rows = {a.user.username: (a.email, a.verified, a.primary) for a in EmailAddress.objects.all()}
    assert rows["alone"] == ("alone@example.com", True, True)
    assert rows["owner"] == ("owner@example.com", True, True)
    # Shared by two accounts, or with an invitation waiting: each confirms at next login.
    assert rows[twin_a.username] == ("twin@example.com", False, True)
    assert rows[twin_b.username] == ("twin@example.com", False, True)
    assert rows[squatter.username] == ("invited@example.com", False, True)
    assert "nobody" not in rows
    assert alone.pk  # (kept for the reader: every account above was made before the upgrade)


def test_an_account_with_an_unconfirmed_address_is_sent_a_link_at_login_and_then_gets_in(client):
    from tests.accounts import confirm

    get_user_model().objects.create_user(
        "legacy", email="legacy@example.com", password="pw-12345-x"
    )
    login = {"login": "legacy", "password": "pw-12345-x"}
    assert client.post("/accounts/login/", login)["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    confirm(client, "legacy@example.com")
    assert EmailAddress.objects.get(email="legacy@example.com").verified
    client.logout()
    assert client.post("/accounts/login/", login)["Location"] == "/"
    assert "_auth_user_id" in client.session
