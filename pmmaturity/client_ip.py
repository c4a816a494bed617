"""The address a request came from, as seen past the proxies we run ourselves.

Behind a proxy every request's REMOTE_ADDR is the proxy's, so limits keyed by it would
lump everyone together. ``TRUSTED_PROXY_COUNT`` says how many proxies of ours add an
address to ``X-Forwarded-For``; the client is the address just before them. Addresses
further left are written by the client and never trusted.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    # The last proxy is REMOTE_ADDR; each of the others appended the address it saw.
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return forwarded[0] if forwarded else remote
