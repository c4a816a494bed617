"""Inviting a colleague into a firm: an emailed link the person accepts, which says nothing
about whether an address has an account, works once, for 7 days, for that account only, and
can be withdrawn by the firm's consultants."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.utils import timezone

from assessments.firms import services
from assessments.firms.models import FirmClient, FirmInvitation, FirmMember
from assessments.firms.services import FirmRefused
from assessments.organisations.models import Membership
from assessments.tokens import token_digest
from tests.background import run_tasks
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
WORKSPACE = "/firm/"
ADD = "/firm/colleagues/add/"


def invite(firm, consultant, email: str = "newcomer@example.com") -> str:
    """A pending invitation to the firm; its join link's path."""
    issued = services.colleague_invite(
        firm=firm, email=email, invited_by=consultant, link_for=lambda t: f"/firm/join/{t}/"
    )
    return f"/firm/join/{issued.token}/"


def members() -> list[tuple[int, int]]:
    return list(FirmMember.objects.order_by("pk").values_list("firm_id", "user_id"))


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- inviting -----------------------------------------------------------------------------


def test_an_invitation_is_emailed_with_a_link_and_only_its_digest_is_kept(firm, consultant):
    issued = services.colleague_invite(
        firm=firm,
        email=" NewComer@Example.com ",
        invited_by=consultant,
        link_for=lambda t: f"https://pm.example/firm/join/{t}/",
    )
    invitation = FirmInvitation.objects.get()
    assert invitation.email == "newcomer@example.com"
    assert invitation.token_hash == token_digest(issued.token) != issued.token
    assert invitation.status == "pending"
    assert timedelta(days=6, hours=23) < invitation.expires_at - timezone.now() <= timedelta(7)
    run_tasks()
    [email] = mail.outbox
    assert email.to == ["newcomer@example.com"]
    assert f"https://pm.example/firm/join/{issued.token}/" in email.body
    assert "Laine Partners" in email.body
    assert "every client of Laine Partners (1 today)" in email.body


def test_a_new_invitation_to_the_same_address_replaces_the_pending_one(firm, consultant, client):
    first = invite(firm, consultant)
    second = invite(firm, consultant)
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200
    assert FirmInvitation.objects.filter(revoked_at__isnull=True).count() == 1


@pytest.mark.parametrize(
    "who", ["nobody@example.com", "rival@example.com", "owner@example.com", "free@example.com"]
)
def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(
    client, consultant, rival, owner, who
):
    UserFactory(username="free", email="free@example.com")
    before = members()
    client.force_login(consultant)
    response = client.post(ADD, {"email": who})
    assert response.status_code == 302
    assert response["Location"] == WORKSPACE
    assert said(response) == [f"We have emailed an invitation to {who}."]
    assert members() == before
    run_tasks()
    assert [m.to for m in mail.outbox] == [[who]]


def test_inviting_someone_already_in_the_firm_is_refused_on_the_form(client, consultant, colleague):
    client.force_login(consultant)
    response = client.post(ADD, {"email": colleague.email.upper()})
    assert response.status_code == 400
    html = response.content.decode()
    assert f"{colleague.email} already works for Laine Partners." in html
    assert 'id="colleague-email"' in html
    assert not FirmInvitation.objects.exists()
    with pytest.raises(FirmRefused, match="already works for Laine Partners"):
        services.colleague_invite(
            firm=colleague.firm_membership.firm,
            email=consultant.email,
            invited_by=colleague,
            link_for=str,
        )


def test_a_bad_address_is_refused_on_the_form(client, consultant):
    client.force_login(consultant)
    response = client.post(ADD, {"email": "not an email"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not FirmInvitation.objects.exists()


def test_the_workspace_lists_pending_invitations_with_a_withdraw_button(
    client, firm, consultant, rival
):
    invite(firm, consultant, "waiting@example.com")
    path = invite(firm, consultant, "used@example.com")
    FirmInvitation.objects.filter(email="used@example.com").update(accepted_at=timezone.now())
    pending = FirmInvitation.objects.get(email="waiting@example.com")
    client.force_login(consultant)
    html = client.get(WORKSPACE).content.decode()
    assert "Invitations waiting for an answer" in html
    assert "waiting@example.com" in html
    assert "used@example.com" not in html
    assert f'action="/firm/invitations/{pending.pk}/revoke/"' in html
    assert path not in html  # the link itself is only in the email
    client.force_login(rival)
    assert "waiting@example.com" not in client.get(WORKSPACE).content.decode()


# --- joining ------------------------------------------------------------------------------


def test_an_anonymous_visitor_sees_the_invitation_and_is_asked_to_sign_in(client, firm, consultant):
    FirmClient.objects.create(firm=firm, organisation=OrganisationFactory(name="Second"))
    response = client.get(invite(firm, consultant))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Join Laine Partners" in html
    assert consultant.get_full_name() in html
    assert "a consultant in each of the firm's 2 clients" in html
    assert "Create an account" in html
    assert "Accept and join" not in html
    assert client.post(invite(firm, consultant, "other@example.com")).status_code == 200
    assert FirmMember.objects.count() == 1


def test_accepting_joins_the_firm_and_every_client_once(client, firm, consultant, organisation):
    second = OrganisationFactory(name="Second")
    FirmClient.objects.create(firm=firm, organisation=second)
    newcomer = UserFactory(username="newcomer", email="NewComer@example.com")
    path = invite(firm, consultant)
    client.force_login(newcomer)
    assert "Accept and join Laine Partners" in client.get(path).content.decode()
    response = client.post(path)
    assert response["Location"] == WORKSPACE
    assert FirmMember.objects.get(user=newcomer).firm == firm
    roles = set(Membership.objects.filter(user=newcomer).values_list("organisation", "role"))
    assert roles == {(organisation.pk, "consultant"), (second.pk, "consultant")}
    invitation = FirmInvitation.objects.get()
    assert (invitation.status, invitation.accepted_by) == ("accepted", newcomer)
    # The link has done its work: back to the workspace for them, used for anyone else.
    assert client.post(path)["Location"] == WORKSPACE
    client.logout()
    response = client.get(path)
    assert response.status_code == 410
    assert "already been used" in response.content.decode()


def test_another_account_is_refused_and_nothing_changes(client, firm, consultant):
    path = invite(firm, consultant)
    someone = UserFactory(username="someone", email="someone@example.com")
    client.force_login(someone)
    assert client.get(path).status_code == 403
    response = client.post(path)
    assert response.status_code == 403
    assert "not with the address this invitation was sent to" in response.content.decode()
    assert not FirmMember.objects.filter(user=someone).exists()
    assert FirmInvitation.objects.get().status == "pending"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"revoked_at": timezone.now()}, "This invitation has been withdrawn."),
        ({"expires_at": timezone.now() - timedelta(minutes=1)}, "This invitation has expired."),
        ({"accepted_at": timezone.now()}, "This invitation has already been used."),
    ],
)
def test_a_withdrawn_expired_or_used_invitation_is_refused(
    client, firm, consultant, change, message
):
    path = invite(firm, consultant)
    FirmInvitation.objects.update(**change)
    newcomer = UserFactory(username="newcomer", email="newcomer@example.com")
    client.force_login(newcomer)
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 410
        assert message in response.content.decode()
    assert not FirmMember.objects.filter(user=newcomer).exists()
    assert client.get("/firm/join/not-a-token/").status_code == 410


def test_a_consultant_of_another_firm_is_told_to_leave_it_first(client, firm, consultant, rival):
    path = invite(firm, consultant, rival.email)
    client.force_login(rival)
    html = client.get(path).content.decode()
    assert "Ask Rival Advisory to remove you first" in html
    assert "Accept and join" not in html
    response = client.post(path)
    assert response.status_code == 400
    assert "Ask Rival Advisory to remove you first" in response.content.decode()
    assert rival.firm_membership.firm.name == "Rival Advisory"
    assert FirmInvitation.objects.get().status == "pending"


def test_a_clients_own_people_cannot_become_its_consultants(client, firm, consultant, owner):
    path = invite(firm, consultant, owner.email)
    client.force_login(owner)
    response = client.post(path)
    assert response.status_code == 400
    assert "A client&#x27;s own people cannot also be its consultants." in (
        response.content.decode()
    )
    assert not FirmMember.objects.filter(user=owner).exists()
    assert Membership.objects.get(user=owner).role == "admin"


def test_someone_already_in_the_firm_is_told_so(client, firm, consultant, colleague):
    invitation = services.colleague_invite(
        firm=firm, email="spare@example.com", invited_by=consultant, link_for=str
    )
    FirmInvitation.objects.update(email=colleague.email)
    client.force_login(colleague)
    response = client.post(f"/firm/join/{invitation.token}/")
    assert response.status_code == 400
    assert "You already work for Laine Partners." in response.content.decode()


# --- withdrawing --------------------------------------------------------------------------


def test_the_firms_consultants_withdraw_an_invitation(client, firm, consultant, colleague):
    path = invite(firm, consultant)
    invitation = FirmInvitation.objects.get()
    client.force_login(colleague)
    response = client.post(f"/firm/invitations/{invitation.pk}/revoke/")
    assert response["Location"] == WORKSPACE
    assert said(response) == ["The invitation to newcomer@example.com no longer works."]
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    client.logout()
    assert client.get(path).status_code == 410


def test_no_one_else_withdraws_it(client, firm, consultant, rival, owner):
    invite(firm, consultant)
    revoke = f"/firm/invitations/{FirmInvitation.objects.get().pk}/revoke/"
    assert client.post(revoke)["Location"].startswith("/accounts/login/")
    for who in (rival, owner):
        client.force_login(who)
        assert client.post(revoke).status_code == 404
    assert client.get(revoke).status_code == 405
    assert FirmInvitation.objects.get().status == "pending"


def test_a_used_invitation_cannot_be_withdrawn(client, firm, consultant):
    invite(firm, consultant)
    newcomer = UserFactory(username="newcomer", email="newcomer@example.com")
    services.firm_invitation_accept(invitation=FirmInvitation.objects.get(), user=newcomer)
    client.force_login(consultant)
    response = client.post(f"/firm/invitations/{FirmInvitation.objects.get().pk}/revoke/")
    assert response.status_code == 404
    assert FirmInvitation.objects.get().status == "accepted"


def test_a_colleague_who_already_consults_for_a_client_keeps_that_membership(
    firm, consultant, organisation
):
    user = UserFactory(username="already", email="already@example.com")
    kept = MembershipFactory(organisation=organisation, user=user, role="consultant")
    invite(firm, consultant, "already@example.com")
    services.firm_invitation_accept(invitation=FirmInvitation.objects.get(), user=user)
    assert list(Membership.objects.filter(user=user)) == [kept]
