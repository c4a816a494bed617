"""The firms room's rows of the permission matrix (tests/test_permissions.py).

Of the matrix's visitors only "consultant" works for a firm (Laine Partners, which serves the
organisation) and "rival" for another (Rival Advisory, serving another organisation); everyone
else works for none. The firm's pages are each person's own firm: someone in no firm is sent to
found one from the workspace, and finds nothing (404) on the others. An empty POST is refused
with its reasons (400) to those who may post; a valid one writes (302).
"""

from __future__ import annotations

from typing import Any

from tests.matrix_rows import Expect, MatrixRows

NEW_COLLEAGUE = "new.colleague@example.com"


def _firm_names(world: dict[str, Any]) -> list[str]:
    from assessments.firms.models import Firm

    return list(Firm.objects.order_by("pk").values_list("name", flat=True))


def _firms(world: dict[str, Any]) -> int:
    from assessments.firms.models import Firm

    return Firm.objects.count()


def _firm_members(world: dict[str, Any]) -> list[tuple[int, int]]:
    from assessments.firms.models import FirmMember

    return list(FirmMember.objects.order_by("pk").values_list("firm_id", "user_id"))


def _firm_clients(world: dict[str, Any]) -> int:
    from assessments.firms.models import FirmClient

    return FirmClient.objects.count()


def _admin_invitations(world: dict[str, Any]) -> int:
    from assessments.organisations.models import OrganisationInvitation

    return OrganisationInvitation.objects.filter(role="admin").count()


def _firm_invitations(world: dict[str, Any]) -> list[tuple[int, str]]:
    """Each firm's invitations that still work, by firm and address."""
    from assessments.firms.models import FirmInvitation

    return list(
        FirmInvitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .order_by("pk")
        .values_list("firm_id", "email")
    )


def firm_rows(expect: Expect, login: dict[str, int]) -> MatrixRows:
    """Every page and write of the room, for every kind of visitor."""
    in_a_firm = {"consultant": 200, "rival": 200}
    firm_page = expect(404, **login, **in_a_firm)
    firm_form = expect(404, **login, consultant=400, rival=400)
    firm_post = expect(404, **login, consultant=302, rival=302)
    # Founding a firm is for those in none; someone in one is sent to it (GET) or refused.
    found_page = expect(200, **login, consultant=302, rival=302)
    found_form = expect(400, **login, consultant=403, rival=403)
    found_post = expect(302, **login, consultant=403, rival=403)
    # Only the firm serving the organisation invites its admin; to another firm it is a 404.
    invite_form = expect(404, **login, consultant=400)
    invite_post = expect(404, **login, consultant=302)
    # A firm's invitation is for one address (the outsider's here): anyone may read it, but
    # signed in with another account it is refused; only that account accepts it.
    join_page = expect(403, anonymous=200, respondent=200, outsider=200, rival=403)
    join_post = expect(403, anonymous=200, respondent=200, outsider=302, rival=403)
    return MatrixRows(
        urls={
            "orgs:firm_workspace": ("get", "/firm/", expect(302, **in_a_firm)),
            "orgs:firm_create": ("get", "/firm/new/", found_page),
            "firm, founded": ("post", "/firm/new/", found_form),
            "orgs:firm_edit": ("get", "/firm/edit/", firm_page),
            "firm, saved": ("post", "/firm/edit/", firm_form),
            # The logo heads the client's deliverable: the firm's and its clients' people see it.
            "orgs:firm_logo": (
                "get",
                "/firm/{firm}/logo",
                expect(200, anonymous=404, respondent=404, outsider=404, staff=404),
            ),
            "orgs:firm_colleague_add": ("post", "/firm/colleagues/add/", firm_form),
            # Only the firm's consultants withdraw its invitations; another firm's is a 404.
            "orgs:firm_invitation_revoke": (
                "post",
                "/firm/invitations/{firm_invitation}/revoke/",
                expect(404, **login, consultant=302),
            ),
            "orgs:firm_join": ("get", "/firm/join/{firm_join_token}/", join_page),
            "firm invitation, accepted": ("post", "/firm/join/{firm_join_token}/", join_post),
            "orgs:firm_client_create": ("get", "/firm/clients/new/", firm_page),
            "client organisation, created": ("post", "/firm/clients/new/", firm_form),
            "orgs:firm_client_invite": ("post", "/firm/clients/{org}/invite/", invite_form),
            "another firm's client, invited": (
                "post",
                "/firm/clients/{rival_client}/invite/",
                expect(404, **login, rival=400),
            ),
        },
        writes={
            "firm, founded": ({"name": "Northwind Advisory"}, "firms"),
            "firm, saved": ({"name": "Renamed Partners"}, "firm names"),
            "orgs:firm_colleague_add": ({"email": NEW_COLLEAGUE}, "firm invitations"),
            "orgs:firm_invitation_revoke": ({}, "firm invitations"),
            "firm invitation, accepted": ({}, "firm members"),
            "client organisation, created": (
                {"name": "Harbour Bank", "admin_email": "head@harbour.example"},
                "firm clients",
            ),
            "orgs:firm_client_invite": ({"email": "head@acme.example"}, "admin invitations"),
        },
        statuses={
            "firm, founded": found_post,
            "firm, saved": firm_post,
            "orgs:firm_colleague_add": firm_post,
            "client organisation, created": firm_post,
            "orgs:firm_client_invite": invite_post,
        },
        states={
            "firms": _firms,
            "firm names": _firm_names,
            "firm members": _firm_members,
            "firm clients": _firm_clients,
            "admin invitations": _admin_invitations,
            "firm invitations": _firm_invitations,
        },
    )
