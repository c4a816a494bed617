"""Turn posted questionnaire fields into answer values, one item at a time.

Each item is checked on its own, so one bad value never costs the others: the
valid ones are saved and each invalid one gets a precise message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from assessments.rounds.selectors import Questionnaire, Section

COMMENT_MAX = 2000


@dataclass
class ParsedAnswers:
    statements: dict[int, dict[str, object]] = field(default_factory=dict)
    activities: dict[int, dict[str, object]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.statements) + len(self.activities)


def _choice(
    data: Mapping[str, str], name: str, allowed: set[int], what: str, errors: dict[str, str]
) -> tuple[bool, int | None]:
    """(present, value). Absent or empty means 'leave as it is'."""
    raw = data.get(name, "")
    if raw == "":
        return False, None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = -1
    if value not in allowed:
        errors[name] = f"That is not one of the choices for {what}. Please choose again."
        return False, None
    return True, value


def _comment(data: Mapping[str, str], name: str, errors: dict[str, str]) -> tuple[bool, str]:
    if name not in data:
        return False, ""
    text = data[name].strip()
    if len(text) > COMMENT_MAX:
        errors[name] = (
            f"Comments can be up to {COMMENT_MAX:,} characters; this one has {len(text):,}. "
            f"Shorten it and it will be saved."
        )
        return False, ""
    return True, text


# The answer fields: s-12 (a statement's rating), a-7-leader and a-7-perf (an activity's
# choices), c-s-12 and c-a-7 (comments).
_FIELD = re.compile(r"(c-)?([sa])-([1-9][0-9]{0,17})(-leader|-perf)?")
# (kind, part) -> (the value it sets, the choices it allows, what the message calls it)
_CHOICES = {
    ("s", None): ("option_id", "agreement", "this statement"),
    ("a", "-leader"): ("leader_id", "leaders", "who leads it"),
    ("a", "-perf"): ("performance_id", "performance", "how well it is done"),
}


def parse_answers(
    data: Mapping[str, str], q: Questionnaire, sections: Iterable[Section]
) -> ParsedAnswers:
    """The answers posted for the items of ``sections``; fields of other items are ignored.

    Walks the fields posted rather than every item asked: an autosave carries one or a few.
    """
    parsed = ParsedAnswers()
    sections = list(sections)
    asked = {
        "s": {s.pk for section in sections for s in section.statements},
        "a": {a.pk for section in sections for a in section.activities},
    }
    allowed = {
        "agreement": {o.pk for o in q.agreement},
        "performance": {o.pk for o in q.performance},
        "leaders": {leader.pk for leader in q.leaders},
    }
    for name in data:
        field = _FIELD.fullmatch(name)
        if field is None:
            continue
        comment, kind, pk_text, part = field.groups()
        pk = int(pk_text)
        if pk not in asked[kind]:
            continue
        answers = parsed.statements if kind == "s" else parsed.activities
        if comment and part is None:
            has, text = _comment(data, name, parsed.errors)
            if has:
                answers.setdefault(pk, {})["comment"] = text
        elif not comment and (kind, part) in _CHOICES:
            key, choices, what = _CHOICES[(kind, part)]
            has, value = _choice(data, name, allowed[choices], what, parsed.errors)
            if has:
                answers.setdefault(pk, {})[key] = value
    return parsed
