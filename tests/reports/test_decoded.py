"""Stored rows are decoded once while their text stays the same, and afresh once it changes."""

from __future__ import annotations

import pytest

from assessments.reports import store
from assessments.reports.decoded import DecodedRows
from assessments.reports.stored import UnreadableRow
from tests.factories import answer_all

pytestmark = pytest.mark.django_db


class Counting:
    def __init__(self):
        self.calls = []

    def __call__(self, text):
        self.calls.append(text)
        if text == "bad":
            raise UnreadableRow("bad")
        return {"decoded": text}


def test_a_row_is_decoded_once_while_its_text_is_the_same():
    rows, decode = DecodedRows(kept_chars=1000), Counting()
    first = rows.get(("round", 1), "abc", decode)
    assert rows.get(("round", 1), "abc", decode) is first
    assert decode.calls == ["abc"]


def test_a_row_whose_text_changed_is_decoded_afresh():
    rows, decode = DecodedRows(kept_chars=1000), Counting()
    rows.get(("round", 1), "abc", decode)
    assert rows.get(("round", 1), "abd", decode) == {"decoded": "abd"}
    assert rows.get(("round", 2), "abd", decode) == {"decoded": "abd"}  # another row
    assert decode.calls == ["abc", "abd", "abd"]


def test_an_unreadable_row_is_never_kept():
    rows, decode = DecodedRows(kept_chars=1000), Counting()
    for _ in range(2):
        with pytest.raises(UnreadableRow):
            rows.get("x", "bad", decode)
    assert decode.calls == ["bad", "bad"]
    assert len(rows) == 0


def test_past_its_characters_the_row_used_longest_ago_goes():
    rows, decode = DecodedRows(kept_chars=10), Counting()
    rows.get("a", "aaaa", decode)
    rows.get("b", "bbbb", decode)
    rows.get("a", "aaaa", decode)  # used again: b is now the oldest
    rows.get("c", "cccc", decode)  # 12 characters: b goes
    assert len(rows) == 2
    rows.get("a", "aaaa", decode)
    rows.get("b", "bbbb", decode)
    assert decode.calls == ["aaaa", "bbbb", "cccc", "bbbb"]


def test_report_pages_decode_a_stored_row_once_until_the_round_is_refreshed(
    client, owner, assessment, team, monkeypatch
):
    answer_all(assessment, team, 3)
    store.refresh(assessment)
    store._DECODED.clear()
    decoded = []
    real = store.decode_scope
    monkeypatch.setattr(store, "decode_scope", lambda text: decoded.append(text) or real(text))
    first = store.results_for(assessment, {store.ROUND_KEY: frozenset({team.pk})})
    again = store.results_for(assessment, {store.ROUND_KEY: frozenset({team.pk})})
    assert len(decoded) == 1
    assert again.scopes[store.ROUND_KEY] is first.scopes[store.ROUND_KEY]
    answer_all(assessment, team, 3, agree="disagree")
    store.refresh(assessment)
    fresh = store.results_for(assessment, {store.ROUND_KEY: frozenset({team.pk})})
    assert len(decoded) == 2
    assert fresh.scopes[store.ROUND_KEY].respondents == 6
