"""What an uploaded evidence document is, told by its content, never by its name.

A file is accepted only as one of a short list of kinds a client hands a reviewer: PDF,
PNG, JPEG, plain text or CSV, and Word, Excel or PowerPoint documents (zip files with the
part that makes them one). Anything else, an HTML page renamed ``.pdf`` included, is refused.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TEXT_SAMPLE = 64 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "REVIEW_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str
    label: str


PDF = Kind("application/pdf", ".pdf", "PDF")
PNG = Kind("image/png", ".png", "PNG image")
JPEG = Kind("image/jpeg", ".jpg", "JPEG image")
TEXT = Kind("text/plain", ".txt", "plain text")
CSV = Kind("text/csv", ".csv", "CSV")
DOCX = Kind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word"
)
XLSX = Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel")
PPTX = Kind(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".pptx",
    "PowerPoint",
)
ACCEPTED = "PDF, PNG, JPEG, plain text, CSV, Word, Excel or PowerPoint"
# The part of the zip that makes it an Office document of that kind.
OFFICE_PARTS = (
    ("word/document.xml", DOCX),
    ("xl/workbook.xml", XLSX),
    ("ppt/presentation.xml", PPTX),
)
MAGIC = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
EXTENSIONS = {".jpeg": JPEG, ".jpg": JPEG}


def sniff(handle: IO[bytes], name: str = "") -> Kind | None:
    """The kind of the file's content, or None if it is not one we accept. ``name`` only
    tells a CSV from other text, once the content is known to be text."""
    handle.seek(0)
    head = handle.read(TEXT_SAMPLE)
    handle.seek(0)
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"PK\x03\x04"):
        return _office(handle)
    if _is_text(head):
        return CSV if name.lower().endswith(".csv") else TEXT
    return None


def _office(handle: IO[bytes]) -> Kind | None:
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        handle.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    for part, kind in OFFICE_PARTS:
        if part in names:
            return kind
    return None


def _is_text(head: bytes) -> bool:
    """UTF-8 text without NUL bytes that is not markup (HTML, SVG or XML, which a browser
    would run or render rather than show)."""
    if not head or b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as cut:
        # The sample may end inside a character: only that is forgiven.
        if cut.start < len(head) - 3:
            return False
        text = head[: cut.start].decode("utf-8")
    return not text.lstrip("\ufeff \t\r\n").startswith("<")


def stored_name(name: str, kind: Kind) -> str:
    """The name to download it by: the person's name, with the extension its content has."""
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].strip() or "document"
    stem, dot, ext = base.rpartition(".")
    if dot and (f".{ext.lower()}" == kind.extension or EXTENSIONS.get(f".{ext.lower()}") == kind):
        return base[:200]
    return f"{(stem if dot else base)[: 200 - len(kind.extension)]}{kind.extension}"
