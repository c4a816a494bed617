"""Stored rows as decoded, kept per process beside the text they were decoded from.

Every report page reads a few stored rows (its scopes, the round's summary, the release) and
validating their JSON cost more than anything else the page computed, page after page, though
the rows change only when the round's results are refreshed. So a row decoded once is kept
with its text, and handed back while the row read from the database is the same text: a row
refreshed since is decoded afresh, whatever else matches. Past ``kept_chars`` characters of
text, the rows used longest ago go. Read what it gives, never change it: every request
shares it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class DecodedRows:
    """Decoded rows by where they were read from (a round and a scope, say), safe across
    threads; at most ``kept_chars`` characters of their text kept."""

    def __init__(self, kept_chars: int) -> None:
        self.kept_chars = kept_chars
        self._entries: OrderedDict[Hashable, tuple[str, Any]] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def get(self, where: Hashable, text: str, decode: Callable[[str], T]) -> T:
        """``decode(text)``, kept from before if the row at ``where`` had this very text
        (decoded outside the lock; an error from ``decode`` keeps nothing)."""
        with self._lock:
            kept = self._entries.get(where)
            if kept is not None and kept[0] == text:
                self._entries.move_to_end(where)
                value: T = kept[1]
                return value
        value = decode(text)
        with self._lock:
            old = self._entries.pop(where, None)
            if old is not None:
                self._chars -= len(old[0])
            self._entries[where] = (text, value)
            self._chars += len(text)
            while self._chars > self.kept_chars and len(self._entries) > 1:
                _, (gone, _) = self._entries.popitem(last=False)
                self._chars -= len(gone)
        return value

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._chars = 0
