"""A leaked invitation link is no use without the invited mailbox.

Sign-up confirms the address before the account can be used, one account per address (case
aside), and an invitation is accepted only by the account that confirmed the address it was
sent to. The review found a reviewer made org admin twice, and consultant in seven clients
from one firm invitation, by signing up with the invited address.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from assessments.organisations import services
from assessments.organisations.models import Membership, OrganisationInvitation
from tests.accounts import PASSPHRASE, confirm, emails_to, sign_up
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
INVITED = "ana@example.com"


@pytest.fixture
def admin_link(organisation, owner):
    issued = services.organisation_invite(
        organisation=organisation, email=INVITED, role="admin", team=None, invited_by=owner
    )
    return f"/join/{issued.token}/"


def test_signing_up_with_the_invited_address_gives_nothing_without_its_mailbox(
    client, admin_link, organisation
):
    assert sign_up(client, "mallory", INVITED, next_url=admin_link).status_code == 302
    mallory = get_user_model().objects.get(username="mallory")
    assert "_auth_user_id" not in client.session  # the account cannot be used yet
    # Logging in with the password is not enough either: it asks for the confirmation again.
    login = client.post("/accounts/login/", {"login": "mallory", "password": PASSPHRASE})
    assert login["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert client.post(admin_link).status_code == 200  # signed out: the page, no joining
    assert not Membership.objects.filter(user=mallory).exists()
    assert OrganisationInvitation.objects.get().status == "pending"


def test_an_account_signed_in_with_an_unconfirmed_invited_address_is_told_to_confirm_it(
    client, admin_link, organisation
):
    """A session from before confirmations were asked for: signed in, address unconfirmed."""
    mallory = UserFactory(username="mallory", email="Ana@Example.com", confirmed=False)
    client.force_login(mallory)
    page = client.get(admin_link)
    assert page.status_code == 200
    assert b"Confirm that <strong>ana@example.com</strong> is your address first" in page.content
    assert b"waits for you" in page.content
    assert b"Join as" not in page.content
    refused = client.post(admin_link)
    assert refused.status_code == 403
    assert not Membership.objects.filter(user=mallory).exists()
    invitation = OrganisationInvitation.objects.get()
    with pytest.raises(services.InvitationNotAccepted, match=r"Confirm that ana@example\.com"):
        services.organisation_invitation_accept(invitation=invitation, user=mallory)
    assert invitation.status == "pending"


@pytest.mark.parametrize("typed", ["ana@example.com", "ANA@Example.COM", " Ana@example.com"])
def test_a_second_account_with_the_same_address_in_any_case_is_refused(typed):
    UserFactory(username="ana", email=INVITED)
    stranger = Client()
    response = sign_up(stranger, "ana2", typed)
    # The page reads as for any sign-up (it does not say which addresses have accounts)...
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    # ...but no account is made, and the address's owner is told someone tried.
    assert not get_user_model().objects.filter(username="ana2").exists()
    [warning] = emails_to(INVITED)
    assert "already exists" in warning.body
    assert "confirm-email" not in warning.body


def test_an_unconfirmed_address_cannot_be_signed_up_for_twice(client):
    sign_up(client, "first", INVITED)
    sign_up(Client(), "second", INVITED.upper())
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["first"]


def test_the_invited_person_signs_up_confirms_and_comes_back_to_join_once(
    client, admin_link, organisation
):
    page = client.get(admin_link)
    assert b"Log in or create an account first" in page.content
    sign_up(client, "ana", "Ana@Example.com", next_url=admin_link)
    landed = confirm(client, INVITED)
    assert landed["Location"] == admin_link  # straight back to the invitation
    assert b"Join as Ana" in client.get(admin_link).content
    assert client.post(admin_link)["Location"] == f"/o/{organisation.slug}/"
    ana = get_user_model().objects.get(username="ana")
    assert Membership.objects.get(user=ana, organisation=organisation).role == "admin"
    # Once: again is harmless for Ana, and no other account can use it.
    assert client.post(admin_link)["Location"] == f"/o/{organisation.slug}/"
    other = Client()
    other.force_login(UserFactory(username="other"))
    assert other.post(admin_link).status_code == 410
    assert Membership.objects.filter(organisation=organisation, role="admin").count() == 2


def test_a_signed_in_person_who_confirms_the_invited_address_later_can_then_join(
    client, admin_link, organisation
):
    ana = UserFactory(username="ana", email=INVITED, confirmed=False)
    client.force_login(ana)
    assert client.post(admin_link).status_code == 403
    client.post("/accounts/email/", {"email": INVITED, "action_send": ""})
    confirm(client, INVITED)
    assert client.post(admin_link).status_code == 302
    assert Membership.objects.get(user=ana, organisation=organisation).role == "admin"
