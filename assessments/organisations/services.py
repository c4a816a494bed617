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
from assessments.organisations.selectors import department_deletion, team_deletion
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
    their firm. The last admin is not removed (ValidationError): someone must run it."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(organisation=organisation, user=user)
        .first()
    )
    if membership is None:
        return False
    if membership.role == Membership.Role.ADMIN and not _other_admins(membership):
        raise ValidationError(LAST_ADMIN.format(name=_display(membership)))
    membership.delete()
    return True


# --- running the organisation's structure and people (the "People and teams" page) ---

ROLES_SET_HERE = (Membership.Role.ADMIN, Membership.Role.TEAM_LEAD, Membership.Role.MEMBER)


def _name_free(queryset: Any, name: str, kind: str, own_pk: int) -> None:
    if queryset.filter(name__iexact=name).exclude(pk=own_pk).exists():
        raise ValidationError(f"There is already a {kind} called {name}.")


def team_rename(*, team: Team, name: str) -> Team:
    name = name.strip()
    _name_free(Team.objects.filter(organisation_id=team.organisation_id), name, "team", team.pk)
    team.name = name
    team.save(update_fields=["name"])
    return team


def department_rename(*, department: Department, name: str) -> Department:
    name = name.strip()
    others = Department.objects.filter(organisation_id=department.organisation_id)
    _name_free(others, name, "department", department.pk)
    department.name = name
    department.save(update_fields=["name"])
    return department


def team_move(*, team: Team, department: Department | None) -> Team:
    """Put a team in another department (or none). Rounds already set up keep the department
    the team was in when it joined them (``rounds.models.RoundTeam``): only later rounds
    group it under the new one."""
    if department is not None and department.organisation_id != team.organisation_id:
        raise ValidationError("That department belongs to another organisation.")
    team.department = department
    team.save(update_fields=["department"])
    return team


@transaction.atomic
def team_delete(*, team: Team) -> None:
    """Delete a team nothing that counts rests on (``selectors.team_deletion`` says what)."""
    found = team_deletion(Team.objects.select_for_update().get(pk=team.pk))
    if found.refusals:
        raise ValidationError(found.refusals[0].why)
    team.delete()


@transaction.atomic
def department_delete(*, department: Department) -> None:
    """Delete a department no round grouped teams under; its teams are left with none."""
    found = department_deletion(Department.objects.select_for_update().get(pk=department.pk))
    if found.refusals:
        raise ValidationError(found.refusals[0].why)
    department.delete()


def _other_admins(membership: Membership) -> int:
    """The organisation's admins but this one. Every admin row is locked, in one order, until
    the change is written: two admins stepping down at once are taken one after the other, and
    the second finds themselves the last."""
    admins = (
        Membership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=Membership.Role.ADMIN)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return len([pk for pk in admins if pk != membership.pk])


LAST_ADMIN = (
    "{name} is the organisation's only admin. Make someone else admin first (or hand the "
    "admin role over), so that somebody can still run the organisation."
)


def _display(membership: Membership) -> str:
    return membership.user.get_full_name() or membership.user.get_username()


@transaction.atomic
def membership_change(*, membership: Membership, role: str, team: Team | None) -> Membership:
    """Set a person's role (admin, team lead or member) and team. A team lead leads a team,
    so needs one; a consultant's membership comes from their firm and is not changed here;
    the last admin stays admin."""
    if membership.role == Membership.Role.CONSULTANT:
        raise ValidationError(
            "A consultant's access comes from their firm: it is not changed here."
        )
    if role not in ROLES_SET_HERE:
        raise ValidationError("Choose admin, team lead or member.")
    if team is not None and team.organisation_id != membership.organisation_id:
        raise ValidationError("That team belongs to another organisation.")
    if role == Membership.Role.TEAM_LEAD and team is None:
        raise ValidationError("A team lead leads a team: choose theirs.")
    if (
        membership.role == Membership.Role.ADMIN
        and role != Membership.Role.ADMIN
        and not _other_admins(membership)
    ):
        raise ValidationError(LAST_ADMIN.format(name=_display(membership)))
    membership.role, membership.team = role, team
    membership.save(update_fields=["role", "team"])
    return membership


@transaction.atomic
def admin_hand_over(
    *, admin: Membership, to: Membership, then_role: str, then_team: Team | None = None
) -> None:
    """Make ``to`` an admin and ``admin`` a member or team lead, in one go."""
    if admin.role != Membership.Role.ADMIN:
        raise ValidationError("Only an admin can hand the admin role over.")
    if to.organisation_id != admin.organisation_id or to.pk == admin.pk:
        raise ValidationError("Choose someone else in this organisation.")
    if to.role == Membership.Role.CONSULTANT:
        raise ValidationError("A consultant's access comes from their firm: choose a colleague.")
    if then_role not in (Membership.Role.TEAM_LEAD, Membership.Role.MEMBER):
        raise ValidationError("Choose what you become: team lead or member.")
    to.role = Membership.Role.ADMIN
    to.save(update_fields=["role"])
    membership_change(membership=admin, role=then_role, team=then_team)
