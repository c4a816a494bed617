from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.demo.load import demo_load


class Command(BaseCommand):
    help = "Create the demo organisation and demo logins (development only; idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never in production)."
        )

    def handle(self, *args: Any, force: bool, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create demo accounts with known passwords while DEBUG is off."
            )
        org = demo_load()
        self.stdout.write(self.style.SUCCESS(f"Demo organisation ready: {org.name}"))
