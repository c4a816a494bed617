"""Writes for organisations, their departments and teams, and invitations to join."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify

from assessments.organisations.access import invitation_refusal
from assessments.organisations.models import (
    Department,
    Membership,
    Organisation,
    OrganisationInvitation,
    Team,
)
from assessments.tokens import new_token, token_digest

ORG_INVITATION_DAYS = 7


def free_slug(model: type[Model], name: str, fallback: str = "organisation") -> str:
    """A slug for a new organisation (or a firm) made from its name, not yet taken."""
    base = slugify(name)[:40] or fallback
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def organisation_create(*, user: Any, name: str, departments: list[str]) -> Organisation:
    """Create an organisation with its departments; the creator becomes its admin."""
    org = Organisation.objects.create(name=name, slug=free_slug(Organisation, name))
    for dept in dict.fromkeys(d.strip() for d in departments if d.strip()):
        Department.objects.create(organisation=org, name=dept)
    Membership.objects.create(user=user, organisation=org, role=Membership.Role.ADMIN)
    return org


def department_create(*, organisation: Organisation, name: str) -> Department:
    if organisation.departments.filter(name__iexact=name).exists():
        raise ValidationError(f"There is already a department called {name}.")
    return Department.objects.create(organisation=organisation, name=name)


def team_create(*, organisation: Organisation, name: str, department: Department | None) -> Team:
    if organisation.teams.filter(name__iexact=name).exists():
        raise ValidationError(f"There is already a team called {name}.")
    if department is not None and department.organisation_id != organisation.pk:
        raise ValidationError("That department belongs to another organisation.")
    return Team.objects.create(organisation=organisation, name=name, department=department)


@dataclass(frozen=True)
class IssuedLink:
    """A freshly made secret link: the token exists only here, never in the database."""

    obj: object
    token: str


@transaction.atomic
def organisation_invite(
    *, organisation: Organisation, email: str, role: str, team: Team | None, invited_by: Any
) -> IssuedLink:
    token = new_token()
    invitation = OrganisationInvitation.objects.create(
        organisation=organisation,
        email=email.strip().lower(),
        role=role,
        team=team,
        token_hash=token_digest(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=ORG_INVITATION_DAYS),
    )
    return IssuedLink(invitation, token)


class InvitationNotAccepted(Exception):
    """The invitation was not for this account, or was used, withdrawn or out of date."""


@transaction.atomic
def organisation_invitation_accept(*, invitation: OrganisationInvitation, user: Any) -> Membership:
    """Join the organisation with the role invited for. An invitation works once, and only
    for the account that confirmed the address it was sent to."""
    refusal = invitation_refusal(invitation.email, user)
    if refusal is not None:
        raise InvitationNotAccepted(refusal)
    # One conditional update: of two people racing for the same link, only one gets it.
    taken = OrganisationInvitation.objects.filter(
        pk=invitation.pk,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).update(accepted_at=timezone.now(), accepted_by=user)
    if not taken:
        raise InvitationNotAccepted("This invitation can no longer be used.")
    membership, _created = Membership.objects.get_or_create(
        user=user,
        organisation=invitation.organisation,
        defaults={"role": invitation.role, "team": invitation.team},
    )
    return membership


def organisation_invitation_revoke(*, invitation: OrganisationInvitation) -> OrganisationInvitation:
    if invitation.revoked_at is None and invitation.accepted_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def membership_remove(*, organisation: Organisation, user: Any) -> bool:
    """Take someone out of the organisation, and with it every right it gave them (the join
    links they sent and nobody used are withdrawn: ``organisations.receivers``). False if
    they were not in it. A consultant removed here stays out of this client, though still in
    their firm."""
    membership = (
        Membership.objects.select_for_update().filter(organisation=organisation, user=user).first()
    )
    if membership is None:
        return False
    membership.delete()
    return True
