"""Email leaves the web request: each message is a background task (django-tasks).

Queued in the same transaction as whatever it announces, so a message goes out only for
something that was saved, and a slow or failing mail server never holds up a page.
"""

from __future__ import annotations

from typing import Any

from django.core.mail import send_mail
from django_tasks import task
from django_tasks_db.models import DBTaskResult

FORGOTTEN = {"args": ["(removed after sending)", "", []], "kwargs": {}}


@task(queue_name="email")
def send_email(subject: str, body: str, to: list[str]) -> int:
    return send_mail(subject=subject, message=body, from_email=None, recipient_list=to)


@task(queue_name="email", takes_context=True)
def send_private_email(context: Any, subject: str, body: str, to: list[str]) -> int:
    """Send, then forget: the address and the secret link in the body are wiped from the
    task's stored arguments, whether the send worked or not."""
    try:
        return send_mail(subject=subject, message=body, from_email=None, recipient_list=to)
    finally:
        DBTaskResult.objects.filter(id=context.task_result.id).update(args_kwargs=FORGOTTEN)


def queue_email(*, subject: str, body: str, to: str, private: bool = False) -> None:
    """Queue one message. ``private``: the address must not be kept once it is sent (a
    respondent in an anonymous round emailing themselves their link)."""
    (send_private_email if private else send_email).enqueue(subject, body, [to])
