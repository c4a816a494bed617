"""What is built from a frozen framework version, kept per process and shared by every request.

A frozen version never changes (its content refuses edits), so content shaped from it (a
round's questionnaire, what a report scores with) need not be read again for every page and
autosave. The key is the version's pk and ``frozen_at`` (test databases reuse primary keys,
so the pk alone could name other content), then whatever shapes the build. A draft's content
may still change: nothing built from a draft is kept. Past ``kept`` entries, the one used
longest ago goes. Read what it gives, never change it: every request shares it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from frameworks.models import FrameworkVersion

T = TypeVar("T")


class FrozenVersionCache(Generic[T]):
    """Built content per (frozen version, shape), at most ``kept`` of them, safe across threads."""

    def __init__(self, kept: int) -> None:
        self.kept = kept
        self._entries: OrderedDict[tuple[Hashable, ...], T] = OrderedDict()
        self._lock = threading.Lock()

    def get(
        self, version: FrameworkVersion, shape: tuple[Hashable, ...], build: Callable[[], T]
    ) -> T:
        """The content ``build`` makes for ``version`` and ``shape``: kept if it was built
        before (built outside the lock: two requests at once may both build it)."""
        if version.frozen_at is None:
            return build()
        key = (version.pk, version.frozen_at, *shape)
        with self._lock:
            kept = self._entries.get(key)
            if kept is not None:
                self._entries.move_to_end(key)
                return kept
        built = build()
        with self._lock:
            self._entries[key] = built
            while len(self._entries) > self.kept:
                self._entries.popitem(last=False)
        return built

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
