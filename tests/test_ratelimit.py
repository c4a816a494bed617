"""One rate-limit helper: numbered slots in the shared cache, each expiring on its own."""

from __future__ import annotations

import time

from pmmaturity.ratelimit import give_back, slots_taken, take_slot


def test_each_event_takes_the_next_slot_until_the_limit():
    assert [take_slot("k", 3, 60) for _ in range(4)] == [1, 2, 3, None]
    assert slots_taken("k", 3) == 3
    assert (take_slot("other", 3, 60), slots_taken("other", 3)) == (1, 1)  # keys apart


def test_a_slot_given_back_is_free_again():
    take_slot("k", 2, 60)
    taken = take_slot("k", 2, 60)
    assert taken == 2
    give_back("k", taken)
    assert slots_taken("k", 2) == 1
    assert take_slot("k", 2, 60) == 2


def test_each_slot_expires_on_its_own(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    take_slot("k", 2, 60)
    now[0] += 30
    take_slot("k", 2, 60)
    assert take_slot("k", 2, 60) is None
    now[0] += 31  # the first has expired, the second not yet: a sliding window
    assert slots_taken("k", 2) == 1
    assert take_slot("k", 2, 60) == 1
