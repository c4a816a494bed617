"""The one anonymity rule: which groups of people may be shown on their own. Pure code, no ORM.

In an anonymous round no group smaller than the round's ``min_group_size`` is shown on its
own (a team, a department, a role, a column of an export); in a named round any group with
someone in it is. ``Assessment.group_threshold`` and ``Assessment.shows_group`` ask these
functions, and so do the pure scoring modules that are handed a threshold.
"""

from __future__ import annotations

DEFAULT_MIN_GROUP_SIZE = 3  # a new round's smallest group shown on its own


def group_threshold(*, anonymous: bool, min_group_size: int) -> int:
    """The smallest group of people whose answers may be shown on their own: never below 1."""
    return max(1, min_group_size) if anonymous else 1


def shows_group(size: int, threshold: int) -> bool:
    """A group of ``size`` people is shown on its own: someone is in it, and enough of them.

    ``size > 0`` makes a threshold below 1 (a caller's raw number) mean 1, so an empty
    group is never shown, whatever the threshold.
    """
    return size > 0 and size >= threshold
