from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from assessments.demo import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print where the app runs and the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args: Any, url: str, **options: Any) -> None:
        width = max(len(login.username) for login in DEMO_LOGINS)
        lines = [
            "",
            f"  pmmaturity is starting at {url}",
            f"  Admin: {url}admin/",
            f"  Demo logins (password for all: {DEMO_PASSWORD}):",
            *(f"    {login.username.ljust(width)}  {login.what}" for login in DEMO_LOGINS),
            "",
        ]
        self.stdout.write("\n".join(lines))
