from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frameworks.loader import dump_content, export_version
from frameworks.models import FrameworkVersion


class Command(BaseCommand):
    help = "Write a framework version in the content-file format (to stdout or --output)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("framework", help="Framework slug, e.g. pm-maturity.")
        parser.add_argument("version", help="Version label, e.g. 1.0.")
        parser.add_argument("-o", "--output", type=Path, help="File to write instead of stdout.")

    def handle(
        self, *args: Any, framework: str, version: str, output: Path | None, **options: Any
    ) -> None:
        found = (
            FrameworkVersion.objects.select_related("framework")
            .filter(framework__slug=framework, label=version)
            .first()
        )
        if found is None:
            known = ", ".join(
                f"{v.framework.slug} {v.label}"
                for v in FrameworkVersion.objects.select_related("framework")
            )
            raise CommandError(f"No version {framework} {version}. Known: {known or 'none'}.")
        text = dump_content(export_version(found))
        if output:
            output.write_text(text, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Wrote {output}"))
        else:
            self.stdout.write(text, ending="")
