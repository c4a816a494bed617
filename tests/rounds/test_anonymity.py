"""The one anonymity rule: which groups are shown on their own, asked the same way everywhere."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.rounds import anonymity
from assessments.rounds.models import Assessment

ROOT = Path(__file__).resolve().parents[2]


@given(min_group_size=st.integers(0, 30))
def test_a_named_round_shows_any_group_with_someone_in_it(min_group_size):
    assert anonymity.group_threshold(anonymous=False, min_group_size=min_group_size) == 1


@given(min_group_size=st.integers(0, 30))
def test_an_anonymous_round_hides_groups_under_its_smallest_group_and_never_asks_below_one(
    min_group_size,
):
    threshold = anonymity.group_threshold(anonymous=True, min_group_size=min_group_size)
    assert threshold == max(1, min_group_size)


@given(size=st.integers(-2, 40), threshold=st.integers(-2, 40))
def test_a_group_is_shown_when_someone_is_in_it_and_it_reaches_the_threshold(size, threshold):
    assert anonymity.shows_group(size, threshold) == (size > 0 and size >= threshold)


@given(size=st.integers(0, 40), threshold=st.integers(1, 40))
def test_for_a_real_threshold_the_rule_is_the_plain_comparison_the_pages_used(size, threshold):
    # The sites that now ask shows_group wrote ``size >= threshold`` with a threshold of at
    # least 1 (or ``max(1, threshold)``): the same answer.
    assert anonymity.shows_group(size, threshold) == (size >= threshold)
    assert anonymity.shows_group(size, threshold) == (size >= max(1, threshold))


@given(anonymous=st.booleans(), min_group_size=st.integers(0, 30), size=st.integers(0, 40))
def test_a_round_asks_the_one_rule(anonymous, min_group_size, size):
    round_ = Assessment(
        anonymity=Assessment.Anonymity.ANONYMOUS if anonymous else Assessment.Anonymity.NAMED,
        min_group_size=min_group_size,
    )
    threshold = anonymity.group_threshold(anonymous=anonymous, min_group_size=min_group_size)
    assert round_.group_threshold == threshold
    assert round_.shows_group(size) == anonymity.shows_group(size, threshold)


def test_a_new_round_starts_from_the_default_smallest_group():
    from assessments.rounds.forms import AssessmentForm

    field = Assessment._meta.get_field("min_group_size")
    assert field.default == anonymity.DEFAULT_MIN_GROUP_SIZE
    assert AssessmentForm.base_fields["min_group_size"].initial == anonymity.DEFAULT_MIN_GROUP_SIZE


@pytest.mark.parametrize("module", ["anonymity", "spans", "product_statements"])
def test_the_rule_is_pure(module):
    path = ROOT / f"assessments/rounds/{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)] + [
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    ]
    # The standard library's types only, and the rule's own pure modules: no ORM, no
    # Django, nothing of another room.
    own = {"assessments.rounds", "assessments.rounds.anonymity"}
    assert set(imported) <= {"__future__", "collections.abc", "heapq", "typing", *own}
