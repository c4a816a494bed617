"""Writes for webhook endpoints and their deliveries, and the one way rooms raise events.

Rooms above this one call ``event_publish`` from their own services, inside the
transaction that makes the change: a delivery is recorded for each active endpoint of the
organisation that takes the event, and handed to the worker once the change commits.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.organisations.models import Organisation
from assessments.webhooks import events as event_names
from assessments.webhooks import payloads
from assessments.webhooks.addresses import AddressRefused, target_of
from assessments.webhooks.models import WebhookDelivery, WebhookEndpoint
from assessments.webhooks.tasks import deliver_webhook

Status = WebhookDelivery.Status


def new_secret() -> str:
    """A signing secret as Standard Webhooks writes them: ``whsec_`` and 32 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def _clean(url: str, events: Iterable[str]) -> tuple[str, list[str]]:
    try:
        target_of(url)
    except AddressRefused as refused:
        raise ValidationError(str(refused)) from refused
    chosen = [name for name in event_names.EVENTS if name in set(events)]
    if not chosen:
        raise ValidationError("Choose at least one event to send.")
    return url.strip(), chosen


@transaction.atomic
def endpoint_create(
    *,
    organisation: Organisation,
    url: str,
    events: Iterable[str],
    description: str = "",
    created_by: Any = None,
) -> WebhookEndpoint:
    url, chosen = _clean(url, events)
    return WebhookEndpoint.objects.create(
        organisation=organisation,
        url=url,
        events=chosen,
        description=description.strip(),
        secret=new_secret(),
        created_by=created_by,
    )


@transaction.atomic
def endpoint_update(
    *,
    endpoint: WebhookEndpoint,
    url: str,
    events: Iterable[str],
    description: str,
    is_active: bool,
) -> WebhookEndpoint:
    """Change the address, events or description, or turn sending off or on again."""
    endpoint.url, endpoint.events = _clean(url, events)
    endpoint.description = description.strip()
    endpoint.is_active = is_active
    if is_active:
        endpoint.disabled_reason = ""
    endpoint.save()
    return endpoint


def endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    endpoint.delete()  # its delivery log goes with it


def endpoint_roll_secret(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """A new signing secret; the old one signs nothing from now on."""
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret"])
    return endpoint


Data = Mapping[str, Any]


def _record(endpoints: list[WebhookEndpoint], event: str, data: Data) -> list[int]:
    at = timezone.now()
    body = payloads.body_of(event=event, data=data, at=at)
    made = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=endpoint,
            event=event,
            message_id=f"msg_{secrets.token_hex(16)}",
            body=body,
            next_attempt_at=at,
        )
        for endpoint in endpoints
    )
    ids = [delivery.pk for delivery in made]
    transaction.on_commit(lambda: _enqueue(ids))
    return ids


def _enqueue(ids: list[int]) -> None:
    for pk in ids:
        deliver_webhook.enqueue(pk)


def event_publish(
    *, organisation: Organisation | int, event: str, data: Data | Callable[[], Data]
) -> int:
    """Send ``event`` with ``data`` to every active endpoint of the organisation that takes
    it, once the current transaction commits. How many deliveries were recorded.

    ``data`` may be a function that makes it: called only when some endpoint takes the
    event, so an organisation without webhooks pays one query per event, no more."""
    if event not in event_names.EVENTS:
        raise ValueError(f"Unknown webhook event {event!r}")
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(organisation_id=org_id, is_active=True)
        if event in endpoint.events
    ]
    if not endpoints:
        return 0
    return len(_record(endpoints, event, data() if callable(data) else data))


@transaction.atomic
def endpoint_test(*, endpoint: WebhookEndpoint) -> int:
    """A test event to this endpoint alone, whatever events it takes; the delivery's id."""
    if not endpoint.is_active:
        raise ValidationError("Turn the endpoint on before sending it a test event.")
    data = {
        "organisation": payloads.organisation_data(endpoint.organisation),
        "endpoint": {"id": endpoint.pk, "url": endpoint.url},
        "message": "A test event from pmmaturity: if its signature checks out, your "
        "endpoint is ready.",
    }
    return _record([endpoint], event_names.TEST, data)[0]


@transaction.atomic
def delivery_retry(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Try a failed delivery (or one waiting for its next attempt) again, now."""
    if not delivery.can_retry:
        raise ValidationError("Only a failed delivery can be tried again.")
    if not delivery.endpoint.is_active:
        raise ValidationError("Turn the endpoint on before trying its deliveries again.")
    updated = WebhookDelivery.objects.filter(
        pk=delivery.pk, status__in=[Status.FAILED, Status.PENDING]
    ).update(status=Status.PENDING, next_attempt_at=timezone.now(), claimed_until=None)
    if updated:
        transaction.on_commit(lambda: _enqueue([delivery.pk]))
    delivery.refresh_from_db()
    return delivery
