"""CSV and XLSX exports of a report's scores and raw answers, anonymity respected.

In an anonymous round, respondents appear only as shuffled pseudonyms, and a team or
role column is blanked for anyone whose group in the export is under the threshold.
"""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook

from assessments import reports, scoring
from assessments.models import ActivityAnswer, Answer, Assessment, Respondent

SCORE_HEADER = [
    "kind",
    "key",
    "name",
    "score",
    "level or zone",
    "dont_know_rate",
    "spread",
    "respondents",
]
ANSWER_HEADER = ["respondent", "team", "role", "item", "item_key", "answer", "score", "comment"]


def score_rows(framework: reports.Framework, scores: scoring.Scores) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for e in framework.enablers:
        r = scores.enablers[e.key]
        rows.append(
            [
                "enabler",
                e.key,
                e.name,
                _round(r.score),
                r.level_name,
                round(r.dont_know_rate, 3),
                _round(r.spread),
                scores.respondents,
            ]
        )
    for d in framework.dials:
        dr = scores.dials[d.key]
        rows.append(["dial", d.key, d.name, _round(dr.value), dr.zone, "", "", scores.respondents])
    for a in framework.activities:
        ar = scores.activities[a.pk]
        rows.append(
            [
                "activity",
                a.key,
                a.name,
                _round(ar.performance),
                ar.top_leader or "",
                "",
                "",
                scores.respondents,
            ]
        )
    return rows


def answer_rows(assessment: Assessment, team_ids: set[int] | None) -> list[list[Any]]:
    people = Respondent.objects.filter(
        assessment=assessment, submitted_at__isnull=False
    ).select_related("team")
    if team_ids is not None:
        people = people.filter(team_id__in=team_ids)
    people_list = list(people)
    anonymous = assessment.is_anonymous
    threshold = assessment.min_group_size if anonymous else 1
    team_sizes = Counter(p.team_id for p in people_list)
    role_sizes = Counter(p.role for p in people_list)
    order = list(people_list)
    if anonymous:
        random.SystemRandom().shuffle(order)
    label = {
        p.pk: (f"R{i + 1:03d}" if anonymous else (p.name or f"Respondent {p.pk}"))
        for i, p in enumerate(order)
    }
    team_of = {p.pk: p.team.name if team_sizes[p.team_id] >= threshold else "" for p in people_list}
    role_of = {
        p.pk: p.get_role_display() if role_sizes[p.role] >= threshold else "" for p in people_list
    }
    rows: list[list[Any]] = []
    answers = Answer.objects.filter(respondent__in=people_list).select_related(
        "statement", "option"
    )
    for a in answers:
        rows.append(
            [
                label[a.respondent_id],
                team_of[a.respondent_id],
                role_of[a.respondent_id],
                a.statement.text,
                a.statement.key,
                a.option.label if a.option else "",
                a.option.score if a.option else "",
                a.comment,
            ]
        )
    acts = ActivityAnswer.objects.filter(respondent__in=people_list).select_related(
        "activity", "leader", "performance"
    )
    for aa in acts:
        rows.append(
            [
                label[aa.respondent_id],
                team_of[aa.respondent_id],
                role_of[aa.respondent_id],
                f"{aa.activity.name}: who leads it",
                aa.activity.key,
                aa.leader.name if aa.leader else "",
                "",
                aa.comment,
            ]
        )
        if aa.performance is not None:
            rows.append(
                [
                    label[aa.respondent_id],
                    team_of[aa.respondent_id],
                    role_of[aa.respondent_id],
                    f"{aa.activity.name}: how well it is done",
                    aa.activity.key,
                    aa.performance.label,
                    aa.performance.score if aa.performance.score is not None else "",
                    "",
                ]
            )
    order_index = {label[p.pk]: i for i, p in enumerate(order)}
    rows.sort(key=lambda r: (order_index[r[0]], r[4], r[3]))
    return rows


def _round(value: float | None) -> float | str:
    return "" if value is None else round(value, 1)


def _safe(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula (CSV injection)."""
    if isinstance(value, str) and value and value[0] in "=+-@":
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe(v) for v in row])
    return out.getvalue()


def to_xlsx(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title)
        sheet.append(list(header))
        for row in rows:
            sheet.append([_safe(v) for v in row])
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
