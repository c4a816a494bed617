"""A review's period in words, whatever dates it has (pure, no database).

Reviews may have a start date, a due date, both or neither; every page, the PDF and the
list read the period through ``period_words`` so none of them reads "Delivered to 31 January
2027" when the start is missing.
"""

from __future__ import annotations

from datetime import date

from django.utils.dateformat import format as date_format

LONG = "j F Y"
SHORT = "j M Y"


def period_words(starts_on: date | None, due_on: date | None, *, fmt: str = LONG) -> str:
    """The period as a phrase that reads on its own or after a status and a "·".

    Lower case, so a page may put it after other words or capitalise it (``capfirst``).
    """
    if starts_on and due_on:
        if starts_on == due_on:
            return f"on {date_format(starts_on, fmt)}"
        return f"{date_format(starts_on, fmt)} to {date_format(due_on, fmt)}"
    if starts_on:
        return f"from {date_format(starts_on, fmt)}"
    if due_on:
        return f"due {date_format(due_on, fmt)}"
    return "no dates yet"
