"""A person's own API tokens: anyone else's is a 404, as another organisation's object is."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from assessments.api.models import ApiToken


def own_token(user: Any, pk: int) -> ApiToken:
    return get_object_or_404(ApiToken, user_id=user.pk, pk=pk)
