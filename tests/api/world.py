"""What the URL-wide tests' world holds for the API (tests/conftest.py adds it to the world
the factories build): a token of the owner's."""

from __future__ import annotations

from typing import Any


def api_world(world: dict[str, Any]) -> dict[str, int]:
    from assessments.api.services import token_issue
    from assessments.models import Organisation

    issued = token_issue(
        user=world["users"]["owner"],
        organisation=Organisation.objects.get(slug=world["org"]),
        name="Nightly export",
        scope="read",
    )
    return {"api_token": issued.token.pk}
