"""Who may reach an organisation, and what their role lets them do there.

Every object is reached through the requesting user's organisations: anything outside
them is a 404 (never a hint that it exists); inside, a role that may not do something
is a 403 with a plain explanation. The other rooms build their access helpers on this.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from assessments.organisations.models import (
    Department,
    Membership,
    Organisation,
    OrganisationInvitation,
    Team,
)
from assessments.tokens import digests_match, token_digest

MANAGERS = {Membership.Role.ADMIN, Membership.Role.CONSULTANT}


@dataclass(frozen=True)
class OrgAccess:
    organisation: Organisation
    membership: Membership

    @property
    def is_manager(self) -> bool:
        """Organisation admins and consultants run everything in the organisation."""
        return self.membership.role in MANAGERS

    @property
    def is_team_lead(self) -> bool:
        return self.membership.role == Membership.Role.TEAM_LEAD

    @property
    def can_create_assessments(self) -> bool:
        return self.is_manager or self.is_team_lead

    def page_context(self, **extra: Any) -> dict[str, Any]:
        """What every page inside an organisation shows: who you are there, and where."""
        return {"access": self, "organisation": self.organisation, **extra}

    def can_see_team(self, team: Team) -> bool:
        """Managers see every team; everyone else sees their own team only."""
        return self.is_manager or self.membership.team_id == team.pk

    def can_lead_only(self, team_ids: set[int]) -> bool:
        """A team lead runs what covers their own team and nothing else."""
        if not self.is_team_lead or self.membership.team_id is None:
            return False
        return team_ids == {self.membership.team_id}


def org_access(request: HttpRequest, slug: str) -> OrgAccess:
    if not request.user.is_authenticated:
        raise Http404
    return _access(user_id=request.user.pk, organisation__slug=slug)


def member_access(user_id: int, organisation_id: int) -> OrgAccess:
    """What a person may do in an organisation now: background work re-checks with this."""
    return _access(user_id=user_id, organisation_id=organisation_id)


def _access(**membership_of: Any) -> OrgAccess:
    membership = (
        Membership.objects.select_related("organisation", "team").filter(**membership_of).first()
    )
    if membership is None:
        raise Http404("No such organisation.")
    return OrgAccess(membership.organisation, membership)


def require_manager(access: OrgAccess) -> None:
    if not access.is_manager:
        raise PermissionDenied("Only organisation admins and consultants can do this.")


def team_in(access: OrgAccess, pk: int | None) -> Team:
    return get_object_or_404(Team, organisation=access.organisation, pk=pk)


def department_in(access: OrgAccess, pk: int | None) -> Department:
    return get_object_or_404(Department, organisation=access.organisation, pk=pk)


def is_member(access: OrgAccess, user_id: int) -> bool:
    return Membership.objects.filter(organisation=access.organisation, user_id=user_id).exists()


class InvitationRefused(Exception):
    """An invitation to join that cannot be used; the message says why, in plain words."""

    def __init__(self, text: str, invitation: OrganisationInvitation | None = None) -> None:
        self.invitation = invitation
        super().__init__(text)


REFUSALS = {
    "revoked": "This invitation has been withdrawn.",
    "accepted": "This invitation has already been used. Each invitation works once, for the "
    "person it was sent to; ask for a new one if you need it.",
    "expired": "This invitation has expired. Ask whoever invited you to send a new one.",
}


def invitation_from_token(token: str) -> OrganisationInvitation:
    """The invitation behind a join link while it is pending, or InvitationRefused saying why."""
    invitation = (
        OrganisationInvitation.objects.select_related("organisation", "team")
        .filter(token_hash=token_digest(token))
        .first()
    )
    if invitation is None or not digests_match(invitation.token_hash, token):
        raise InvitationRefused("We don't recognise this invitation link. Ask for a new one.")
    if invitation.status != "pending":
        raise InvitationRefused(REFUSALS[invitation.status], invitation)
    return invitation


# Whose address an invitation was sent to, as far as a signed-in account goes.
CONFIRMED = "confirmed"  # theirs, and they opened the link we emailed to it
UNCONFIRMED = "unconfirmed"  # their account's address, not yet confirmed
OTHER = "other"  # not their address at all


def address_state(user: Any, email: str) -> str:
    """Whether this account owns ``email``: CONFIRMED, UNCONFIRMED or OTHER (case aside).

    An address typed at sign-up proves nothing: anyone can type the address a leaked
    invitation was sent to. Only a confirmed one (allauth's verified EmailAddress) counts.
    """
    if not getattr(user, "is_authenticated", False):
        return OTHER
    email = email.strip().lower()
    verified = (
        EmailAddress.objects.filter(user=user, email__iexact=email)
        .values_list("verified", flat=True)
        .order_by("-verified")
        .first()
    )
    if verified is not None:
        return CONFIRMED if verified else UNCONFIRMED
    own = (getattr(user, "email", "") or "").strip().lower()
    return UNCONFIRMED if own == email else OTHER


def invitation_refusal(email: str, user: Any) -> str | None:
    """Why this account may not accept an invitation sent to ``email``; None if it may."""
    state = address_state(user, email)
    if state == UNCONFIRMED:
        return (
            f"Confirm that {email} is your address first: open the link we email to it, then "
            "come back to this invitation. It waits for you until it expires."
        )
    if state == OTHER:
        return "This invitation was sent to another email address."
    return None


def invitation_standing(request: HttpRequest, email: str) -> tuple[str | None, int]:
    """Why a signed-in visitor may not accept an invitation sent to ``email`` yet, and the
    status to answer with: ("wrong_account", 403) for another person's account;
    ("unconfirmed", 200) for theirs not yet confirmed (the page reads fine, telling them to
    confirm; an Accept is refused, 403). (None, 200) when nothing stands in the way."""
    if not request.user.is_authenticated:
        return None, 200
    state = address_state(request.user, email)
    if state == OTHER:
        return "wrong_account", 403
    if state == UNCONFIRMED:
        return "unconfirmed", 403 if request.method == "POST" else 200
    return None, 200


def invitation_is_for(invitation: OrganisationInvitation, user: object) -> bool:
    """An invitation is bound to the address it was sent to: only the account that confirmed
    that address may accept it."""
    return address_state(user, invitation.email) == CONFIRMED


def pending_invitation_in(access: OrgAccess, pk: int) -> OrganisationInvitation:
    return get_object_or_404(
        OrganisationInvitation, organisation=access.organisation, pk=pk, accepted_at__isnull=True
    )


def membership_in(access: OrgAccess, pk: int | None) -> Membership:
    """Someone's membership of this organisation (another organisation's is a 404)."""
    return get_object_or_404(
        Membership.objects.select_related("user", "team"), organisation=access.organisation, pk=pk
    )


def require_admin(access: OrgAccess) -> None:
    if access.membership.role != Membership.Role.ADMIN:
        raise PermissionDenied("Only an organisation admin can hand the admin role over.")
