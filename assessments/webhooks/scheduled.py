"""The webhooks room's scheduled job (``pmmaturity.schedule``): every ten minutes, hand
again to the worker the deliveries whose worker stopped mid-send, and delete the delivery
log's rows older than WEBHOOKS_LOG_DAYS."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from assessments.webhooks import delivering
from assessments.webhooks.tasks import deliver_webhook
from pmmaturity import schedule


@schedule.job("prune-webhook-log", every=timedelta(minutes=10))
def prune_webhook_log() -> str:
    stalled = delivering.recover_stalled()
    for pk in stalled:
        deliver_webhook.enqueue(pk)
    deleted = delivering.prune(older_than=timedelta(days=settings.WEBHOOKS_LOG_DAYS))
    return f"{deleted} old deliveries deleted, {len(stalled)} stalled ones sent again"
