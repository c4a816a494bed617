"""What the URL-wide tests' world holds for the API: a token of the owner's."""

from __future__ import annotations

from typing import Any


def api_world(organisation: Any, users: dict[str, Any]) -> dict[str, int]:
    from assessments.api.services import token_issue

    issued = token_issue(
        user=users["owner"], organisation=organisation, name="Nightly export", scope="read"
    )
    return {"api_token": issued.token.pk}
