"""The webhooks room's rows of the permission matrix (tests/test_permissions.py).

Organisation admins and consultants (the serving firm's consultant may what an admin may)
manage webhooks; team leads and members get a 403; anyone outside the organisation a 404,
and a manager asking for another organisation's endpoint a 404 too. An empty POST to a form is refused with the form
again (400); a valid one writes (302). The world's endpoint and its failed delivery come
from tests/webhooks/world.py.
"""

from __future__ import annotations

from typing import Any

from tests.matrix_rows import Expect, MatrixRows

HOOKS = "/o/{org}/webhooks/"
HOOK = HOOKS + "{webhook}/"


def _endpoints(world: dict[str, Any]) -> list[tuple[str, list[str], bool]]:
    from assessments.webhooks.models import WebhookEndpoint

    return list(
        WebhookEndpoint.objects.filter(organisation__slug=world["org"])
        .order_by("pk")
        .values_list("url", "events", "is_active")
    )


def _secret(world: dict[str, Any]) -> str:
    from assessments.webhooks.models import WebhookEndpoint

    return WebhookEndpoint.objects.get(pk=world["webhook"]).secret


def _deliveries(world: dict[str, Any]) -> int:
    from assessments.webhooks.models import WebhookDelivery

    return WebhookDelivery.objects.filter(endpoint_id=world["webhook"]).count()


def _delivery_state(world: dict[str, Any]) -> tuple[str, Any]:
    from assessments.webhooks.models import WebhookDelivery

    return WebhookDelivery.objects.values_list("status", "next_attempt_at").get(
        pk=world["webhook_delivery"]
    )


def webhook_rows(expect: Expect, login: dict[str, int]) -> MatrixRows:
    """Every page and write of the room, for every kind of visitor."""
    outside = {"outsider": 404, "staff": 404, "member": 403, "team_lead": 403}
    page = expect(200, **login, **outside)
    form = expect(400, **login, **outside)
    post = expect(302, **login, **outside)
    return MatrixRows(
        urls={
            "orgs:webhooks": ("get", HOOKS, page),
            "orgs:webhook_create": ("get", HOOKS + "new/", page),
            "webhook, added": ("post", HOOKS + "new/", form),
            "orgs:webhook": ("get", HOOK, page),
            "orgs:webhook_edit": ("get", HOOK + "edit/", page),
            "webhook, saved": ("post", HOOK + "edit/", form),
            "orgs:webhook_delete": ("get", HOOK + "delete/", page),
            "webhook, deleted": ("post", HOOK + "delete/", post),
            "orgs:webhook_roll_secret": ("post", HOOK + "roll-secret/", post),
            "orgs:webhook_test": ("post", HOOK + "test/", post),
            "orgs:webhook_delivery_retry": (
                "post",
                HOOK + "deliveries/{webhook_delivery}/retry/",
                post,
            ),
            "another organisation's webhook": (
                "get",
                HOOKS + "{foreign_webhook}/",
                expect(404, **login, member=403, team_lead=403),
            ),
            "another organisation's webhook, deleted": (
                "post",
                HOOKS + "{foreign_webhook}/delete/",
                expect(404, **login, member=403, team_lead=403),
            ),
        },
        writes={
            "webhook, added": (
                {"url": "https://93.184.215.14/added", "events": "round.opened"},
                "webhook endpoints",
            ),
            "webhook, saved": (
                {"url": "https://93.184.215.14/moved", "events": "round.closed"},
                "webhook endpoints",
            ),
            "webhook, deleted": ({}, "webhook endpoints"),
            "orgs:webhook_roll_secret": ({}, "webhook secret"),
            "orgs:webhook_test": ({}, "webhook deliveries"),
            "orgs:webhook_delivery_retry": ({}, "webhook delivery"),
        },
        statuses={"webhook, added": post, "webhook, saved": post},
        states={
            "webhook endpoints": _endpoints,
            "webhook secret": _secret,
            "webhook deliveries": _deliveries,
            "webhook delivery": _delivery_state,
        },
    )
