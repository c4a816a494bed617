"""Means and spreads as scoring needs them: pure arithmetic, no scoring rule."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def population_stdev(values: Sequence[float]) -> float | None:
    if len(values) < 2:
        return None
    m = sum(values) / len(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / len(values))


# Bits kept beyond a float's 53 before the last rounding of a square root (as the standard
# library keeps): with round-to-odd below them, rounding twice is rounding once.
_SQRT_BITS = 2 * 53 + 3


def sample_stdev(values: Sequence[float]) -> float:
    """``statistics.stdev(values)`` to the last bit, at a fraction of its cost: the same exact
    sum of squared deviations (in integers, where it works in fractions), and its square
    root correctly rounded. Refreshes work out thousands of these."""
    if len(values) < 2 or not all(math.isfinite(v) for v in values):
        return statistics.stdev(values)
    ratios = [float(v).as_integer_ratio() for v in values]
    scale = max(d for _, d in ratios).bit_length() - 1  # every value is x / 2**scale
    xs = [n << (scale - d.bit_length() + 1) for n, d in ratios]
    count, total = len(xs), sum(xs)
    squares = sum(x * x for x in xs)
    # The sample variance, exactly: (count·Σx² − (Σx)²) / (count·(count − 1)·4**scale).
    return _sqrt_of_ratio(count * squares - total * total, count * (count - 1) << 2 * scale)


def _sqrt_of_ratio(n: int, m: int) -> float:
    """√(n / m), correctly rounded: an integer root with round-to-odd, then one rounding."""
    q = (n.bit_length() - m.bit_length() - _SQRT_BITS) // 2
    if q >= 0:
        m <<= 2 * q
    else:
        n <<= -2 * q
    root = math.isqrt(n // m)
    root |= root * root * m != n
    return float(root << q) if q >= 0 else root / (1 << -q)
