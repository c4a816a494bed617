"""The background task that delivers a webhook (run by `manage.py worker`)."""

from __future__ import annotations

from django_tasks import task

from assessments.webhooks import delivering


@task(queue_name="webhooks")
def deliver_webhook(delivery_id: int) -> str:
    attempted = delivering.attempt(delivery_id)
    if attempted.retry_at is not None:
        deliver_webhook.using(run_after=attempted.retry_at).enqueue(delivery_id)
    return attempted.summary
