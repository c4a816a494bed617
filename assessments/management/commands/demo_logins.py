from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from assessments.demo.load import DEMO_LOGINS, DEMO_PASSWORD
from assessments.models import Invitation
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
            f"  Demo logins (password for all: {DEMO_PASSWORD}):",
            *(f"    {login.username.ljust(width)}  {login.what}" for login in DEMO_LOGINS),
            *links,
            "",
        ]
        self.stdout.write("\n".join(lines))
