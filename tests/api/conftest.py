from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from assessments.api.services import token_issue


def bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def make_token():
    """A token's secret and row: make_token(user, organisation, scope="write")."""

    def make(user, organisation, scope: str = "write", name: str = "Script"):
        issued = token_issue(user=user, organisation=organisation, name=name, scope=scope)
        return issued.secret, issued.token

    return make


@pytest.fixture
def owner_api(owner, organisation, make_token):
    """An organisation admin's write token, as a client."""
    return bearer(make_token(owner, organisation)[0])
