"""Who is calling: an API token (``Authorization: Bearer pmm_…``) or a signed-in session.

A token works while it is not revoked (nor past its end date) and while its person is still a
member of its organisation; otherwise the call is refused (401) with a message saying why.
The organisation access found here goes with the call (``TokenAuth``), so the endpoint needs
no second look.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rest_framework import authentication, exceptions
from rest_framework.request import Request

from assessments.api.models import TOKEN_PREFIX, ApiToken
from assessments.api.services import token_used
from assessments.organisations.access import OrgAccess
from assessments.organisations.models import Membership
from assessments.tokens import digests_match, token_digest

UNKNOWN = (
    "This API token is not valid: it may have been mistyped or revoked. "
    "Create a new one on your account's API tokens page."
)
MALFORMED = "Send the token as one value: Authorization: Bearer pmm_…"
NOT_A_MEMBER = (
    "This API token no longer works: the person it belongs to is no longer a member of "
    "its organisation."
)


@dataclass(frozen=True)
class TokenAuth:
    """What a valid token gives a call (``request.auth``): the token, and its person's access
    to its organisation as it stands now."""

    token: ApiToken
    access: OrgAccess

    @property
    def can_write(self) -> bool:
        return self.token.can_write


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, TokenAuth] | None:
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None  # not ours: another class (the session) may know the caller
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(MALFORMED)
        try:
            secret = parts[1].decode()
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(UNKNOWN) from exc
        return self._check(secret)

    def _check(self, secret: str) -> tuple[Any, TokenAuth]:
        if not secret.startswith(TOKEN_PREFIX):
            raise exceptions.AuthenticationFailed(UNKNOWN)
        token = (
            ApiToken.objects.select_related("user", "organisation")
            .filter(digest=token_digest(secret))
            .first()
        )
        if token is None or not digests_match(token.digest, secret) or not token.is_active:
            raise exceptions.AuthenticationFailed(UNKNOWN)
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(UNKNOWN)
        membership = (
            Membership.objects.select_related("team")
            .filter(user_id=token.user_id, organisation_id=token.organisation_id)
            .first()
        )
        if membership is None:
            raise exceptions.AuthenticationFailed(NOT_A_MEMBER)
        membership.organisation = token.organisation
        token_used(token=token)
        return token.user, TokenAuth(token, OrgAccess(token.organisation, membership))

    def authenticate_header(self, request: Request) -> str:
        """Asked for a 401's WWW-Authenticate: the caller is told how to authenticate."""
        return f'{self.keyword} realm="api"'
