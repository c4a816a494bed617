"""What a questionnaire section shows for each item, with answers carried over from the round
this one follows marked "from last time" until they are confirmed (``rounds.carry``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from assessments.rounds.models import ActivityAnswer, Answer
from assessments.rounds.selectors import Questionnaire, ResponseState, Section


def _id(value: int | None) -> str:
    return str(value) if value is not None else ""


def _carried_statement(answer: Answer | None) -> int | None:
    """The carried answer still to confirm, if any."""
    if answer is None or answer.option_id is not None:
        return None
    return answer.carried_option_id


def _carried_activity(answer: ActivityAnswer | None) -> tuple[int | None, int | None]:
    """Who led it and how well it was done last time, where not confirmed yet."""
    if answer is None:
        return None, None
    leader = answer.carried_leader_id if answer.leader_id is None else None
    perf = answer.carried_performance_id if answer.performance_id is None else None
    return leader, perf


def item_rows(
    section: Section,
    q: Questionnaire,
    state: ResponseState,
    posted: Mapping[str, str],
    errors: dict[str, str],
) -> list[dict[str, Any]]:
    """What the section template shows for each statement or activity."""
    labels = {o.pk: o.label for o in [*q.agreement, *q.performance]}
    leaders = {leader.pk: leader.name for leader in q.leaders}
    rows: list[dict[str, Any]] = []
    for statement in section.statements:
        answer = state.answers.get(statement.pk)
        name, cname = f"s-{statement.pk}", f"c-s-{statement.pk}"
        carried = _carried_statement(answer)
        rows.append(
            {
                "kind": "statement",
                "obj": statement,
                "label": statement.text,
                "field": name,
                "comment_field": cname,
                "chosen": _id(answer.option_id) if answer else "",
                "carried": _id(carried),
                "carried_label": labels.get(carried, "") if carried else "",
                "described": " ".join(
                    ref
                    for ref, on in (
                        (f"err-statement-{statement.pk}", name in errors),
                        (f"help-{statement.pk}", bool(statement.help_text)),
                        (f"carried-{name}", carried is not None),
                    )
                    if on
                ),
                "comment": posted.get(cname, answer.comment if answer else ""),
                "error": errors.get(name, ""),
                "comment_error": errors.get(cname, ""),
            }
        )
    for activity in section.activities:
        found = state.activity_answers.get(activity.pk)
        lname, pname, cname = (
            f"a-{activity.pk}-leader",
            f"a-{activity.pk}-perf",
            f"c-a-{activity.pk}",
        )
        leader, perf = _carried_activity(found)
        if found is not None and found.leader_id in q.no_rating_leaders:
            perf = None  # nobody leads it (or nobody knows): no rating is asked
        rows.append(
            {
                "kind": "activity",
                "obj": activity,
                "label": activity.name,
                "leader_field": lname,
                "perf_field": pname,
                "comment_field": cname,
                "leader": _id(found.leader_id) if found else "",
                "perf": _id(found.performance_id) if found else "",
                "carried_leader": _id(leader),
                "carried_leader_label": leaders.get(leader, "") if leader else "",
                "carried_perf": _id(perf),
                "carried_perf_label": labels.get(perf, "") if perf else "",
                "comment": posted.get(cname, found.comment if found else ""),
                "error": errors.get(lname, "") or errors.get(pname, ""),
                "comment_error": errors.get(cname, ""),
            }
        )
    return rows


def carried_open(state: ResponseState, sections: Iterable[Section]) -> int:
    """How many items of these sections hold an answer carried over and not confirmed yet:
    not answered, so not counted, until the respondent confirms or changes it."""
    count = 0
    for section in sections:
        for s in section.statements:
            count += _carried_statement(state.answers.get(s.pk)) is not None
        for a in section.activities:
            pending = _carried_activity(state.activity_answers.get(a.pk)) != (None, None)
            count += pending and not state.activity_done(a.pk)
    return count
