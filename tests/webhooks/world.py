"""Endpoints for the webhook tests and the permission matrix's world."""

from __future__ import annotations

from typing import Any

from assessments.webhooks import events, services
from assessments.webhooks.models import WebhookDelivery, WebhookEndpoint


def endpoint_for(organisation, url: str, *, only: list[str] | None = None) -> WebhookEndpoint:
    return services.endpoint_create(
        organisation=organisation, url=url, events=only or list(events.EVENTS)
    )


def webhooks_world(organisation, other_organisation) -> dict[str, Any]:
    """An endpoint with a failed delivery in the organisation, and one in another."""
    endpoint = endpoint_for(organisation, "https://93.184.215.14/hooks")
    failed = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=events.ROUND_CLOSED,
        message_id="msg_world_failed",
        body="{}",
        status=WebhookDelivery.Status.FAILED,
        attempts=5,
        last_status_code=500,
    )
    foreign = endpoint_for(other_organisation, "https://93.184.215.14/theirs")
    return {
        "webhook": endpoint.pk,
        "webhook_delivery": failed.pk,
        "foreign_webhook": foreign.pk,
    }
