"""Delivering webhooks for real: the worker posts signed events to an HTTPS receiver on
loopback, retries with backoff, stops at a 410 Gone, and never sends to a refused address."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from standardwebhooks.webhooks import Webhook

from assessments.webhooks import delivering, events, services
from assessments.webhooks.models import WebhookDelivery
from tests.background import run_tasks
from tests.factories import OrganisationFactory
from tests.webhooks.world import endpoint_for

pytestmark = pytest.mark.django_db

Status = WebhookDelivery.Status


def _publish(org, capture, event=events.ROUND_CLOSED, data=None) -> WebhookDelivery:
    with capture(execute=True):
        services.event_publish(organisation=org, event=event, data=data or {"round": {"id": 1}})
    return WebhookDelivery.objects.latest("pk")


def test_the_worker_delivers_a_signed_event_the_receiver_verifies(
    receiver, django_capture_on_commit_callbacks
):
    org = OrganisationFactory()
    endpoint = endpoint_for(org, receiver.url)
    assert endpoint.secret.startswith("whsec_")
    delivery = _publish(org, django_capture_on_commit_callbacks, data={"round": {"id": 7}})
    assert run_tasks() == 1
    [got] = receiver.requests
    assert got.path == "/hooks/pm"
    event = Webhook(endpoint.secret).verify(got.body, got.headers)
    assert event["type"] == "round.closed"
    assert event["data"] == {"round": {"id": 7}}
    assert got.headers["webhook-id"] == delivery.message_id
    assert got.headers["Content-Type"] == "application/json"
    delivery.refresh_from_db()
    assert delivery.status == Status.SUCCEEDED
    assert delivery.attempts == 1
    assert delivery.last_status_code == 200
    assert delivery.last_response == "status 200 from the test receiver"
    assert delivery.last_duration_ms is not None
    # Another secret does not verify it.
    with pytest.raises(Exception, match="signature"):
        Webhook(services.new_secret()).verify(got.body, got.headers)


def test_a_500_is_tried_again_after_the_backoff_then_delivered(
    receiver, django_capture_on_commit_callbacks
):
    org = OrganisationFactory()
    endpoint = endpoint_for(org, receiver.url)
    receiver.statuses = [500]
    delivery = _publish(org, django_capture_on_commit_callbacks)
    before = timezone.now()
    run_tasks()
    delivery.refresh_from_db()
    assert delivery.status == Status.PENDING
    assert delivery.attempts == 1
    assert delivery.last_status_code == 500
    assert delivery.next_attempt_at is not None
    assert delivery.next_attempt_at - before >= delivering.BACKOFF[0]
    # The worker has the next attempt queued for then, not before.
    queued = DBTaskResult.objects.filter(
        task_path="assessments.webhooks.tasks.deliver_webhook", status="READY"
    ).get()
    assert queued.run_after == delivery.next_attempt_at
    assert run_tasks() == 0  # not due yet
    # The next attempt, run as the worker will run it when it is due.
    attempted = delivering.attempt(delivery.pk, now=delivery.next_attempt_at)
    assert attempted.retry_at is None
    delivery.refresh_from_db()
    assert delivery.status == Status.SUCCEEDED
    assert delivery.attempts == 2
    first, second = receiver.requests
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == delivery.message_id
    assert first.body == second.body
    Webhook(endpoint.secret).verify(second.body, second.headers)


def test_failures_back_off_and_stop_after_five_attempts(
    receiver, django_capture_on_commit_callbacks
):
    org = OrganisationFactory()
    endpoint_for(org, receiver.url)
    receiver.statuses = [503] * 10
    delivery = _publish(org, django_capture_on_commit_callbacks)
    run_tasks()
    waits = []
    for _ in range(delivering.MAX_ATTEMPTS - 1):
        delivery.refresh_from_db()
        assert delivery.next_attempt_at is not None
        assert delivery.last_attempt_at is not None
        waits.append(delivery.next_attempt_at - delivery.last_attempt_at)
        delivering.attempt(delivery.pk, now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED
    assert delivery.attempts == delivering.MAX_ATTEMPTS == len(receiver.requests) == 5
    # Each wait is the backoff's, growing to hours (the clock moved a little during sends).
    for wait, planned in zip(waits, delivering.BACKOFF, strict=True):
        assert planned <= wait < planned + timedelta(seconds=5)
    assert sum(delivering.BACKOFF, timedelta()) > timedelta(hours=5)


def test_a_410_gone_turns_the_endpoint_off(receiver, django_capture_on_commit_callbacks):
    org = OrganisationFactory()
    endpoint = endpoint_for(org, receiver.url)
    receiver.statuses = [410]
    delivery = _publish(org, django_capture_on_commit_callbacks)
    run_tasks()
    delivery.refresh_from_db()
    endpoint.refresh_from_db()
    assert delivery.status == Status.FAILED
    assert delivery.last_status_code == 410
    assert not endpoint.is_active
    assert "410 Gone" in endpoint.disabled_reason
    # Nothing more is sent to it.
    assert services.event_publish(organisation=org, event=events.ROUND_CLOSED, data={}) == 0


def test_a_timeout_or_a_refused_connection_is_tried_again(
    settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    org = OrganisationFactory()
    endpoint_for(org, "https://127.0.0.1:9/nothing-listens")  # the discard port: refused
    delivery = _publish(org, django_capture_on_commit_callbacks)
    run_tasks()
    delivery.refresh_from_db()
    assert delivery.status == Status.PENDING
    assert delivery.last_status_code is None
    assert delivery.last_error.startswith("Could not connect")


def test_an_address_that_turned_private_is_refused_at_delivery(
    receiver, settings, django_capture_on_commit_callbacks
):
    org = OrganisationFactory()
    endpoint_for(org, receiver.url)
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False  # as if its name now pointed inside
    delivery = _publish(org, django_capture_on_commit_callbacks)
    run_tasks()
    delivery.refresh_from_db()
    assert receiver.requests == []
    assert delivery.status == Status.PENDING
    assert "private network" in delivery.last_error


def test_only_active_endpoints_taking_the_event_get_it(
    receiver, django_capture_on_commit_callbacks
):
    org = OrganisationFactory()
    taking = endpoint_for(org, receiver.url, only=[events.ROUND_OPENED])
    endpoint_for(org, receiver.url, only=[events.RESULTS_REFRESHED])
    off = endpoint_for(org, receiver.url, only=[events.ROUND_OPENED])
    off.is_active = False
    off.save()
    endpoint_for(OrganisationFactory(), receiver.url)  # another organisation's
    with django_capture_on_commit_callbacks(execute=True):
        made = services.event_publish(organisation=org, event=events.ROUND_OPENED, data={})
    assert made == 1
    assert WebhookDelivery.objects.get().endpoint == taking
    run_tasks()
    assert json.loads(receiver.requests[0].body)["type"] == "round.opened"


def test_a_stalled_send_is_sent_again_and_old_log_rows_are_pruned(
    receiver, django_capture_on_commit_callbacks
):
    from assessments.webhooks.scheduled import prune_webhook_log

    org = OrganisationFactory()
    endpoint_for(org, receiver.url)
    stalled = _publish(org, django_capture_on_commit_callbacks)
    DBTaskResult.objects.all().delete()  # its worker died with it
    WebhookDelivery.objects.filter(pk=stalled.pk).update(
        status=Status.SENDING, claimed_until=timezone.now() - timedelta(seconds=1)
    )
    old = _publish(org, django_capture_on_commit_callbacks)
    WebhookDelivery.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    assert prune_webhook_log() == "1 old deliveries deleted, 1 stalled ones sent again"
    assert not WebhookDelivery.objects.filter(pk=old.pk).exists()
    run_tasks()
    stalled.refresh_from_db()
    assert stalled.status == Status.SUCCEEDED
