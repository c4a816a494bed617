"""The logo rule as pure code: only the first bytes and the size decide."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assessments.firms.logos import MAX_LOGO_BYTES, SIGNATURES, image_kind, logo_problem

PNG, JPEG = SIGNATURES


@given(st.sampled_from([PNG, JPEG]), st.binary(max_size=64))
def test_a_png_or_jpeg_start_is_known_whatever_follows(magic, rest):
    assert image_kind(magic + rest) == SIGNATURES[magic]
    assert logo_problem(magic + rest, len(magic + rest)) is None


@given(st.binary(max_size=64))
def test_anything_else_is_refused(data):
    if not data.startswith((PNG, JPEG)):
        assert image_kind(data) is None
        assert "must be a PNG or JPEG" in (logo_problem(data, len(data)) or "")


@given(st.integers(min_value=MAX_LOGO_BYTES + 1, max_value=50 * MAX_LOGO_BYTES))
def test_a_logo_over_512_kb_is_refused_even_when_it_is_a_png(size):
    assert "at most 512 kB" in (logo_problem(PNG, size) or "")


def test_512_kb_exactly_is_allowed():
    assert logo_problem(PNG, MAX_LOGO_BYTES) is None
    assert logo_problem(PNG[:-1], 10) is not None  # a PNG signature cut short is not one
