"""One screen, one story: the number beside a level on the comparison page."""

from __future__ import annotations

import re

from assessments.models import StoredResult
from assessments.reports import scoring, store
from frameworks.levels import MaturityLevel, level_of_position
from tests.comparisons import test_compare
from tests.comparisons.test_compare import page

org = test_compare.org  # the comparison page's two rounds, as a fixture here too


def test_every_number_beside_a_level_lies_in_that_levels_band(client, owner, org):
    """One screen, one story: no Immature cell shows more than a Managed one."""
    html = page(client, owner, org["second"])
    cells = re.findall(
        r'<td class="heat-cell level-(\w+)">.*?<span class="heat-level">[^<]*</span>'
        r'(?: <span class="heat-score">(\d+)</span>)?',
        html,
    )
    shown = [(key, int(n)) for key, n in cells if n]
    assert shown
    for key, n in shown:
        assert level_of_position(n) == MaturityLevel.from_key(key)
    assert not any(n for key, n in cells if key == "undecided")  # no level, no number
    assert "mean agreement" in html


def test_the_page_names_its_method_and_a_round_kept_on_an_older_one(client, owner, org):
    first = org["first"]
    store.refresh(first)
    StoredResult.objects.filter(assessment=first).update(method=f"2{store.READABLE}")
    html = page(client, owner, org["second"])
    assert scoring.METHOD_LABEL in html
    assert "Kept on an older method: Spring: scoring method 2" in html
