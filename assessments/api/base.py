"""What every endpoint stands on: who is calling, what they may do, and in which organisation.

``ApiView`` checks the caller (a token or a session), that a read-only token only reads, and
how often they call. ``OrgApiView`` also finds the organisation named in the URL (``slug``)
through the same access module as the pages: outside the caller's organisations, or outside
their token's one, everything is a 404; inside, the pages' access helpers refuse a role that
may not act (403) with the pages' words. ``self.access`` is the caller's ``OrgAccess``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import generics, mixins, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from assessments.api.authentication import TokenAuth
from assessments.api.permissions import Pagination, TokenScopeAllows
from assessments.organisations.access import OrgAccess, org_access


class ApiView(generics.GenericAPIView):
    """An endpoint for signed-in callers (a token or a session)."""

    permission_classes = [permissions.IsAuthenticated, TokenScopeAllows]
    pagination_class = Pagination


def organisation_access(request: Request, slug: str) -> OrgAccess:
    """The caller's access to the organisation ``slug``: a token reaches its own organisation
    only; a session, any the person belongs to. Anything else is a 404."""
    if isinstance(request.auth, TokenAuth):
        if request.auth.access.organisation.slug != slug:
            raise Http404
        return request.auth.access
    # DRF hands the caller it found to the underlying request too.
    return org_access(request._request, slug)


class OrgApiView(ApiView):
    """An endpoint inside one organisation, named by ``<slug:slug>`` in its URL."""

    access: OrgAccess

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # authentication, permissions, throttles
        self.access = organisation_access(request, kwargs["slug"])


class ListApiView(mixins.ListModelMixin, ApiView):
    """A list, a page at a time: say ``get_queryset`` and ``serializer_class``."""

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)


class OrgListApiView(mixins.ListModelMixin, OrgApiView):
    """A list inside one organisation, a page at a time: say ``get_queryset`` (from
    ``self.access``) and ``serializer_class``."""

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)


@contextmanager
def refusals_for(field: str) -> Iterator[None]:
    """A service's refusal (Django's ValidationError, in the pages' words) as a 400 on
    ``field``: ``with refusals_for("name"): services.team_create(...)``."""
    try:
        yield
    except DjangoValidationError as exc:
        raise serializers.ValidationError({field: exc.messages}) from exc


def form_refused(form: forms.Form) -> serializers.ValidationError:
    """A page's form's errors, in the page's words, as the API's 400 (``non_field_errors``
    for the form's own): ``if not form.is_valid(): raise form_refused(form)``."""
    return serializers.ValidationError(
        {
            ("non_field_errors" if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in form.errors.items()
        }
    )
