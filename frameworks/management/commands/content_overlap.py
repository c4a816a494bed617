"""Report runs of words a content file shares with reference texts.

Our content is written in our own words (shared/CONTENT.md): the reference texts are for
understanding only. This finds every run of ``--words`` or more consecutive words (compared
case-insensitively, punctuation stripped) that a text field of a content file shares with
any file in the reference directory, and exits with status 1 when there is one.

    manage.py content_overlap /path/to/reference --words 6
    manage.py content_overlap /path/to/reference --content frameworks/content/pm-maturity-1.2.yaml
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser

from frameworks.loader import CONTENT_DIR, content_files

WORD = re.compile(r"[a-z0-9]+")
# "don't" and "dont" are one word, whichever apostrophe was typed.
APOSTROPHES = str.maketrans("", "", "'\u2018\u2019")

Gram = tuple[str, ...]


def words(text: str) -> list[str]:
    """The words of a text, lower case, punctuation stripped."""
    return WORD.findall(text.lower().translate(APOSTROPHES))


def text_fields(data: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a parsed content file with where it is, items named by their key:
    ``enablers[purpose-leadership].statements[pl-charter].help``."""
    if isinstance(data, str):
        yield where, data
    elif isinstance(data, Mapping):
        for name, value in data.items():
            yield from text_fields(value, f"{where}.{name}" if where else str(name))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            label = item.get("key", i) if isinstance(item, Mapping) else i
            yield from text_fields(item, f"{where}[{label}]")


@dataclass(frozen=True)
class Shared:
    where: str  # the field, as text_fields names it
    run: str  # the shared words, as compared
    sources: tuple[str, ...]  # reference files that hold the run's words


def _index(references: Mapping[str, str], n: int) -> dict[Gram, set[str]]:
    index: dict[Gram, set[str]] = {}
    for name, text in references.items():
        ws = words(text)
        for i in range(len(ws) - n + 1):
            index.setdefault(tuple(ws[i : i + n]), set()).add(name)
    return index


def shared_runs(
    fields: Iterable[tuple[str, str]], references: Mapping[str, str], n: int
) -> list[Shared]:
    """Each longest run of at least ``n`` words of a field whose every ``n`` words in a row
    also stand in a reference text."""
    index = _index(references, n)
    found = []
    for where, text in fields:
        ws = words(text)
        hits = [tuple(ws[i : i + n]) in index for i in range(len(ws) - n + 1)]
        i = 0
        while i < len(hits):
            if not hits[i]:
                i += 1
                continue
            j = i
            while j + 1 < len(hits) and hits[j + 1]:
                j += 1
            sources = set().union(*(index[tuple(ws[k : k + n])] for k in range(i, j + 1)))
            found.append(Shared(where, " ".join(ws[i : j + n]), tuple(sorted(sources))))
            i = j + 1
    return found


def read_references(directory: Path) -> dict[str, str]:
    """Every file under the directory, by its path relative to it."""
    return {
        str(path.relative_to(directory)): path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


class Command(BaseCommand):
    help = (
        "Report every run of --words or more words a content file shares with the reference "
        "texts in a directory; exit with status 1 if there is any."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", type=Path, help="Directory of reference texts.")
        parser.add_argument(
            "--words", type=int, default=6, help="Shortest run to report (default 6)."
        )
        parser.add_argument(
            "--content",
            type=Path,
            action="append",
            help="Content file to check (repeatable; default: the newest in frameworks/content).",
        )

    def handle(
        self, *args: Any, reference: Path, words: int, content: list[Path] | None, **options: Any
    ) -> None:
        if words < 2:
            raise CommandError("--words must be at least 2.")
        if not reference.is_dir():
            raise CommandError(f"{reference} is not a directory of reference texts.")
        references = read_references(reference)
        if not references:
            raise CommandError(f"{reference} holds no files to compare with.")
        files = content or content_files(CONTENT_DIR)[-1:]
        total = 0
        for path in files:
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
            except (OSError, yaml.YAMLError) as exc:
                raise CommandError(f"{path}: cannot be read as YAML ({exc}).") from None
            runs = shared_runs(text_fields(data), references, words)
            for shared in runs:
                self.stdout.write(
                    f'{path.name}: {shared.where}: "{shared.run}" '
                    f"(also in {', '.join(shared.sources)})"
                )
            total += len(runs)
        names = ", ".join(p.name for p in files)
        if total:
            raise CommandError(
                f"{total} run(s) of {words} or more words in {names} are shared with the "
                f"reference texts in {reference}: say them in our own words."
            )
        self.stdout.write(
            f"No run of {words} or more words in {names} is shared with the reference texts "
            f"in {reference}."
        )
