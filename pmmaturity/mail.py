"""Email leaves the web request: each message is a background task (django-tasks).

Queued in the same transaction as whatever it announces, so a message goes out only for
something that was saved, and a slow or failing mail server never holds up a page.
"""

from __future__ import annotations

from django.core.mail import send_mail
from django_tasks import task


@task(queue_name="email")
def send_email(subject: str, body: str, to: list[str]) -> int:
    return send_mail(subject=subject, message=body, from_email=None, recipient_list=to)


def queue_email(*, subject: str, body: str, to: str) -> None:
    send_email.enqueue(subject, body, [to])
