"""How allauth's account flows fit the app: their emails leave the request like ours do.

Sign-up, email confirmation and password reset are django-allauth's; this adapter only sends
their messages through ``pmmaturity.mail`` (a background task), as private messages: a
confirmation or reset link is a secret, so it is wiped from the task's stored arguments once
sent.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from pmmaturity.mail import queue_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        request = allauth_context.request
        site = get_current_site(request)
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": site, **context},
        )
        queue_email(subject=message.subject, body=str(message.body), to=email, private=True)

    def format_email_subject(self, subject: str) -> str:
        return f"pmmaturity: {subject}"


class LoginForm(AllauthLoginForm):
    """allauth's login form in our words; the page links to a password reset itself."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username or email address"
        self.fields["password"].help_text = ""
