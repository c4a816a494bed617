"""A scope's results (the round, a department or a team) as the report page shows them.

Everything comes from the page's own ``Report`` (``reports.builder.build_report``), so the
API and the page agree on every figure, level and "not enough evidence", and a report the
page withholds (too few people, or a smaller group beside it would be given away) is
withheld here too: ``results`` is ``None`` and ``withheld_reason`` says why, in the page's
words.
"""

from __future__ import annotations

from typing import Any

from assessments.api.representations import words
from assessments.reports.builder import (
    ActivityRow,
    DialRow,
    EnablerRow,
    MoveRow,
    Report,
    RoleComparison,
)
from frameworks.models import Statement


def withheld_reason(report: Report) -> str:
    """Why the page shows no results for this scope: the page's own sentence."""
    people = report.respondents
    if report.protects_others:
        return (
            f"This round is anonymous. {people} people have submitted here, but a smaller group "
            "beside this one is hidden, and showing this one would let anyone work that group’s "
            "answers out by subtraction."
        )
    if report.assessment.is_anonymous and people < report.threshold:
        have = "person has" if people == 1 else "people have"
        return (
            f"This round is anonymous, so no group smaller than {report.threshold} people is "
            f"shown on its own. {people} {have} submitted so far."
        )
    return "Nobody has submitted yet. The report fills in as responses arrive."


def withheld_code(report: Report) -> str:
    if report.protects_others:
        return "protects_another_group"
    if report.assessment.is_anonymous and report.respondents < report.threshold:
        return "too_few_people"
    return "no_responses"


def results_data(report: Report) -> dict[str, Any]:
    """The report of one scope: who answered, then its results (``None`` while withheld)."""
    scope = report.scope
    counts = report.counts
    data: dict[str, Any] = {
        "round": {"id": report.assessment.pk, "name": report.assessment.name},
        "scope": {"kind": scope.kind, "id": scope.obj_pk, "title": scope.title},
        "anonymous": report.assessment.is_anonymous,
        "group_threshold": report.threshold,
        "participation": {
            "invited": counts.invited,
            "started": counts.started,
            "submitted": report.respondents,
            "explanation": "People invited, who started and who submitted in this scope.",
        },
        "method": report.method,
        "computed_at": words.when(report.computed_at),
        "updating": report.updating,
        "batch_note": report.batch_note,
        "how_scores_work": words.HOW_SCORED,
        "withheld": report.withheld,
        "withheld_code": withheld_code(report) if report.withheld else None,
        "withheld_reason": withheld_reason(report) if report.withheld else None,
        "results": None if report.withheld else _results(report),
    }
    return data


def _results(report: Report) -> dict[str, Any]:
    return {
        "enablers": [_enabler(row) for row in report.enablers],
        "enablers_explanation": {
            "maturity_score": words.MATURITY_SCORE,
            "mean_agreement": words.MEAN_AGREEMENT,
            "confidence": words.CONFIDENCE,
        },
        "not_enough_evidence": [row.enabler.key for row in report.undecided],
        "dials": [_dial(row) for row in report.dials],
        "dials_explanation": words.DIAL,
        "strengths": [_pick(s, r) for s, r in report.strengths],
        "strengths_explanation": words.STRENGTHS,
        "next_moves": [_move(row) for row in report.moves],
        "next_moves_explanation": words.NEXT_MOVES,
        "splits": [_pick(s, r) for s, r in report.splits],
        "splits_explanation": words.SPLITS,
        "roles": _roles(report.roles),
        "activities": [_activity(row) for row in report.activities],
        "activities_explanation": words.ACTIVITY,
        "flags": [{"kind": f.kind, "explanation": f.text} for f in report.flags],
        "charter": [f.sentence for f in report.charter],
        "radar": [{"label": s.label, "maturity_scores": list(s.values)} for s in report.series],
        "comment_counts": [
            {"about": c.about, "order": c.order, "count": c.count} for c in report.comment_counts
        ],
    }


def _statement(statement: Statement) -> dict[str, Any]:
    return {
        "key": statement.key,
        "text": statement.text,
        "warning_sign": statement.reverse_scored,
    }


def _enabler(row: EnablerRow) -> dict[str, Any]:
    r = row.result
    return {
        "key": row.enabler.key,
        "name": row.enabler.name,
        "level": r.level.key if r.decided else None,
        "level_name": r.level_name,  # "Not enough evidence" when no level is given
        "enough_evidence": r.decided,
        "maturity_score": r.position,
        "mean_agreement": words.one_decimal(r.score),
        "confidence": r.confidence,
        "raters": r.raters,
        "dont_know_share": round(100 * r.dont_know_rate),
        "position": row.position,
        "explanation": row.headline,
        "confidence_explanation": row.confidence,
        "next_level": r.next_level.label if r.decided and r.next_level else None,
        "to_go": r.to_go if r.decided else None,
        "blocking": [_statement(s) for s in row.blocking],
        "lacking": [_statement(s) for s in row.lacking],
    }


def _dial(row: DialRow) -> dict[str, Any]:
    return {
        "key": row.dial.key,
        "name": row.dial.name,
        "value": words.one_decimal(row.result.value),
        "zone": row.result.zone,
        "from": row.dial.left_label,
        "to": row.dial.right_label,
        "explanation": row.zone_text[:1].upper() + row.zone_text[1:],
    }


def _pick(statement: Statement, result: Any) -> dict[str, Any]:
    return {
        **_statement(statement),
        "enabler": statement.enabler.name,
        "support_share": words.percent(result.support),
        "oppose_share": words.percent(result.oppose),
        "responded": result.responded,
    }


def _move(row: MoveRow) -> dict[str, Any]:
    return {
        **_statement(row.statement),
        "enabler": row.enabler_name,
        "level_now": row.move.enabler.level_name,
        "support_share": words.percent(row.move.result.support),
        "responded": row.move.result.responded,
        "dont_know": row.move.result.dont_know,
        "action": row.action,
        "explanation": row.why,
    }


def _roles(roles: RoleComparison) -> dict[str, Any]:
    """Only roles the page shows: none unless at least two are large enough, as on the page."""
    names = list(roles.names) if roles.rows else []
    return {
        "names": names,
        "rows": [
            {
                "enabler": row.enabler.key,
                "mean_agreement": dict(zip(names, map(words.whole, row.values), strict=True)),
                "gap": words.whole(row.gap),
            }
            for row in roles.rows
        ],
        "dont_know_share": dict(zip(names, roles.dont_know, strict=True)) if names else {},
        "explanation": words.ROLES,
    }


def _activity(row: ActivityRow) -> dict[str, Any]:
    r = row.result
    return {
        "key": row.activity.key,
        "name": row.activity.name,
        "area": row.activity.area.name,
        "recommended": row.activity.ownership.label,
        "led_by": [{"who": who, "people": n} for who, n in row.leaders],
        # The clear leader, first of those named (the page puts it in bold); None if unclear.
        "top_leader": row.leaders[0][0] if r.top_leader and row.leaders else None,
        "agreement_share": words.percent(r.agreement),
        "performance": words.one_decimal(r.performance),
        "gaps": list(row.gaps),
    }
