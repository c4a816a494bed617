"""Who may reach a firm's workspace and its clients.

A consultant reaches their own firm only; a client is reached through the firm that serves
it, so another firm's client is a 404 like any organisation you are not in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from assessments.firms.models import Firm, FirmClient, FirmInvitation, FirmMember
from assessments.organisations.access import REFUSALS, OrgAccess
from assessments.organisations.models import Membership
from assessments.tokens import digests_match, token_digest


@dataclass(frozen=True)
class FirmAccess:
    firm: Firm
    user: Any

    def page_context(self, **extra: Any) -> dict[str, Any]:
        return {"firm_access": self, "firm": self.firm, **extra}


def firm_of(user: Any) -> Firm | None:
    """The firm this person works for, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    member = FirmMember.objects.select_related("firm").filter(user=user).first()
    return member.firm if member is not None else None


def firm_access(request: HttpRequest) -> FirmAccess:
    """The signed-in consultant's firm; a 404 for anyone who works for none."""
    firm = firm_of(request.user)
    if firm is None:
        raise Http404("You do not work for a consulting firm here.")
    return FirmAccess(firm, request.user)


def client_in(access: FirmAccess, slug: str) -> FirmClient:
    return get_object_or_404(
        FirmClient.objects.select_related("organisation"),
        firm=access.firm,
        organisation__slug=slug,
    )


def serving_firm(access: OrgAccess) -> Firm | None:
    """The firm this person consults for in this organisation: a consultant here who works
    for the firm that serves it. Anyone else (a client's own admin included): None."""
    if access.membership.role != Membership.Role.CONSULTANT:
        return None
    client = (
        FirmClient.objects.select_related("firm")
        .filter(organisation=access.organisation, firm__members__user_id=access.membership.user_id)
        .first()
    )
    return client.firm if client is not None else None


def firm_for_logo(request: HttpRequest, firm_slug: str) -> Firm:
    """The firm whose logo this person may see: its consultants' and its clients' people
    (the logo heads the client's deliverable). Anyone else, signed in or not: a 404."""
    user = request.user
    if not user.is_authenticated:
        raise Http404("No such logo.")
    mine = FirmMember.objects.filter(firm=OuterRef("pk"), user=user)
    served = Membership.objects.filter(user=user, organisation__firm_client__firm=OuterRef("pk"))
    return get_object_or_404(Firm.objects.filter(Exists(mine) | Exists(served)), slug=firm_slug)


class FirmInvitationRefused(Exception):
    """A firm's invitation that cannot be used; the message says why, in plain words."""

    def __init__(self, text: str, invitation: FirmInvitation | None = None) -> None:
        self.invitation = invitation
        super().__init__(text)


def firm_invitation_from_token(token: str) -> FirmInvitation:
    """The invitation behind a firm's join link while it is pending, or FirmInvitationRefused
    saying why, in the words an organisation's join link uses."""
    invitation = (
        FirmInvitation.objects.select_related("firm", "invited_by")
        .filter(token_hash=token_digest(token))
        .first()
    )
    if invitation is None or not digests_match(invitation.token_hash, token):
        raise FirmInvitationRefused("We don't recognise this invitation link. Ask for a new one.")
    if invitation.status != "pending":
        raise FirmInvitationRefused(REFUSALS[invitation.status], invitation)
    return invitation


def firm_join_refusal(firm: Firm, user: Any) -> str | None:
    """Why this person cannot join the firm, in plain words; None if they can.

    A person works for one firm at a time, and a client's own people (its admins, members and
    team leads) cannot also be its consultants.
    """
    current = firm_of(user)
    if current is not None and current.pk == firm.pk:
        return f"You already work for {firm.name}."
    if current is not None:
        return (
            f"You work for {current.name}, and a person works for one firm at a time. Ask "
            f"{current.name} to remove you first, then open this invitation again."
        )
    inside = (
        Membership.objects.filter(user=user, organisation__firm_client__firm=firm)
        .exclude(role=Membership.Role.CONSULTANT)
        .select_related("organisation")
        .first()
    )
    if inside is not None:
        return (
            f"You are in {inside.organisation.name}, one of {firm.name}'s clients, as "
            f"{inside.get_role_display().lower()}. A client's own people cannot also be its "
            "consultants."
        )
    return None


def pending_firm_invitation_in(access: FirmAccess, pk: int) -> FirmInvitation:
    """One of the firm's invitations not yet used; another firm's is a 404."""
    return get_object_or_404(FirmInvitation, firm=access.firm, pk=pk, accepted_at__isnull=True)
