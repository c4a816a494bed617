"""Writes of the firms room: founding a firm, its colleagues, its clients and their admins.

A firm's consultants share its clients, so every write here keeps one invariant: each
consultant of a firm holds a consultant membership in each of the firm's client organisations
(a colleague who accepts an invitation gets every client; a new client gets every colleague).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from assessments.firms.access import firm_join_refusal, firm_of
from assessments.firms.logos import HEAD_BYTES, image_kind, logo_problem
from assessments.firms.models import Firm, FirmClient, FirmInvitation, FirmMember
from assessments.organisations import services as organisation_services
from assessments.organisations.access import invitation_refusal
from assessments.organisations.models import Department, Membership, Organisation
from assessments.organisations.services import InvitationNotAccepted, free_slug
from assessments.tokens import new_token, token_digest
from pmmaturity.mail import queue_email


class FirmRefused(Exception):
    """A firm write that cannot be done; the message says why, in plain words."""


@transaction.atomic
def firm_create(*, user: Any, name: str) -> Firm:
    """Found a firm; its founder becomes its first consultant. A person works for one firm."""
    current = firm_of(user)
    if current is not None:
        raise FirmRefused(f"You already work for {current.name}; a person works for one firm.")
    name = name.strip()
    firm = Firm.objects.create(name=name, slug=free_slug(Firm, name, "firm"))
    FirmMember.objects.create(firm=firm, user=user)
    return firm


@transaction.atomic
def firm_update(
    *, firm: Firm, name: str, logo: File[Any] | None = None, remove_logo: bool = False
) -> Firm:
    """Rename the firm and replace or remove its logo (a PNG or JPEG, checked by its bytes).
    A replaced logo's file is deleted once the change is saved."""
    old = firm.logo.name if firm.logo else ""
    extension = ""
    if logo is not None:
        logo.seek(0)
        head = logo.read(HEAD_BYTES)
        problem = logo_problem(head, logo.size or 0)
        if problem is not None:
            raise FirmRefused(problem)
        extension = (image_kind(head) or ("", ""))[0]
        logo.seek(0)
    firm.name = name.strip()
    if logo is not None:
        # Named by what it is, never by what the upload called itself.
        firm.logo.save(f"{secrets.token_hex(4)}.{extension}", logo, save=False)
    elif remove_logo:
        firm.logo = ""  # type: ignore[assignment]
    firm.save()
    new = firm.logo.name if firm.logo else ""
    if old and old != new:
        storage = firm.logo.storage
        transaction.on_commit(lambda: storage.delete(old))
    return firm


def _grant_clients(user: Any, firm: Firm) -> None:
    """A consultant membership in every client of the firm that this person lacks."""
    have = set(
        Membership.objects.filter(user=user, organisation__firm_client__firm=firm).values_list(
            "organisation_id", flat=True
        )
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation_id=org_id, role=Membership.Role.CONSULTANT)
        for org_id in FirmClient.objects.filter(firm=firm).values_list("organisation_id", flat=True)
        if org_id not in have
    )


# Builds the absolute join URL for an invitation's token (the view knows the site's address).
LinkFor = Callable[[str], str]

FIRM_INVITATION_DAYS = 7


@transaction.atomic
def colleague_invite(
    *, firm: Firm, email: str, invited_by: Any, link_for: LinkFor
) -> organisation_services.IssuedLink:
    """Email a colleague a link to join the firm; they become a consultant once they accept.

    Whether the address has an account, or works elsewhere, is never said here: that is
    checked when they accept. Only someone already in this firm is refused (its consultants
    see who that is anyway). A new invitation replaces a pending one to the same address.
    """
    email = email.strip().lower()
    if FirmMember.objects.filter(firm=firm, user__email__iexact=email).exists():
        raise FirmRefused(f"{email} already works for {firm.name}.")
    now = timezone.now()
    FirmInvitation.objects.filter(
        firm=firm, email=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    token = new_token()
    invitation = FirmInvitation.objects.create(
        firm=firm,
        email=email,
        token_hash=token_digest(token),
        invited_by=invited_by,
        expires_at=now + timedelta(days=FIRM_INVITATION_DAYS),
    )
    inviter = invited_by.get_full_name() or invited_by.get_username()
    clients = firm.clients.count()
    queue_email(
        subject=f"{inviter} invited you to join {firm.name} on pmmaturity",
        body=(
            f"{inviter} invited you to join {firm.name} on pmmaturity as a consultant. You "
            f"will be a consultant in every client of {firm.name} ({clients} today): their "
            "rounds, reports and reviews.\n\n"
            f"Accept within {FIRM_INVITATION_DAYS} days, signed in with this address:\n"
            f"{link_for(token)}\n\n"
            "If you did not expect this, ignore this email.\n"
        ),
        to=email,
    )
    return organisation_services.IssuedLink(invitation, token)


@transaction.atomic
def firm_invitation_accept(*, invitation: FirmInvitation, user: Any) -> FirmMember:
    """Join the firm: a consultant membership in every client comes with it. An invitation
    works once, only for the account that confirmed the address it was sent to, and is
    refused to someone in another firm or one of the firm's clients' own people."""
    firm = invitation.firm
    refusal = invitation_refusal(invitation.email, user)
    if refusal is not None:
        raise InvitationNotAccepted(refusal)
    refusal = firm_join_refusal(firm, user)
    if refusal is not None:
        raise FirmRefused(refusal)
    # One conditional update: of two people racing for the same link, only one gets it.
    taken = FirmInvitation.objects.filter(
        pk=invitation.pk,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).update(accepted_at=timezone.now(), accepted_by=user)
    if not taken:
        raise InvitationNotAccepted("This invitation can no longer be used.")
    member = FirmMember.objects.create(firm=firm, user=user)
    _grant_clients(user, firm)
    return member


@transaction.atomic
def firm_member_remove(*, firm: Firm, user: Any) -> bool:
    """Take someone out of the firm, and with it every right it gave them: their consultant
    membership in each client and the firm's invitations they sent (``firms.receivers``).
    False if they were not in this firm."""
    member = FirmMember.objects.select_for_update().filter(firm=firm, user=user).first()
    if member is None:
        return False
    member.delete()
    return True


def firm_invitation_revoke(*, invitation: FirmInvitation) -> FirmInvitation:
    """Withdraw an invitation not yet used: its link stops working."""
    if invitation.revoked_at is None and invitation.accepted_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def client_invite_admin(
    *, client: FirmClient, email: str, invited_by: Any, link_for: LinkFor
) -> organisation_services.IssuedLink:
    """Invite the client's head of product as an admin of the organisation, by email.

    The email is queued in the same transaction, so it goes out only if the invitation is
    saved. Refused for someone already in the organisation.
    """
    org = client.organisation
    email = email.strip().lower()
    if Membership.objects.filter(organisation=org, user__email__iexact=email).exists():
        raise FirmRefused(f"{email} is already in {org.name}.")
    issued = organisation_services.organisation_invite(
        organisation=org, email=email, role=Membership.Role.ADMIN, team=None, invited_by=invited_by
    )
    inviter = invited_by.get_full_name() or invited_by.get_username()
    queue_email(
        subject=f"{inviter} invited you to run {org.name} on pmmaturity",
        body=(
            f"{inviter} of {client.firm.name} invited you to be an admin of {org.name} on "
            "pmmaturity, where product teams assess their product management and plan "
            "improvements. As an admin you see every round, report and review of "
            f"{org.name}, and you can invite your colleagues.\n\n"
            f"Accept within {organisation_services.ORG_INVITATION_DAYS} days:\n"
            f"{link_for(issued.token)}\n"
        ),
        to=email,
    )
    return issued


@transaction.atomic
def client_create(
    *,
    firm: Firm,
    name: str,
    departments: list[str],
    user: Any,
    admin_email: str = "",
    link_for: LinkFor | None = None,
) -> FirmClient:
    """Create a client organisation for the firm: every consultant of the firm joins it as a
    consultant, and its head of product, if named, is invited as its admin."""
    name = name.strip()
    org = Organisation.objects.create(name=name, slug=free_slug(Organisation, name, "organisation"))
    Department.objects.bulk_create(
        Department(organisation=org, name=dept)
        for dept in dict.fromkeys(d.strip()[:120] for d in departments if d.strip())
    )
    client = FirmClient.objects.create(firm=firm, organisation=org, created_by=user)
    Membership.objects.bulk_create(
        Membership(user_id=user_id, organisation=org, role=Membership.Role.CONSULTANT)
        for user_id in firm.members.values_list("user_id", flat=True)
    )
    if admin_email:
        if link_for is None:
            raise ValueError("Inviting an admin needs link_for to build the join link.")
        client_invite_admin(client=client, email=admin_email, invited_by=user, link_for=link_for)
    return client
