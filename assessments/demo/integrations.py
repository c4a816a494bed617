"""The demo's ties to other tools: an API token a BI tool uses, a team lead's calendar feed of
their roadmap and the intranet's webhook, so those pages show what they look like in use."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from assessments.api.models import ApiToken
from assessments.api.services import token_issue
from assessments.calendars.models import CalendarFeed
from assessments.calendars.services import feed_create
from assessments.organisations.models import Organisation
from assessments.roadmaps.announcements import action_data
from assessments.roadmaps.models import Roadmap
from assessments.rounds.announcements import round_data
from assessments.webhooks import events
from assessments.webhooks.models import WebhookDelivery, WebhookEndpoint
from assessments.webhooks.payloads import body_of
from assessments.webhooks.services import endpoint_create

BI_TOKEN_NAME = "Power BI: maturity dashboard"  # noqa: S105 (a name, not a secret)


def demo_integrations(org: Organisation, users: dict[str, Any]) -> None:
    hannah, tom = users["hannah"], users["tom"]
    if not ApiToken.objects.filter(user=hannah, name=BI_TOKEN_NAME).exists():
        issued = token_issue(user=hannah, organisation=org, name=BI_TOKEN_NAME, scope="read")
        ApiToken.objects.filter(pk=issued.token.pk).update(  # made a month ago, used since
            created_at=timezone.now() - timedelta(days=30),
            last_used_at=timezone.now() - timedelta(hours=3),
        )
    road = (
        Roadmap.objects.filter(assessment__organisation=org, team__name="Checkout")
        .order_by("-assessment__opens_at")
        .first()
    )
    if road is None:
        return
    demo_webhook(org, hannah, road)
    if not CalendarFeed.objects.filter(user=tom, roadmap=road).exists():
        feed = feed_create(user=tom, organisation=org, roadmap=road).feed
        CalendarFeed.objects.filter(pk=feed.pk).update(  # made a while ago, fetched since
            created_at=timezone.now() - timedelta(days=20),
            last_fetched_at=timezone.now() - timedelta(minutes=40),
        )


INTRANET_HOOK = "https://intranet.brightwater.example/hooks/pmmaturity"
# (event, attempts, last status code, how long the last answer took in ms, what it said)
HOOK_LOG = [
    (events.RESULTS_REFRESHED, 1, 200, 184, '{"received": true}'),
    (events.RESULTS_REFRESHED, 2, 200, 212, '{"received": true}'),
    (events.ROADMAP_ACTION_CHANGED, 5, 503, 10_000, "Service Unavailable"),
    (events.ROADMAP_ACTION_CHANGED, 1, 200, 96, '{"received": true}'),
]


def demo_webhook(org: Organisation, hannah: Any, road: Roadmap) -> None:
    """The intranet's maturity page, told when rounds close and results change, with the
    log of its last few deliveries (one of them failed: the intranet was down that night)."""
    if WebhookEndpoint.objects.filter(organisation=org).exists():
        return
    endpoint = endpoint_create(
        organisation=org,
        url=INTRANET_HOOK,
        events=[events.ROUND_CLOSED, events.RESULTS_REFRESHED, events.ROADMAP_ACTION_CHANGED],
        description="Intranet: the product maturity page",
        created_by=hannah,
    )
    # The log is of the last few days (older deliveries are pruned after WEBHOOKS_LOG_DAYS):
    # the open round's results refreshed as answers came in, and a roadmap changed.
    now = timezone.now()
    still_open = org.assessments.filter(closes_at__gt=now, closed_early_at=None)
    latest = still_open.order_by("-opens_at").first() or road.assessment
    action = road.actions.order_by("pk").first()
    start = now - timedelta(days=5)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(created_at=now - timedelta(days=40))
    for n, (event, attempts, code, ms, said) in enumerate(HOOK_LOG):
        if event != events.ROADMAP_ACTION_CHANGED:
            data = round_data(latest)
        elif action is not None:
            data = action_data(action, ["status"])
        else:
            continue  # content without recommendations makes roadmaps without actions
        at = start + timedelta(hours=n * 29)
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint,
            event=event,
            message_id=f"msg_demo{n}{endpoint.pk:08x}",
            body=body_of(event=event, data=data, at=at),
            status=WebhookDelivery.Status.SUCCEEDED
            if code < 300
            else WebhookDelivery.Status.FAILED,
            attempts=attempts,
            last_attempt_at=at + timedelta(minutes=(0, 1, 305, 0)[n]),
            last_status_code=code,
            last_response=said,
            last_duration_ms=ms,
            last_error="" if code < 300 else "The endpoint answered 503 five times; we stopped.",
        )
        # Raised back then, not as the demo loads (created_at is stamped on creation).
        WebhookDelivery.objects.filter(pk=delivery.pk).update(created_at=at)
