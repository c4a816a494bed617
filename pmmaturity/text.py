"""Free text as people type it, made safe to store.

Control characters are invisible, never meant, and a NUL byte is refused by PostgreSQL
outright (a server error). Tabs and line breaks are kept.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str, *, limit: int | None = None) -> str:
    """Without control characters or surrounding spaces, cut to ``limit`` characters."""
    cleaned = _CONTROL.sub("", text).strip()
    return cleaned[:limit] if limit is not None else cleaned
