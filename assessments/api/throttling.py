"""How often one caller may call: per token, or per person for a signed-in session.

Counts live in the default cache, the database cache unless configured otherwise, so every
web server on every machine counts together. The rate is ``API_TOKEN_RATE`` ("600/hour").
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from assessments.api.authentication import TokenAuth
from pmmaturity.client_ip import client_ip


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self) -> str:
        # Read on every call (not from DRF's settings, cached at import), so a change of
        # settings (a test's) takes effect at once.
        return str(settings.API_TOKEN_RATE)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, TokenAuth):
            ident = f"token-{request.auth.token.pk}"
        elif request.user is not None and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{client_ip(request._request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
