"""Turn posted questionnaire fields into answer values, one item at a time.

Each item is checked on its own, so one bad value never costs the others: the
valid ones are saved and each invalid one gets a precise message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from assessments.rounds.selectors import Questionnaire, Section

COMMENT_MAX = 2000


def statement_field(pk: int) -> str:
    return f"s-{pk}"


def activity_leader_field(pk: int) -> str:
    return f"a-{pk}-leader"


def activity_performance_field(pk: int) -> str:
    return f"a-{pk}-perf"


def comment_field(kind: str, pk: int) -> str:
    return f"c-{kind}-{pk}"


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


def parse_answers(
    data: Mapping[str, str], q: Questionnaire, sections: Iterable[Section]
) -> ParsedAnswers:
    parsed = ParsedAnswers()
    agreement = {o.pk for o in q.agreement}
    performance = {o.pk for o in q.performance}
    leaders = {leader.pk for leader in q.leaders}
    for section in sections:
        for statement in section.statements:
            values: dict[str, object] = {}
            has, option = _choice(
                data, statement_field(statement.pk), agreement, "this statement", parsed.errors
            )
            if has:
                values["option_id"] = option
            has, text = _comment(data, comment_field("s", statement.pk), parsed.errors)
            if has:
                values["comment"] = text
            if values:
                parsed.statements[statement.pk] = values
        for activity in section.activities:
            values = {}
            has, leader = _choice(
                data, activity_leader_field(activity.pk), leaders, "who leads it", parsed.errors
            )
            if has:
                values["leader_id"] = leader
            has, perf = _choice(
                data,
                activity_performance_field(activity.pk),
                performance,
                "how well it is done",
                parsed.errors,
            )
            if has:
                values["performance_id"] = perf
            has, text = _comment(data, comment_field("a", activity.pk), parsed.errors)
            if has:
                values["comment"] = text
            if values:
                parsed.activities[activity.pk] = values
    return parsed
