"""Every refusal as JSON ``{"detail": "..."}`` in plain words, whatever raised it.

The access helpers the pages use raise Django's Http404 and PermissionDenied (with a message
meant for people); here they become DRF's 404 and 403 with the same words. Invalid fields
answer 400 with a summary in ``detail`` and each field's messages in ``fields``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

NOT_FOUND = "Not found: there is no such thing in an organisation you belong to."
NOT_ALLOWED = "Your role in this organisation does not allow this."
SIGN_IN = (
    "Send an API token (Authorization: Bearer pmm_…), or sign in. "
    "You can create a token on your account's API tokens page."
)
INVALID = "Some of what you sent is not valid: see fields."
NOT_JSON = "The body is not valid JSON. Send a JSON object, with Content-Type: application/json."
JSON_ONLY = "Send the body as JSON, with Content-Type: application/json."


def _translated(exc: Exception) -> Exception:
    if isinstance(exc, Http404):
        # Never the model's name nor whether it exists elsewhere: one answer for all.
        return exceptions.NotFound(NOT_FOUND)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or NOT_ALLOWED)
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError({"non_field_errors": exc.messages})
    # DRF's own refusals keep their status and headers (a 401's WWW-Authenticate, a 429's
    # Retry-After); only their words change.
    if isinstance(exc, exceptions.NotAuthenticated):
        exc.detail = exceptions.ErrorDetail(SIGN_IN, exc.default_code)
    elif isinstance(exc, exceptions.ParseError):
        exc.detail = exceptions.ErrorDetail(NOT_JSON, exc.default_code)
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        exc.detail = exceptions.ErrorDetail(JSON_ONLY, exc.default_code)
    elif isinstance(exc, exceptions.Throttled):
        when = f" Try again in {int(exc.wait) + 1} seconds." if exc.wait is not None else ""
        exc.detail = exceptions.ErrorDetail(f"Too many requests.{when}", exc.default_code)
    return exc


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    exc = _translated(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None  # not a refusal we know: a real error, left to Django's 500
    if isinstance(exc, exceptions.ValidationError):
        fields = _fields(response.data)
        general = fields.get("non_field_errors")
        detail = INVALID
        if list(fields) == ["non_field_errors"] and isinstance(general, list):
            detail = " ".join(str(m) for m in general)
        response.data = {"detail": detail, "fields": fields}
    return response


def _fields(data: Any) -> dict[str, Any]:
    if isinstance(data, dict):
        return data
    return {"non_field_errors": data if isinstance(data, list) else [data]}
