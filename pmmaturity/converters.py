"""URL and form ids that the database can hold.

Django's ``int`` converter and model choice fields accept any number of digits; a
number too large for a 64-bit column makes the database driver raise (a server error)
instead of finding nothing (a 404 or a form error).
"""

from __future__ import annotations

MAX_ID = 2**63 - 1


def as_id(value: object) -> int | None:
    """The value as a database id, or None when it cannot be one."""
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if number <= MAX_ID else None


class IdConverter:
    """``<id:pk>``: an id that fits the database, else the URL does not match (404)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
