"""Helpers of the data endpoints' tests: calling the API with a session or a token."""

from __future__ import annotations

import json
from typing import Any


def token_for(user: Any, organisation: Any, scope: str = "read") -> str:
    """A fresh token of ``user`` in ``organisation``: its secret."""
    from assessments.api.services import token_issue

    return token_issue(user=user, organisation=organisation, name="Tests", scope=scope).secret


def _auth(token: str | None) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}


def api_get(client: Any, path: str, query: dict[str, Any] | None = None, *, token=None, **more):
    return client.get(path, {**(query or {}), **more}, **_auth(token))


def api_send(client: Any, method: str, path: str, body: Any, *, token: str | None = None):
    """POST or PATCH ``body`` as JSON (a str is sent as it is: malformed JSON)."""
    data = body if isinstance(body, str) else json.dumps(body)
    return getattr(client, method)(path, data, content_type="application/json", **_auth(token))


def queries_of(call: Any) -> int:
    """How many queries ``call()`` makes (a request clears the log as it starts: so do we)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)
