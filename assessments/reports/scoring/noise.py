"""When a change between two scores is larger than chance alone could make. Pure code.

Owned by reports, the lower room, so that comparisons and roadmaps (which apply the rule)
and the how-scores page (which explains it) read the same numbers without reaching up.

The rule, as a statistician would put it:

* Each side of a change is a mean of a few people's scores. Its noise is Welch's: each
  side's standard error from its own sample spread (n − 1) and head count, and Student's t
  with the Welch–Satterthwaite degrees of freedom, not the normal curve, because a team is
  three to twelve people and the normal curve is only right for many.
* When some of the same people answered both rounds through personal links (the same
  email, ``reports.pairs``), the two sides share people, and a person's answers hang
  together from one round to the next: the difference wanders less than two separate
  groups' would. The test is then the partially-overlapping-samples t (Derrick, Toher and
  White 2017, T_new2, ``overlapping``): Welch's error less what the shared people's
  correlation takes away, and degrees of freedom between the paired test's (n12 − 1) and
  Welch's. Everyone paired, it is the paired t; nobody paired, it is Welch's. Only totals
  are kept (per group and enabler: how many pairs, and their correlation), never who
  answered what; a team link's people cannot be followed, and count as unpaired.
* A page shows dozens of changes at once. Tested one by one at 5%, one or two of forty
  would look real by chance on most pages. So all the changes a page shows form one family,
  corrected by Holm's step-down method: with no real change anywhere, the chance that the
  page calls any of them real stays at most ``FAMILY_ERROR``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

FAMILY_ERROR = 0.05  # with nothing real, the chance that a page calls any change real
MIN_MARGIN = 5.0  # points: a smaller change is never called real, whatever the numbers say


@dataclass(frozen=True)
class Noise:
    """How much chance alone moves the difference between two means: its standard error
    (points) and the degrees of freedom that error rests on."""

    error: float
    df: float


def welch(before: tuple[float | None, int], after: tuple[float | None, int]) -> Noise | None:
    """The noise of the difference between two means, each side (sample spread, people).

    None when a side cannot be sized: fewer than two people, or no spread.
    """
    (s1, n1), (s2, n2) = before, after
    if s1 is None or s2 is None or n1 < 2 or n2 < 2:
        return None
    v1, v2 = s1 * s1 / n1, s2 * s2 / n2
    if v1 + v2 == 0:  # everyone gave the same answer twice: the pooled count is all we have
        return Noise(0.0, float(n1 + n2 - 2))
    # Welch–Satterthwaite, written with each side's share of the variance (no underflow).
    w1, w2 = v1 / (v1 + v2), v2 / (v1 + v2)
    df = 1.0 / (w1 * w1 / (n1 - 1) + w2 * w2 / (n2 - 1))
    return Noise(math.sqrt(v1 + v2), df)


def overlapping(
    before: tuple[float | None, int],
    after: tuple[float | None, int],
    pairs: int,
    correlation: float,
) -> Noise | None:
    """The noise of the difference between two means when ``pairs`` people are on both sides,
    their scores correlated ``correlation`` across the rounds (the others on one side only).

    Each side is (sample spread of all its people, all its people). Derrick, Toher and White's
    T_new2: the error is √(s1²/n1 + s2²/n2 − 2·r·s1·s2·n12/(n1·n2)); the degrees of freedom
    (n12 − 1) + (γ − n12 + 1)·(na + nb)/(na + nb + 2·n12), γ Welch's and na, nb the people on
    one side only. Welch's noise when it cannot apply: fewer than two pairs, more pairs than
    a side has people, or an error that is not above zero (a correlation of ±1 from few pairs).
    """
    unpaired = welch(before, after)
    (s1, n1), (s2, n2) = before, after
    if unpaired is None or s1 is None or s2 is None or not 2 <= pairs <= min(n1, n2):
        return unpaired
    r = max(-1.0, min(1.0, correlation))
    variance = s1 * s1 / n1 + s2 * s2 / n2 - 2.0 * r * s1 * s2 * pairs / (n1 * n2)
    if not variance > 0.0:
        return unpaired
    alone = (n1 - pairs) + (n2 - pairs)
    df = (pairs - 1) + (unpaired.df - pairs + 1) * alone / (alone + 2 * pairs)
    return Noise(math.sqrt(variance), df)


def sample_spread(population_spread: float | None, n: int) -> float | None:
    """A spread worked out over n (as single ratings' is) turned into the sample spread (n − 1)
    a test needs: from few people, the n form understates the noise."""
    if population_spread is None or n < 2:
        return None
    return population_spread * math.sqrt(n / (n - 1))


def ratings_noise(
    before: tuple[float | None, int], after: tuple[float | None, int]
) -> Noise | None:
    """The noise of a statement's change: each side (spread of its ratings kept over n, raters)."""
    (s1, n1), (s2, n2) = before, after
    return welch((sample_spread(s1, n1), n1), (sample_spread(s2, n2), n2))


def judged_moves(
    moves: Sequence[tuple[float, float, Noise | None]],
) -> list[tuple[float | None, bool]]:
    """Changes shown together, each (before, after, noise): each one's margin (None: cannot be
    sized) and whether it is beyond noise, judged as one family."""
    margins = family_margins([(b - a, n) if n is not None else None for a, b, n in moves])
    return [
        (margin, margin is not None and abs(b - a) > margin + 1e-9)
        for (a, b, _), margin in zip(moves, margins, strict=True)
    ]


# --- Student's t, in pure Python (no scipy in the app) ------------------------------------


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    tiny, eps = 1e-300, 1e-15
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 400):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < eps:
            break
    return h


def _incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, 1.0 - x) / b


def t_beyond(t: float, df: float) -> float:
    """The chance that Student's t with ``df`` degrees of freedom lands further from zero than
    ``t`` either way (a two-sided p-value)."""
    return _incomplete_beta(df / 2.0, 0.5, df / (df + t * t))


def _t_density(t: float, df: float) -> float:
    return math.exp(
        math.lgamma((df + 1) / 2)
        - math.lgamma(df / 2)
        - 0.5 * math.log(df * math.pi)
        - (df + 1) / 2 * math.log1p(t * t / df)
    )


def _t_start(z: float, df: float) -> float:
    """Where to start looking: the Cornish–Fisher expansion of t around the normal z."""
    z3, z5, z7 = z**3, z**5, z**7
    return (
        z
        + (z3 + z) / (4 * df)
        + (5 * z5 + 16 * z3 + 3 * z) / (96 * df**2)
        + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df**3)
    )


@lru_cache(maxsize=4096)
def t_bar(chance: float, df: float) -> float:
    """How many standard errors a difference must exceed for chance alone to go that far,
    either way, only ``chance`` of the time (1.96 for 5% with many people, 2.78 with 4 df)."""
    z = NormalDist().inv_cdf(1.0 - chance / 2.0)
    lo, hi = z, math.inf  # t is always beyond z: the tails of t are heavier
    t = max(z, _t_start(z, df))
    for _ in range(100):  # Newton on the log of the tail, kept inside a bracket
        tail = t_beyond(t, df)
        if tail > chance:
            lo = t
        else:
            hi = t
        step = (math.log(tail) - math.log(chance)) * tail / (2.0 * _t_density(t, df))
        nxt = t + step
        if not lo < nxt < hi:
            nxt = 2.0 * t if hi == math.inf else (lo + hi) / 2.0
        if abs(nxt - t) < 1e-12 * t:
            return nxt
        t = nxt
    return t


def _table_df(df: float) -> float:
    """Welch's degrees of freedom rounded down, as a printed table is read: a shade cautious,
    and a page of hundreds of changes looks up a few dozen bars, not hundreds."""
    return max(1.0, math.floor(df + 1e-9))


def p_value(delta: float, noise: Noise) -> float:
    """The chance that noise alone makes a difference at least this large, either way."""
    if noise.error == 0:
        return 0.0 if delta else 1.0
    return t_beyond(abs(delta) / noise.error, _table_df(noise.df))


def margin_at(noise: Noise, chance: float) -> float:
    """The largest difference that counts as noise at this chance, never under the floor."""
    return max(MIN_MARGIN, t_bar(chance, _table_df(noise.df)) * noise.error)


def single_margin(noise: Noise | None) -> float | None:
    """The margin of one change seen on its own (a family of one)."""
    return None if noise is None else margin_at(noise, FAMILY_ERROR)


def holm_chance(p_values: Sequence[float], family_error: float | None = None) -> float:
    """The chance at which a family of tests is judged, by Holm's step-down method.

    Smallest p first: the first must clear family_error / m, the next family_error / (m − 1),
    and so on, until one fails at family_error / (m − k). Every test that passed has its p at
    or under that bar, and every later one is above it, so the whole family can be shown
    with that one bar: the same decisions as Holm's, one margin per change, few to look up.
    """
    alpha = FAMILY_ERROR if family_error is None else family_error
    m = len(p_values)
    for passed, p in enumerate(sorted(p_values)):
        if p > alpha / (m - passed):
            return alpha / (m - passed)
    return alpha


def _family_p(delta: float, noise: Noise, alpha: float, m: int) -> float:
    """A change's p as Holm needs it in a family of m: exact only between the strictest bar
    (alpha / m, which it passes wherever it ranks: 0 sorts it first, as it should be) and the
    most lenient (alpha, which it fails wherever it ranks: 1 sorts it last)."""
    if noise.error == 0:
        return p_value(delta, noise)
    df = _table_df(noise.df)
    if abs(delta) >= t_bar(alpha / m, df) * noise.error:
        return 0.0
    if abs(delta) < t_bar(alpha, df) * noise.error:
        return 1.0
    return p_value(delta, noise)


def family_margins(
    tests: Sequence[tuple[float, Noise] | None], family_error: float | None = None
) -> list[float | None]:
    """Each change's margin when a page shows all of them together: (difference, noise) per
    change, None for one that cannot be sized (it is never real, and not counted)."""
    alpha = FAMILY_ERROR if family_error is None else family_error
    sized = [(i, t) for i, t in enumerate(tests) if t is not None]
    p_values = [_family_p(delta, noise, alpha, len(sized)) for _, (delta, noise) in sized]
    chance = holm_chance(p_values, alpha)
    out: list[float | None] = [None] * len(tests)
    for i, (_, noise) in sized:
        out[i] = margin_at(noise, chance)
    return out
