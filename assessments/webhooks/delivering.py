"""Attempts at delivering: claim a delivery that is due, send it, record how it went and
when to try again.

A 2xx answer delivers it. A 410 Gone says the receiver is gone for good: the endpoint is
turned off. Anything else (another status, a timeout, a refused address) is tried again
after a growing wait, five attempts in all over about five hours, then it has failed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.formats import date_format

from assessments.webhooks import sending
from assessments.webhooks.models import WebhookDelivery, WebhookEndpoint

# The wait after each failed attempt: after the fifth, no more.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=10),
    timedelta(hours=1),
    timedelta(hours=4),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
# A worker sending holds the delivery this long (well over the send's own timeouts).
LEASE = timedelta(minutes=1)
GONE = 410

Status = WebhookDelivery.Status


@dataclass(frozen=True)
class Attempted:
    summary: str
    retry_at: datetime | None = None  # when the next attempt is due, if there is one


def next_wait(attempts: int) -> timedelta | None:
    """How long to wait after this many failed attempts; None when they are used up."""
    return BACKOFF[attempts - 1] if 0 < attempts < MAX_ATTEMPTS else None


def attempt(delivery_id: int, *, now: datetime | None = None) -> Attempted:
    """Send the delivery if it is due and nobody else is sending it."""
    now = now or timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=Status.PENDING, next_attempt_at__lte=now
    ).update(status=Status.SENDING, claimed_until=now + LEASE)
    if not claimed:
        return Attempted("not due, or sent already")
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        _record(delivery, Status.FAILED, error="Not sent: the endpoint is turned off.")
        return Attempted("endpoint turned off")
    sent_at = timezone.now()
    headers = sending.signed_headers(
        secret=endpoint.secret, message_id=delivery.message_id, at=sent_at, body=delivery.body
    )
    answer = sending.post(url=endpoint.url, body=delivery.body, headers=headers)
    return _outcome(delivery, answer, sent_at)


def _outcome(delivery: WebhookDelivery, answer: sending.Answer, sent_at: datetime) -> Attempted:
    attempts = delivery.attempts + 1
    said = {
        "attempts": attempts,
        "last_attempt_at": sent_at,
        "last_status_code": answer.status,
        "last_response": answer.body,
        "last_duration_ms": answer.duration_ms,
        "last_error": answer.error,
    }
    if answer.succeeded:
        _record(delivery, Status.SUCCEEDED, **said)
        return Attempted(f"delivered ({answer.status})")
    if answer.status == GONE:
        _record(delivery, Status.FAILED, **said)
        WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).update(
            is_active=False,
            disabled_reason=(
                f"Turned off on {date_format(timezone.localtime(sent_at), 'j F Y')}: the "
                "receiver answered 410 Gone, which says it no longer takes events."
            ),
        )
        return Attempted("410 Gone: endpoint turned off")
    wait = next_wait(attempts)
    if wait is None:
        _record(delivery, Status.FAILED, **said)
        return Attempted(f"failed after {attempts} attempts")
    retry_at = timezone.now() + wait
    _record(delivery, Status.PENDING, next_attempt_at=retry_at, **said)
    return Attempted(f"attempt {attempts} failed; next at {retry_at.isoformat()}", retry_at)


def _record(delivery: WebhookDelivery, status: str, **fields: object) -> None:
    fields.setdefault("next_attempt_at", None)
    WebhookDelivery.objects.filter(pk=delivery.pk, status=Status.SENDING).update(
        status=status, claimed_until=None, **fields
    )


def recover_stalled(now: datetime | None = None) -> list[int]:
    """Deliveries whose worker stopped mid-send: due again now. Their ids, to enqueue."""
    now = now or timezone.now()
    stalled = list(
        WebhookDelivery.objects.filter(status=Status.SENDING, claimed_until__lt=now).values_list(
            "pk", flat=True
        )
    )
    WebhookDelivery.objects.filter(pk__in=stalled, status=Status.SENDING).update(
        status=Status.PENDING, claimed_until=None, next_attempt_at=now
    )
    return stalled


def prune(*, older_than: timedelta, now: datetime | None = None) -> int:
    """Delete the log's deliveries made longer ago than ``older_than``."""
    cutoff = (now or timezone.now()) - older_than
    deleted, _ = WebhookDelivery.objects.filter(created_at__lt=cutoff).delete()
    return deleted
