"""Accounts, organisations, their teams and people, and invitations to join."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessments.organisations import services
from assessments.organisations.models import Membership, Organisation, OrganisationInvitation
from tests.accounts import confirm, emails_to, sign_up
from tests.background import run_tasks
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_sign_up_confirm_the_address_then_create_an_organisation_with_departments(client):
    response = sign_up(client, "hana", "hana@example.com")
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session  # nothing to do before confirming
    assert b"Check your email" in client.get(response["Location"]).content
    response = confirm(client, "hana@example.com")
    assert response["Location"] == reverse("orgs:organisation_create")
    assert "_auth_user_id" in client.session
    response = client.post(
        reverse("orgs:organisation_create"),
        {"name": "Northwind", "departments": "Consumer\n\nBusiness\nConsumer"},
    )
    org = Organisation.objects.get(name="Northwind")
    assert response["Location"] == reverse("orgs:organisation", args=[org.slug])
    assert list(org.departments.values_list("name", flat=True)) == ["Business", "Consumer"]
    assert Membership.objects.get(organisation=org).role == "admin"


def test_an_admin_adds_teams_and_departments(client, owner, organisation):
    client.force_login(owner)
    client.post(reverse("orgs:department_create", args=[organisation.slug]), {"name": "Platform"})
    dept = organisation.departments.get(name="Platform")
    client.post(
        reverse("orgs:team_create", args=[organisation.slug]),
        {"name": "Billing", "department": dept.pk},
    )
    duplicate = client.post(
        reverse("orgs:team_create", args=[organisation.slug]), {"name": "billing"}, follow=True
    )
    assert "There is already a team called billing." in duplicate.content.decode()
    assert list(dept.teams.values_list("name", flat=True)) == ["Billing"]


def test_a_member_cannot_change_the_organisation(client, member, organisation):
    client.force_login(member)
    assert (
        client.post(
            reverse("orgs:team_create", args=[organisation.slug]), {"name": "X"}
        ).status_code
        == 403
    )
    assert client.get(reverse("orgs:organisation", args=[organisation.slug])).status_code == 200


def test_inviting_a_colleague_by_email_link(client, owner, organisation, team, django_user_model):
    client.force_login(owner)
    client.post(
        reverse("orgs:member_invite", args=[organisation.slug]),
        {"email": "Kim@Example.com", "role": "team_lead", "team": team.pk},
    )
    run_tasks()
    [email] = mail.outbox
    assert email.to == ["Kim@Example.com"]
    link = re.search(r"http://testserver(/join/\S+/)", email.body).group(1)
    token = link.split("/")[2]
    assert token not in OrganisationInvitation.objects.get().token_hash

    client.logout()
    page = client.get(link)
    assert b"Log in or create an account first" in page.content
    kim = UserFactory(username="kim", email="KIM@example.com")  # confirmed, any case
    client.force_login(kim)
    client.post(link)
    again = client.post(link)  # accepting twice is harmless: straight to the organisation
    assert again["Location"] == reverse("orgs:organisation", args=[organisation.slug])
    membership = Membership.objects.get(user=kim)
    assert (membership.organisation, membership.role, membership.team) == (
        organisation,
        "team_lead",
        team,
    )


def test_an_expired_invitation_says_so(client, owner, organisation):
    issued = services.organisation_invite(
        organisation=organisation, email="a@example.com", role="member", team=None, invited_by=owner
    )
    OrganisationInvitation.objects.update(expires_at=timezone.now() - timedelta(days=1))
    response = client.get(reverse("orgs:join", args=[issued.token]))
    assert response.status_code == 410
    assert b"This invitation has expired" in response.content


def test_password_reset_by_email(client, owner):
    owner.email = "owner@example.com"
    owner.save()
    client.post(reverse("password_reset"), {"email": "Owner@Example.com"})
    [email] = emails_to("owner@example.com")
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", email.body).group(1)
    form = client.get(link, follow=True)
    assert b"Choose a new password" in form.content
    done = client.post(
        form.redirect_chain[-1][0],
        {"password1": "brand-new-passphrase-9", "password2": "brand-new-passphrase-9"},
        follow=True,
    )
    assert b"Password saved" in done.content
    owner.refresh_from_db()
    assert owner.check_password("brand-new-passphrase-9")


def _invite(organisation, owner, email="ana@example.com", role="admin"):
    return services.organisation_invite(
        organisation=organisation, email=email, role=role, team=None, invited_by=owner
    )


def test_an_accepted_admin_invitation_cannot_make_a_second_account_anything(
    client, owner, organisation, django_user_model
):
    issued = _invite(organisation, owner)
    link = reverse("orgs:join", args=[issued.token])
    ana = UserFactory(username="ana", email="ana@example.com")
    client.force_login(ana)
    client.post(link)
    assert Membership.objects.get(user=ana).role == "admin"

    # Someone else with the same address (a second account) tries the same link.
    twin = django_user_model.objects.create_user("ana2", email="ana@example.com")
    client.force_login(twin)
    page = client.post(link)
    assert page.status_code == 410
    assert b"already been used" in page.content
    assert not Membership.objects.filter(user=twin).exists()


def test_an_invitation_is_for_the_address_it_was_sent_to(
    client, owner, organisation, django_user_model
):
    issued = _invite(organisation, owner)
    link = reverse("orgs:join", args=[issued.token])
    mallory = django_user_model.objects.create_user("mallory", email="mallory@example.com")
    client.force_login(mallory)
    page = client.get(link)
    assert page.status_code == 403
    assert b"not with the address this invitation was sent to" in page.content
    assert client.post(link).status_code == 403
    assert not Membership.objects.filter(user=mallory).exists()
    assert OrganisationInvitation.objects.get().accepted_at is None
    with pytest.raises(services.InvitationNotAccepted):
        services.organisation_invitation_accept(invitation=issued.obj, user=mallory)


def test_invitations_expire_after_a_week_and_an_expired_one_cannot_be_accepted(
    client, owner, organisation, django_user_model
):
    issued = _invite(organisation, owner)
    invitation = OrganisationInvitation.objects.get()
    assert timedelta(days=6, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=7)
    OrganisationInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    ana = UserFactory(username="ana", email="ana@example.com")
    client.force_login(ana)
    assert client.post(reverse("orgs:join", args=[issued.token])).status_code == 410
    invitation.refresh_from_db()
    with pytest.raises(services.InvitationNotAccepted):
        services.organisation_invitation_accept(invitation=invitation, user=ana)
    assert not Membership.objects.filter(user=ana).exists()


def test_an_admin_withdraws_an_invitation_and_sees_each_status(
    client, owner, member, organisation, django_user_model
):
    pending = _invite(organisation, owner, "pending@example.com", "member")
    withdrawn = _invite(organisation, owner, "withdrawn@example.com", "member")
    revoke = reverse("orgs:member_invitation_revoke", args=[organisation.slug, withdrawn.obj.pk])
    client.force_login(member)
    assert client.post(revoke).status_code == 403
    client.force_login(owner)
    assert client.post(revoke).status_code == 302
    assert OrganisationInvitation.objects.get(pk=withdrawn.obj.pk).status == "revoked"
    client.logout()
    gone = client.get(reverse("orgs:join", args=[withdrawn.token]))
    assert gone.status_code == 410
    assert b"withdrawn" in gone.content

    client.force_login(owner)
    page = client.get(reverse("orgs:organisation", args=[organisation.slug])).content.decode()
    assert "pending@example.com" in page
    assert "invited, link works until" in page
    assert "withdrawn@example.com" in page
    assert pending.obj.status == "pending"


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("https://evil.example/phish", "/orgs/new/"),
        ("//evil.example/phish", "/orgs/new/"),
        ("javascript:alert(1)", "/orgs/new/"),
        ("/join/some-token/", "/join/some-token/"),
    ],
)
def test_sign_up_only_follows_next_to_this_site(client, next_url, lands_on):
    assert sign_up(client, "nina", "nina@example.com", next_url=next_url).status_code == 302
    response = confirm(client, "nina@example.com")
    assert response.status_code == 302
    assert response["Location"] == lands_on


@pytest.mark.parametrize("view", ["login", "logout"])
def test_django_login_and_logout_refuse_a_next_on_another_site(client, owner, view):
    owner.set_password("pw-owner-12345")
    owner.save()
    if view == "login":
        response = client.post(
            reverse("login") + "?next=https://evil.example/",
            {"login": "owner", "password": "pw-owner-12345"},
        )
    else:
        client.force_login(owner)
        response = client.post(reverse("logout") + "?next=https://evil.example/")
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_a_refusal_is_a_styled_page_that_says_why(client, member, organisation):
    client.force_login(member)
    response = client.post(reverse("orgs:team_create", args=[organisation.slug]), {"name": "X"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "You can't do this here" in page
    assert "Only organisation admins and consultants can do this." in page
    assert 'class="navbar' in page  # the app's own layout, not Django's bare page


def test_wrong_passwords_lock_out_that_login_from_that_address_for_a_while(
    client, owner, django_user_model
):
    from django.test import Client

    owner.set_password("pw-owner-12345")
    owner.save()
    login = reverse("login")
    for _ in range(4):
        assert client.post(login, {"login": "owner", "password": "nope"}).status_code == 200
    # A right password before the limit works and clears the count.
    assert client.post(login, {"login": "owner", "password": "pw-owner-12345"}).status_code == 302
    client.logout()
    for _ in range(5):
        client.post(login, {"login": "owner", "password": "nope"})
    locked = client.post(login, {"login": "owner", "password": "pw-owner-12345"})
    assert locked.status_code == 429
    assert b"Too many wrong passwords" in locked.content
    # The same account from another address is not locked out.
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    response = elsewhere.post(login, {"login": "owner", "password": "pw-owner-12345"})
    assert response.status_code == 302


def test_logging_in_by_email_address_works_and_is_locked_out_like_a_username(client, owner):
    owner.set_password("pw-owner-12345")
    owner.save()
    login = reverse("login")
    right = {"login": "Owner@Example.com", "password": "pw-owner-12345"}  # any case
    assert client.post(login, right)["Location"] == "/"
    client.logout()
    for _ in range(5):
        client.post(login, {"login": "OWNER@example.com", "password": "nope"})
    locked = client.post(login, right)
    assert locked.status_code == 429
    assert b"Too many wrong passwords" in locked.content
