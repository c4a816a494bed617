"""Reads for the webhooks pages: endpoints with how their deliveries went, and the log."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from assessments.organisations.models import Organisation
from assessments.webhooks.models import WebhookDelivery, WebhookEndpoint

LOG_SHOWN = 50  # the delivery log page shows this many of an endpoint's latest deliveries


def endpoints_of(organisation: Organisation) -> QuerySet[WebhookEndpoint]:
    """The organisation's endpoints, each with its count of failed deliveries."""
    failed = Q(deliveries__status=WebhookDelivery.Status.FAILED)
    return WebhookEndpoint.objects.filter(organisation=organisation).annotate(
        failed_count=Count("deliveries", filter=failed)
    )


def delivery_log(endpoint: WebhookEndpoint) -> list[WebhookDelivery]:
    """The endpoint's latest deliveries, newest first (without their bodies)."""
    return list(endpoint.deliveries.defer("body").order_by("-created_at", "-pk")[:LOG_SHOWN])
