"""Who may manage an organisation's webhooks: its admins and consultants (the serving
firm's consultant may what an admin may). Another organisation's endpoint is a 404."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from assessments.organisations.access import OrgAccess, org_access, require_manager
from assessments.webhooks.models import WebhookDelivery, WebhookEndpoint


def webhooks_access(request: HttpRequest, slug: str) -> OrgAccess:
    access = org_access(request, slug)
    require_manager(access)
    return access


def endpoint_in(access: OrgAccess, pk: int) -> WebhookEndpoint:
    return get_object_or_404(WebhookEndpoint, organisation=access.organisation, pk=pk)


def delivery_in(endpoint: WebhookEndpoint, pk: int) -> WebhookDelivery:
    return get_object_or_404(
        WebhookDelivery.objects.select_related("endpoint"), endpoint=endpoint, pk=pk
    )
