"""Writes for API tokens: issuing one (shown once) and revoking it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from assessments.api.models import TOKEN_PREFIX, ApiToken
from assessments.organisations.models import Organisation
from assessments.tokens import token_digest

VISIBLE_CHARACTERS = 8  # after "pmm_": what a person sees of a token afterwards
# A token's last use is written at most this often: a script's every call need not write.
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    """A freshly made token: its secret exists only here, never in the database."""

    token: ApiToken
    secret: str


@transaction.atomic
def token_issue(*, user: Any, organisation: Organisation, name: str, scope: str) -> IssuedToken:
    """Make a token for ``user`` in ``organisation`` (the caller has checked they belong)."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        organisation=organisation,
        name=name.strip(),
        scope=scope,
        digest=token_digest(secret),
        prefix=secret[: len(TOKEN_PREFIX) + VISIBLE_CHARACTERS],
    )
    return IssuedToken(token, secret)


def token_revoke(*, token: ApiToken) -> ApiToken:
    """Stop a token working, at once and for good. Revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_used(*, token: ApiToken) -> None:
    """Note that a token was just used (to the minute, so most calls write nothing)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
