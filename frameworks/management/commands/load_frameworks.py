from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frameworks.loader import CONTENT_DIR, ContentError, content_files, load_content_files


class Command(BaseCommand):
    help = (
        "Load framework content files (default: every file in frameworks/content/). "
        "Idempotent; all files load or none do; frozen versions are never changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", type=Path, help="Content files to load.")

    def handle(self, *args: Any, paths: list[Path], **options: Any) -> None:
        files = paths or content_files()
        if not files:
            raise CommandError(f"No content files found in {CONTENT_DIR}.")
        try:
            results = load_content_files(files)
        except ContentError as exc:
            raise CommandError(f"Nothing was loaded.\n{exc}") from exc
        for result in results:
            style = self.style.SUCCESS if result.outcome != "unchanged" else str
            self.stdout.write(style(str(result)))
