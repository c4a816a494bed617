"""Signing up and confirming an address the way a person does: through the pages and the
email (sent by a background task, run here as a worker would)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.background import run_tasks

PASSPHRASE = "a-long-enough-passphrase-7"


def saved_and_confirmed(user: Any, *, create: bool, confirmed: bool) -> None:
    """UserFactory's last step: the account saved, its address confirmed as every account
    that can log in has (``UserFactory(confirmed=False)``: not yet confirmed)."""
    if not create:
        return
    user.save()
    if user.email:
        EmailAddress.objects.get_or_create(
            user=user, email=user.email.lower(), defaults={"verified": confirmed, "primary": True}
        )


def sign_up(client: Any, username: str, email: str, *, next_url: str = "") -> Any:
    """Post the sign-up form; returns the response (no account is usable before confirming)."""
    url = reverse("signup") + (f"?{urlencode({'next': next_url})}" if next_url else "")
    return client.post(
        url,
        {
            "username": username,
            "first_name": username.title(),
            "email": email,
            "password1": PASSPHRASE,
            "password2": PASSPHRASE,
        },
    )


def emails_to(address: str) -> list[Any]:
    """Every message sent so far to this address (after running the queued mail tasks)."""
    run_tasks()
    return [m for m in mail.outbox if address.lower() in (to.lower() for to in m.to)]


def confirmation_link(address: str) -> str:
    """The path of the newest confirmation link emailed to this address."""
    [*_, message] = [m for m in emails_to(address) if "/accounts/confirm-email/" in m.body]
    return re.search(r"https?://testserver(/accounts/confirm-email/\S+/)", message.body).group(1)


def confirm(client: Any, address: str) -> Any:
    """Open the confirmation link from the mailbox and press Confirm, as its owner would."""
    link = confirmation_link(address)
    assert client.get(link).status_code == 200
    return client.post(link)
