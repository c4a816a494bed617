"""When a change between two scores is larger than chance alone could make. Pure code.

Owned by reports, the lower room, so that comparisons (which applies the rule) and the
how-scores page (which explains it) read the same numbers without reports reaching up.
"""

from __future__ import annotations

from statistics import NormalDist

NOISE_Z = 1.96  # about 95% of chance differences fall within this many standard errors
MIN_MARGIN = 5.0  # points: a smaller change is never called real, whatever the numbers say


def chance_within(z: float) -> float:
    """The share of chance differences no larger than ``z`` standard errors (0.95 for 1.96)."""
    return 2 * NormalDist().cdf(z) - 1
