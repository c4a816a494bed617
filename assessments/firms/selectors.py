"""Reads of the firms room: the consultant's workspace, the firm's logo, the navigation's
organisation switcher."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest

from assessments.firms.logos import HEAD_BYTES, MAX_LOGO_BYTES, image_kind
from assessments.firms.models import Firm, FirmClient, FirmInvitation, FirmMember
from assessments.organisations.models import Membership, OrganisationInvitation

# --- the workspace ------------------------------------------------------------------------


@dataclass
class ClientRow:
    """One client organisation as its firm's workspace shows it."""

    client: FirmClient
    admins: list[Membership] = field(default_factory=list)
    invited: list[OrganisationInvitation] = field(default_factory=list)

    @property
    def organisation(self) -> Any:
        return self.client.organisation


@dataclass
class Workspace:
    firm: Firm
    clients: list[ClientRow]
    colleagues: list[FirmMember]
    invitations: list[FirmInvitation] = field(default_factory=list)


def workspace(firm: Firm, row: type[ClientRow] = ClientRow) -> Workspace:
    """Every client of the firm (as ``row``s, in which a page above may add more) with its
    admins and pending admin invitations; and the firm's consultants and its pending
    invitations. Five queries however many clients there are."""
    clients = list(FirmClient.objects.filter(firm=firm).select_related("organisation"))
    rows = {c.organisation_id: row(c) for c in clients}
    admins = Membership.objects.filter(
        organisation_id__in=rows, role=Membership.Role.ADMIN
    ).select_related("user")
    for m in admins.order_by("user__first_name", "user__username"):
        rows[m.organisation_id].admins.append(m)
    pending = OrganisationInvitation.objects.filter(
        organisation_id__in=rows,
        role=Membership.Role.ADMIN,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    )
    for invitation in pending:
        if invitation.status == "pending":
            rows[invitation.organisation_id].invited.append(invitation)
    colleagues = list(
        FirmMember.objects.filter(firm=firm)
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )
    invitations = [
        invitation
        for invitation in FirmInvitation.objects.filter(
            firm=firm, accepted_at__isnull=True, revoked_at__isnull=True
        ).order_by("-created_at", "-pk")
        if invitation.status == "pending"
    ]
    return Workspace(
        firm=firm, clients=list(rows.values()), colleagues=colleagues, invitations=invitations
    )


# --- the logo -----------------------------------------------------------------------------


def logo_bytes(firm: Firm) -> tuple[bytes, str] | None:
    """The firm's logo and its content type, or None when it has none (or it is unreadable,
    or not an image we accept: a file changed behind our back is never served)."""
    if not firm.logo:
        return None
    try:
        with firm.logo.open("rb") as handle:
            data = handle.read(MAX_LOGO_BYTES + 1)
    except (FileNotFoundError, OSError):
        return None
    kind = image_kind(data[:HEAD_BYTES])
    if kind is None or len(data) > MAX_LOGO_BYTES:
        return None
    return data, kind[1]


def logo_data_uri(firm: Firm) -> str:
    """The firm's logo as a ``data:`` URI, for a self-contained page or PDF; "" if none."""
    found = logo_bytes(firm)
    if found is None:
        return ""
    data, content_type = found
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"


# --- the organisation switcher ------------------------------------------------------------


@dataclass(frozen=True)
class SwitcherEntry:
    name: str
    slug: str
    current: bool


@dataclass(frozen=True)
class SwitcherFirm:
    name: str
    slug: str


class Switcher:
    """The navigation's organisation switcher for one request.

    Nothing is read until a page shows it, then one query, once per request: the person's
    organisations and their firm together (none for anonymous visitors).
    """

    def __init__(self, request: HttpRequest) -> None:
        self._request = request

    @cached_property
    def current_slug(self) -> str:
        """The organisation the page is inside (``/o/<slug>/...``), if any."""
        match = self._request.resolver_match
        if match is None or not match.route.startswith("o/<slug:slug>/"):
            return ""
        return str(match.kwargs.get("slug", ""))

    @cached_property
    def on_firm_page(self) -> bool:
        """Whether the page is one of the firm's own (``/firm/...``), not a client's, nor an
        invitation to join a firm (which may be another one's)."""
        match = self._request.resolver_match
        route = match.route if match is not None else ""
        return route.startswith("firm/") and not route.startswith("firm/join/")

    @cached_property
    def _rows(self) -> list[tuple[str | None, str | None, str | None, str | None]]:
        user: Any = self._request.user
        if not getattr(user, "is_authenticated", False):
            return []
        # One row per membership (or one row of blanks), each carrying the firm, if any.
        return list(
            get_user_model()
            .objects.filter(pk=user.pk)
            .order_by("memberships__organisation__name", "memberships__organisation__pk")
            .values_list(
                "memberships__organisation__name",
                "memberships__organisation__slug",
                "firm_membership__firm__name",
                "firm_membership__firm__slug",
            )
        )

    @cached_property
    def organisations(self) -> list[SwitcherEntry]:
        return [
            SwitcherEntry(name, slug, slug == self.current_slug)
            for name, slug, _firm, _firm_slug in self._rows
            if name is not None and slug is not None
        ]

    @cached_property
    def current(self) -> SwitcherEntry | None:
        return next((entry for entry in self.organisations if entry.current), None)

    @cached_property
    def firm(self) -> SwitcherFirm | None:
        """The firm this person works for, if any."""
        if not self._rows:
            return None
        _name, _slug, firm, firm_slug = self._rows[0]
        return SwitcherFirm(firm, firm_slug) if firm and firm_slug else None
