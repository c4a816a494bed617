"""Removing someone removes every right that came through the place they are removed from:
a consultant out of the firm can reach no client, and writes nothing anywhere."""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.firms.models import Firm, FirmClient, FirmInvitation, FirmMember
from assessments.firms.services import firm_member_remove
from assessments.organisations.models import Membership, OrganisationInvitation
from assessments.organisations.services import membership_remove
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.matrix_rows import filled, send
from tests.test_permissions import (
    LINK_WRITES,
    MATRIX,
    WRITE_STATUS,
    WRITES,
    _prepare,
    _state,
)


def _remove_consultant(world):
    consultant = world["users"]["consultant"]
    firm = FirmMember.objects.get(user=consultant).firm
    assert firm_member_remove(firm=firm, user=consultant)
    return consultant


# The world's firm invitation was sent by the consultant: withdrawn with them, it is gone.
SENT_BY_THEM = {"orgs:firm_join": 410, "firm invitation, accepted": 410}
# Out of every firm, they may found one of their own, as anyone may (with no client in it).
ANYONE_MAY = {"firm, founded"}


@pytest.mark.parametrize("name", list(MATRIX))
def test_a_removed_consultant_sees_what_an_outsider_sees(client, world, name):
    client.force_login(_remove_consultant(world))
    method, template, expected = MATRIX[name]
    response = getattr(client, method)(template.format(**world))
    wanted = SENT_BY_THEM.get(name, expected["outsider"])
    assert response.status_code == wanted, f"{method.upper()} {template}"


@pytest.mark.parametrize("name", sorted(set(WRITES) - LINK_WRITES - set(SENT_BY_THEM) - ANYONE_MAY))
def test_a_removed_consultant_writes_nothing(client, world, name):
    client.force_login(_remove_consultant(world))
    _method, template, expected = MATRIX[name]
    body, what = WRITES[name]
    _prepare(world, name)
    before = _state(world, what)
    response = send(
        client,
        "post",
        template.format(**world),
        {k.format(**world): filled(v, world) for k, v in body.items()},
    )
    assert response.status_code == WRITE_STATUS.get(name, expected)["outsider"]
    assert _state(world, what) == before, f"POST {template} changed {what}"


def _firm_with_clients(n: int):
    firm = Firm.objects.create(name="Leavers & Co", slug="leavers-and-co")
    consultant = UserFactory(username="leaver", email="leaver@example.com")
    FirmMember.objects.create(firm=firm, user=consultant)
    clients = [OrganisationFactory(name=f"Client {i}") for i in range(n)]
    for org in clients:
        FirmClient.objects.create(firm=firm, organisation=org, created_by=consultant)
        MembershipFactory(organisation=org, user=consultant, role=Membership.Role.CONSULTANT)
    return firm, consultant, clients


def _pending(model, **where):
    return model.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True, **where)


def _invite(model, by, **where):
    return model.objects.create(
        email="outsider@example.com",
        invited_by=by,
        token_hash=hashlib.sha256(f"{model.__name__}-{where}".encode()).hexdigest(),
        expires_at=timezone.now() + timezone.timedelta(days=7),
        **where,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["service", "deleted row"])
def test_leaving_the_firm_ends_every_client_membership_and_pending_invitation(how):
    firm, consultant, clients = _firm_with_clients(7)
    own = OrganisationFactory(name="Their own organisation")  # a membership of their own
    MembershipFactory(organisation=own, user=consultant, role=Membership.Role.ADMIN)
    _invite(OrganisationInvitation, consultant, organisation=clients[0], role="admin")
    _invite(FirmInvitation, consultant, firm=firm)
    if how == "service":
        assert firm_member_remove(firm=firm, user=consultant)
    else:  # the admin, or anyone deleting the row, goes through the same receivers
        FirmMember.objects.filter(user=consultant).delete()
    assert not Membership.objects.filter(user=consultant, organisation__in=clients).exists()
    assert Membership.objects.filter(user=consultant, organisation=own).exists()
    assert not _pending(OrganisationInvitation, invited_by=consultant).exists()
    assert not _pending(FirmInvitation, invited_by=consultant).exists()
    assert not firm_member_remove(firm=firm, user=consultant)  # nothing left to remove


@pytest.mark.django_db
def test_leaving_an_organisation_withdraws_the_links_sent_and_keeps_the_others():
    org = OrganisationFactory()
    leaver = MembershipFactory(organisation=org, role=Membership.Role.ADMIN).user
    stayer = MembershipFactory(organisation=org, role=Membership.Role.ADMIN).user
    _invite(OrganisationInvitation, leaver, organisation=org, role="admin")
    _invite(OrganisationInvitation, stayer, organisation=org, role="member")
    assert membership_remove(organisation=org, user=leaver)
    assert not Membership.objects.filter(user=leaver, organisation=org).exists()
    assert not _pending(OrganisationInvitation, invited_by=leaver).exists()
    assert _pending(OrganisationInvitation, invited_by=stayer).count() == 1
    assert not membership_remove(organisation=org, user=get_user_model().objects.get(pk=leaver.pk))
