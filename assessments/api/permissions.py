"""Whether a token's scope allows the call, and how lists are cut into pages.

Named in REST_FRAMEWORK's defaults, so this module imports nothing of DRF's views (DRF reads
its defaults while importing them).
"""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from assessments.api.authentication import TokenAuth

READ_ONLY_REFUSAL = (
    "This token can only read. To make changes, create a token with write access on your "
    "account's API tokens page."
)


class TokenScopeAllows(permissions.BasePermission):
    """GET, HEAD and OPTIONS read; every other method writes, which a read token may not."""

    message = READ_ONLY_REFUSAL

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return not isinstance(request.auth, TokenAuth) or request.auth.can_write


class Pagination(PageNumberPagination):
    """Lists come a page at a time: ``?page=2``, and up to 200 rows with ``?page_size=``."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
