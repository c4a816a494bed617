"""Writes of the firms room: founding a firm, its colleagues, its clients and their admins.

A firm's consultants share its clients, so every write here keeps one invariant: each
consultant of a firm holds a consultant membership in each of the firm's client organisations
(a new colleague gets every client; a new client gets every colleague).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import File
from django.db import transaction
from django.db.models import Model
from django.utils.text import slugify

from assessments.firms.access import firm_of
from assessments.firms.logos import HEAD_BYTES, image_kind, logo_problem
from assessments.firms.models import Firm, FirmClient, FirmMember
from assessments.organisations import services as organisation_services
from assessments.organisations.models import Department, Membership, Organisation
from pmmaturity.mail import queue_email


class FirmRefused(Exception):
    """A firm write that cannot be done; the message says why, in plain words."""


def _free_slug(model: type[Model], name: str, fallback: str) -> str:
    base = slugify(name)[:40] or fallback
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def firm_create(*, user: Any, name: str) -> Firm:
    """Found a firm; its founder becomes its first consultant. A person works for one firm."""
    current = firm_of(user)
    if current is not None:
        raise FirmRefused(f"You already work for {current.name}; a person works for one firm.")
    name = name.strip()
    firm = Firm.objects.create(name=name, slug=_free_slug(Firm, name, "firm"))
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


def _colleague_by_email(email: str) -> Any:
    accounts = list(get_user_model().objects.filter(email__iexact=email.strip())[:2])
    if not accounts:
        raise FirmRefused(
            f"No one has an account with {email} yet. Ask them to sign up first, "
            "then add them again."
        )
    if len(accounts) > 1:
        raise FirmRefused(
            f"More than one account uses {email}, so we can't tell which one you mean. "
            "Ask your colleague which username they use, and an admin to tidy the accounts."
        )
    return accounts[0]


@transaction.atomic
def colleague_add(*, firm: Firm, email: str) -> FirmMember:
    """Add the person with this email to the firm: they join every client as a consultant.

    Refused for someone without an account, someone already in a firm, and someone who is
    one of a client's own people (a client's admin or member cannot also be its consultant).
    """
    user = _colleague_by_email(email)
    current = firm_of(user)
    if current is not None and current.pk == firm.pk:
        raise FirmRefused(f"{email} already works for {firm.name}.")
    if current is not None:
        raise FirmRefused(
            f"{email} works for another firm. A person works for one firm at a time: they "
            "need to leave it before joining yours."
        )
    inside = (
        Membership.objects.filter(user=user, organisation__firm_client__firm=firm)
        .exclude(role=Membership.Role.CONSULTANT)
        .select_related("organisation")
        .first()
    )
    if inside is not None:
        raise FirmRefused(
            f"{email} is in {inside.organisation.name}, one of your clients, as "
            f"{inside.get_role_display().lower()}. A client's own people cannot also be "
            "its consultants."
        )
    member = FirmMember.objects.create(firm=firm, user=user)
    _grant_clients(user, firm)
    return member


# Builds the absolute join URL for an invitation's token (the view knows the site's address).
LinkFor = Callable[[str], str]


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
    org = Organisation.objects.create(
        name=name, slug=_free_slug(Organisation, name, "organisation")
    )
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
