"""A leaked firm invitation is no use without the invited mailbox: signing up with its
address makes nobody a consultant until that address is confirmed (see
tests/organisations/test_address_takeover.py for the organisation's invitations)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from assessments.firms import services
from assessments.firms.models import FirmInvitation, FirmMember
from assessments.organisations.models import Membership
from assessments.organisations.services import InvitationNotAccepted
from tests.accounts import confirm, sign_up
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
INVITED = "newcomer@example.com"


@pytest.fixture
def firm_link(firm, consultant, organisation):
    """An invitation into a firm with two clients (the organisation and another)."""
    services.client_create(
        firm=firm,
        name="Harbour Bank",
        departments=[],
        user=consultant,
        admin_email="",
        link_for=lambda t: f"/join/{t}/",
    )
    issued = services.colleague_invite(
        firm=firm, email=INVITED, invited_by=consultant, link_for=lambda t: f"/firm/join/{t}/"
    )
    return f"/firm/join/{issued.token}/"


def consultant_in() -> int:
    return Membership.objects.filter(user__username="mallory", role="consultant").count()


def test_signing_up_with_a_firm_invitations_address_makes_nobody_a_consultant(client, firm_link):
    sign_up(client, "mallory", INVITED.upper(), next_url=firm_link)
    assert "_auth_user_id" not in client.session
    assert client.post(firm_link).status_code == 200  # signed out: the page, no joining
    mallory = get_user_model().objects.get(username="mallory")
    # Even signed in (a session from before confirmations), the Accept is refused.
    client.force_login(mallory)
    page = client.get(firm_link)
    assert b"Confirm that <strong>newcomer@example.com</strong> is your address" in page.content
    assert b"Accept and join" not in page.content
    assert client.post(firm_link).status_code == 403
    with pytest.raises(InvitationNotAccepted):
        services.firm_invitation_accept(invitation=FirmInvitation.objects.get(), user=mallory)
    assert not FirmMember.objects.filter(user=mallory).exists()
    assert consultant_in() == 0
    assert FirmInvitation.objects.get().status == "pending"


def test_a_second_account_with_a_firm_invitations_address_is_refused(firm_link):
    UserFactory(username="newcomer", email=INVITED)
    sign_up(Client(), "mallory", "NewComer@Example.com", next_url=firm_link)
    assert not get_user_model().objects.filter(username="mallory").exists()


def test_after_confirming_the_address_the_firm_invitation_is_accepted_once(client, firm, firm_link):
    OrganisationFactory()  # not a client: no membership in it comes with the firm
    sign_up(client, "mallory", INVITED, next_url=firm_link)
    assert confirm(client, INVITED)["Location"] == firm_link
    assert client.post(firm_link)["Location"] == "/firm/"
    assert FirmMember.objects.filter(firm=firm, user__username="mallory").count() == 1
    assert consultant_in() == 2  # the firm's two clients, no more
    assert client.post(firm_link)["Location"] == "/firm/"  # again: harmless
    other = Client()
    other.force_login(UserFactory(username="other", email="other@example.com"))
    assert other.post(firm_link).status_code == 410
    assert consultant_in() == 2
