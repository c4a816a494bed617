"""CSV and XLSX exports: a report's scores, and the raw answers' columns, written as they come.

The scores come from a ``Report`` (stored results, never the raw answers); the raw answers
come from ``answer_stream``, which keeps the anonymity rules. Both are written here a row at a
time, so neither a CSV nor a workbook is ever held whole in memory. Any text a spreadsheet
would run as a formula is neutralised in both.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from openpyxl import Workbook

from assessments.reports.builder import Report
from frameworks.models import Statement

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
    "maturity_score",
    "judged_by",
]
# score: an enabler's mean agreement (0–100), shown apart from its level. maturity_score: the
# number beside its level, on one scale (Immature 0–33, Managed 34–66, Leading 67–100); empty
# when there is not enough evidence for a level, and for anything that is not an enabler.
# For a statement, "level or zone" says whether it counts: in place, not in place, or not
# rated (too few raters); score is its mean evidence; raters is how many rated it; judged_by
# says who was asked it ("everyone", "product people", "leadership", ...): its raters and
# whether it counts are among those people alone. An enabler's judged_by names every audience
# of its statements.
# answer_value: the answer on the 0–100 agreement scale, as given. reversed: the statement
# describes a symptom, so scoring counts 100 − answer_value. evidence: what scoring used
# (empty for "don't know", which never counts as evidence either way, and for an answer to
# a statement for some roles only, such as product people or leadership, given by someone in
# another role).
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
# Bytes of CSV handed on at a time, to the socket or to the file.
CHUNK_BYTES = 64 * 1024


def score_rows(report: Report) -> list[list[Any]]:
    framework, scores = report.framework, report.scores
    assert scores is not None, "a withheld report has no scores to export"
    n, method = scores.respondents, report.method_version
    rows: list[list[Any]] = []
    judges = _judges(framework.statements)
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
                "" if r.position is None else r.position,
                judges.get(e.pk, ""),
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
                "",
                s.audience_label,
            ]
        )
    for d in framework.dials:
        dr = scores.dials[d.key]
        rows.append(
            ["dial", d.key, d.name, _round(dr.value), dr.zone, "", "", n, "", "", method, "", ""]
        )
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
                "",
                "",
            ]
        )
    return rows


def _judges(statements: Iterable[Statement]) -> dict[int, str]:
    """Each enabler's audiences, for its row: "everyone; leadership" (everyone first)."""
    found: dict[int, list[str]] = {}
    for s in statements:
        said = found.setdefault(s.enabler_id, [])
        if s.audience_label not in said:
            said.append(s.audience_label)
    return {
        pk: "; ".join(sorted(labels, key=lambda w: (w != "everyone", w)))
        for pk, labels in found.items()
    }


def _round(value: float | None) -> float | str:
    return "" if value is None else round(value, 1)


def _safe(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula (CSV injection)."""
    if isinstance(value, str) and value and value[0] in "=+-@":
        return "'" + value
    return value


class _Echo:
    """A file that hands back what is written: csv.writer then gives out one line at a time."""

    def write(self, line: str) -> str:
        return line


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([_safe(v) for v in row])


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    return "".join(csv_lines(header, rows))


def csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence[Any]], size: int = CHUNK_BYTES
) -> Iterator[bytes]:
    """The CSV as UTF-8, in blocks of about ``size`` bytes, made as they are read.

    A line at a time would cost a write (to the socket or the file) per line; blocks keep
    the memory as small and the writes few.
    """
    held: list[str] = []
    length = 0
    for line in csv_lines(header, rows):
        held.append(line)
        length += len(line)
        if length >= size:
            yield "".join(held).encode("utf-8")
            held, length = [], 0
    if held:
        yield "".join(held).encode("utf-8")


def write_xlsx(
    out: IO[bytes], sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]
) -> None:
    """The workbook, written row by row as the rows come (openpyxl's write-only mode).

    Each row goes to a temporary file inside openpyxl as soon as it is appended, so memory
    stays flat however many rows there are. Empty text is left out (a missing cell reads as
    empty, and costs nothing to write) except in the last column: a row that reaches it reads
    back full width, also in readers that take a row's width from its cells.
    """
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "A2"  # only before the first row, in write-only mode
        sheet.append(list(header))
        for row in rows:
            *first, last = row
            sheet.append([*(None if v == "" else _safe(v) for v in first), _safe(last)])
    workbook.save(out)
