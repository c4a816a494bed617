"""The three maturity levels and the steps between them: defined here once, used everywhere.

Pure code (no Django), so the scoring and planning rules can use it too. Content files
and the database name a level by its ``key``; the scoring code orders levels by value.
"""

from __future__ import annotations

from enum import IntEnum


class MaturityLevel(IntEnum):
    IMMATURE = 0
    MANAGED = 1
    LEADING = 2

    @property
    def key(self) -> str:
        """How content files and the database name the level: ``immature``."""
        return self.name.lower()

    @property
    def label(self) -> str:
        """How people read it: ``Immature``."""
        return self.name.capitalize()

    @classmethod
    def from_key(cls, key: str) -> MaturityLevel:
        return cls[key.upper()]

    @property
    def step_up(self) -> str | None:
        """The key of the step that leaves this level (``immature-managed``), if any."""
        if self is MaturityLevel.LEADING:
            return None
        return step_key(self, MaturityLevel(self + 1))


def step_key(lower: MaturityLevel, upper: MaturityLevel) -> str:
    return f"{lower.key}-{upper.key}"


LEVEL_KEYS = tuple(level.key for level in MaturityLevel)
LEVEL_LABELS = tuple(level.label for level in MaturityLevel)
# What shows in place of a level when too few people could rate enough of its statements.
# Pages read it through ``{% not_enough_evidence %}`` (frameworks/templatetags/levels.py).
NOT_ENOUGH_EVIDENCE = "Not enough evidence"
STEP_KEYS = tuple(level.step_up for level in MaturityLevel if level.step_up)


# One scale for the number beside a level: each level owns a band, so a number never reads
# against its level (an Immature enabler never shows more than a Managed one). Within its
# band an enabler sits by how far it has come toward the next level.
LEVEL_BANDS: dict[MaturityLevel, tuple[int, int]] = {
    MaturityLevel.IMMATURE: (0, 33),
    MaturityLevel.MANAGED: (34, 66),
    MaturityLevel.LEADING: (67, 100),
}


def scale_position(level: MaturityLevel, within: float) -> int:
    """The 0–100 maturity score of a level reached ``within`` (0–1) of the way across its band,
    rounded once, so the figure and its level always come from the same value."""
    low, high = LEVEL_BANDS[level]
    share = min(1.0, max(0.0, within))
    return low + int((high - low) * share + 0.5)


def level_of_position(position: int) -> MaturityLevel:
    """The level whose band holds a maturity score (the inverse of ``scale_position``)."""
    return next(level for level, (low, high) in LEVEL_BANDS.items() if low <= position <= high)
