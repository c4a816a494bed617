from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from assessments.api.models import ApiToken
from assessments.api.services import token_issue, token_revoke
from assessments.demo.load import DEMO_LOGINS, DEMO_PASSWORD, ORGANISATION
from assessments.models import Invitation, Organisation
from assessments.rounds.services import invitation_token


class Command(BaseCommand):
    help = "Print where the app runs and the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args: Any, url: str, **options: Any) -> None:
        width = max(len(login.username) for login in DEMO_LOGINS)
        links = []
        invitation = (
            Invitation.objects.filter(
                kind=Invitation.Kind.TEAM,
                revoked_at__isnull=True,
                assessment__organisation__slug="brightwater",
                assessment__closed_early_at__isnull=True,
                team__name="Checkout",
            )
            .order_by("-assessment__opens_at")
            .first()
        )
        if invitation is not None:
            token = invitation_token(invitation)
            links = [f"  Answer as a respondent (Checkout team link, no login): {url}t/{token}/"]
        lines = [
            "",
            f"  pmmaturity is starting at {url}",
            f"  Admin: {url}admin/",
            *_api_lines(url),
            f"  Demo logins (password for all: {DEMO_PASSWORD}):",
            *(f"    {login.username.ljust(width)}  {login.what}" for login in DEMO_LOGINS),
            *links,
            "",
        ]
        self.stdout.write("\n".join(lines))


RUN_TOKEN_NAME = "Tried from the terminal (make run)"  # noqa: S105 (a name, not a secret)


def _api_lines(url: str) -> list[str]:
    """The API's docs, and a fresh read-only token of Hannah's to try it with; the one the
    last run printed stops working, so a terminal's old scrollback opens nothing."""
    hannah = get_user_model().objects.filter(username="hannah").first()
    organisation = Organisation.objects.filter(slug=ORGANISATION[1]).first()
    if hannah is None or organisation is None:
        return []
    for old in ApiToken.objects.filter(user=hannah, name=RUN_TOKEN_NAME, revoked_at=None):
        token_revoke(token=old)
    issued = token_issue(user=hannah, organisation=organisation, name=RUN_TOKEN_NAME, scope="read")
    return [
        f"  API docs: {url}api/v1/docs/",
        f"  Try the API (Hannah's read-only token, revoked at the next start): curl -H "
        f"'Authorization: Bearer {issued.secret}' {url}api/v1/organisations/{organisation.slug}/",
    ]
