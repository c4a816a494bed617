"""Secret link tokens.

A link token is derived from a random nonce with HMAC-SHA-256 and the server's
secret key, so it carries 256 bits, can be shown again (a lead copying a team link,
a reminder email) and yet is not stored: the database keeps the nonce and a SHA-256
digest of the token for lookup. A copy of the database alone gives away no link.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings


def new_nonce() -> str:
    return secrets.token_hex(16)


def new_token() -> str:
    """A one-off random token (256 bits) for links that are emailed once."""
    return secrets.token_urlsafe(32)


def token_for(nonce: str, purpose: str) -> str:
    mac = hmac.new(settings.SECRET_KEY.encode(), f"{purpose}:{nonce}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def digests_match(stored: str, token: str) -> bool:
    """Compare in constant time, so response timing says nothing about the token."""
    return hmac.compare_digest(stored, token_digest(token))
