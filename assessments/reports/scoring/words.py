"""Numbers of the scoring method as people say them: 2/3 is "two thirds", 3 is "three".

Pure code. The how-scores page words every share and count it explains with these, from
the constants the scoring code uses, so the page cannot drift from the rules.
"""

from __future__ import annotations

from fractions import Fraction

_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
# denominator → (one part, several parts)
_PARTS = {3: ("third", "thirds"), 4: ("quarter", "quarters"), 5: ("fifth", "fifths")}


def number_words(n: int) -> str:
    """A small count in words ("three"); larger ones as digits."""
    return _NUMBERS[n] if 0 <= n < len(_NUMBERS) else str(n)


def share_words(share: float) -> str:
    """A share as it reads after "at least" or "more than": 1/2 is "half", 2/3 "two thirds",
    1/4 "a quarter"; any share that is not a simple fraction, as a percentage ("60%")."""
    fraction = Fraction(share).limit_denominator(12)
    if 0 < fraction < 1 and abs(float(fraction) - share) < 1e-9:
        if fraction.denominator == 2:
            return "half"
        if fraction.denominator in _PARTS:
            one, several = _PARTS[fraction.denominator]
            if fraction.numerator == 1:
                return f"a {one}"
            return f"{number_words(fraction.numerator)} {several}"
    return f"{round(100 * share)}%"
