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

from assessments.reports import scoring
from assessments.reports.builder import Report
from assessments.rounds.models import ActivityAnswer, Answer, Respondent

SCORE_HEADER = [
    "kind",
    "key",
    "name",
    "score",
    "level or zone",
    "dont_know_rate",
    "spread",
    "respondents",
    "raters",
    "confidence",
    "method",
]
# For a statement, "level or zone" says whether it counts: in place, not in place, or not
# rated (too few raters); score is its mean evidence; raters is how many rated it.
# answer_value: the answer on the 0–100 agreement scale, as given. reversed: the statement
# describes a symptom, so scoring counts 100 − answer_value. evidence: what scoring used
# (empty for "don't know", which never counts as evidence either way, and for an answer to
# a statement for product people given by someone in another role).
ANSWER_HEADER = [
    "respondent",
    "team",
    "role",
    "item",
    "item_key",
    "answer",
    "answer_value",
    "reversed",
    "evidence",
    "comment",
]


def score_rows(report: Report) -> list[list[Any]]:
    framework, scores = report.framework, report.scores
    assert scores is not None, "a withheld report has no scores to export"
    n, method = scores.respondents, scoring.METHOD_VERSION
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
                n,
                r.raters,
                r.confidence,
                method,
            ]
        )
    for s in framework.statements:
        sr = scores.statements[s.pk]
        state = "in place" if sr.met else "not in place" if sr.rated else "not rated"
        total = sr.answered + sr.dont_know
        unsure = round(sr.dont_know / total, 3) if total else 0.0
        rows.append(
            [
                "statement",
                s.key,
                s.text,
                _round(sr.evidence),
                state,
                unsure,
                _round(sr.spread),
                n,
                sr.answered,
                "",
                method,
            ]
        )
    for d in framework.dials:
        dr = scores.dials[d.key]
        rows.append(["dial", d.key, d.name, _round(dr.value), dr.zone, "", "", n, "", "", method])
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
                n,
                "",
                "",
                method,
            ]
        )
    return rows


def answer_rows(report: Report) -> list[list[Any]]:
    assessment, team_ids = report.assessment, report.scope.team_ids
    people = Respondent.objects.filter(
        assessment=assessment, submitted_at__isnull=False
    ).select_related("team")
    if team_ids is not None:
        people = people.filter(team_id__in=team_ids)
    people_list = list(people)
    anonymous = assessment.is_anonymous
    threshold = assessment.group_threshold
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
    scope = {"respondent__in": [p.pk for p in people_list]}

    def who(rid: int) -> list[Any]:
        return [label[rid], team_of[rid], role_of[rid]]

    product_people = {p.pk for p in people_list if p.role in Respondent.PRODUCT_ROLES}
    for rid, text, key, option, score, reversed_, audience, comment in Answer.objects.filter(
        **scope
    ).values_list(
        "respondent_id",
        "statement__text",
        "statement__key",
        "option__label",
        "option__score",
        "statement__reverse_scored",
        "statement__audience",
        "comment",
    ):
        value = "" if score is None else score
        # Scoring counts a statement for product people only from product roles.
        counted = score is not None and (audience != "product" or rid in product_people)
        evidence = (
            scoring.as_evidence(score, reverse=reversed_) if counted and score is not None else ""
        )
        flag = "yes" if reversed_ else "no"
        rows.append([*who(rid), text, key, option or "", value, flag, evidence, comment])
    for rid, name, key, leader, perf, perf_score, comment in ActivityAnswer.objects.filter(
        **scope
    ).values_list(
        "respondent_id",
        "activity__name",
        "activity__key",
        "leader__name",
        "performance__label",
        "performance__score",
        "comment",
    ):
        rows.append([*who(rid), f"{name}: who leads it", key, leader or "", "", "", "", comment])
        if perf is not None:
            cell = "" if perf_score is None else perf_score
            done_well = f"{name}: how well it is done"
            rows.append([*who(rid), done_well, key, perf, cell, "no", cell, ""])
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
