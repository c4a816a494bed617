"""Rate limits counted in the cache every worker shares (the database cache by default).

A limit of ``limit`` events per ``seconds`` under a ``key`` is ``limit`` numbered slots
(``key:1`` … ``key:limit``). Each event claims the next free slot with ``cache.add``, which
every cache backend does atomically (the database cache through its unique key, Redis and
Memcached natively): two workers at once can never take the same slot, so no more than
``limit`` events are ever let through. Each slot expires on its own, ``seconds`` after its
event: a sliding window, so a burst at the edge of a fixed window cannot double the limit.
"""

from __future__ import annotations

from django.core.cache import cache


def _slots(key: str, limit: int) -> list[str]:
    return [f"{key}:{n}" for n in range(1, limit + 1)]


def take_slot(key: str, limit: int, seconds: int) -> int | None:
    """Record one event: the number of the slot it took (1 to ``limit``), None when all are."""
    for n, slot in enumerate(_slots(key, limit), start=1):
        if cache.add(slot, 1, seconds):
            return n
    return None


def slots_taken(key: str, limit: int) -> int:
    """How many events under ``key`` are still counted."""
    return len(cache.get_many(_slots(key, limit)))


def give_back(key: str, n: int) -> None:
    """Free slot ``n`` of ``key``: the event it recorded did not happen after all."""
    cache.delete(f"{key}:{n}")
