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

pytestmark = pytest.mark.django_db


def test_sign_up_then_create_an_organisation_with_departments(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "hana",
            "first_name": "Hana",
            "email": "hana@example.com",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    assert response["Location"] == reverse("orgs:organisation_create")
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
    [email] = mail.outbox
    assert email.to == ["Kim@Example.com"]
    link = re.search(r"http://testserver(/join/\S+/)", email.body).group(1)
    token = link.split("/")[2]
    assert token not in OrganisationInvitation.objects.get().token_hash

    client.logout()
    page = client.get(link)
    assert b"Log in or create an account first" in page.content
    kim = django_user_model.objects.create_user("kim", password="pw-kim-12345")
    client.force_login(kim)
    client.post(link)
    client.post(link)  # accepting twice is harmless
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
    client.post(reverse("password_reset"), {"email": "owner@example.com"})
    [email] = mail.outbox
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", email.body).group(1)
    form = client.get(link, follow=True)
    assert b"Choose a new password" in form.content
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "brand-new-passphrase-9", "new_password2": "brand-new-passphrase-9"},
        follow=True,
    )
    assert b"Password saved" in done.content
    owner.refresh_from_db()
    assert owner.check_password("brand-new-passphrase-9")
