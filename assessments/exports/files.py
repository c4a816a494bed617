"""What an export maker hands over: a small file whole in memory, or one made a block at a
time. Every room's makers return these; the exports room stores them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
BLOCK = 64 * 1024  # bytes read from a finished file at a time


@dataclass(frozen=True)
class ExportFile:
    """A small file, whole in memory."""

    name: str
    content_type: str
    content: bytes | str


@dataclass(frozen=True)
class StreamedFile:
    """A file handed over in blocks of bytes as they are made: never whole in memory."""

    name: str
    content_type: str
    chunks: Iterator[bytes]


def blocks(file: IO[bytes]) -> Iterator[bytes]:
    """A finished file's bytes, a block at a time; the file is closed once read."""
    with file:
        while block := file.read(BLOCK):
            yield block
