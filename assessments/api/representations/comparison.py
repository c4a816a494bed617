"""A round's comparison (departments, teams, earlier rounds) as the comparison page shows it.

Everything comes from the page's own ``Comparison`` (``comparisons.builder.comparison_for``):
a cell the page leaves blank is ``None`` here with the page's reason, a group's size under
the threshold is never given (the page says "fewer than N"), and a section the page's
``show`` filter leaves out is ``None``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assessments.api.representations import words
from assessments.comparisons import scoring
from assessments.comparisons.across import Column
from assessments.comparisons.builder import Comparison, DistributionRow, Row
from assessments.comparisons.pages import made_with
from assessments.comparisons.trends import History, Trend
from frameworks.models import Enabler

HIDDEN = (
    "Not shown, to protect anonymity: fewer than {n} people have submitted, or a smaller group "
    "beside it would be given away."
)


def comparison_data(comparison: Comparison) -> dict[str, Any]:
    f = comparison.filters
    maturity, dials, activities = f.shows("maturity"), f.shows("dials"), f.shows("activities")
    enablers = comparison.enablers
    return {
        "round": {"id": comparison.assessment.pk, "name": comparison.assessment.name},
        "made_with": [{"what": what, "value": value} for what, value in made_with(comparison)],
        "filters": {
            "department": f.department,
            "role": f.role or None,
            "show": f.show or None,
            "since": f.since,
            "sort": f.sort,
        },
        "role_refused": comparison.role_refused or None,
        "roles": [{"key": key, "name": name} for key, name in comparison.roles],
        "departments": [{"id": pk, "name": name} for pk, name in comparison.department_choices],
        "group_threshold": comparison.threshold,
        "method": comparison.method,
        "computed_at": words.when(comparison.computed_at),
        "updating": comparison.updating,
        "enablers": [{"key": e.key, "name": e.name} for e in enablers],
        "summaries": comparison.summaries if maturity else None,
        "where_to_invest": list(comparison.invest) if maturity else None,
        "heatmap": _heatmap(comparison) if maturity else None,
        "distributions": (
            [_distribution(row) for row in comparison.distributions] if maturity else None
        ),
        "columns": [_column(c) for c in comparison.columns],
        "columns_label": comparison.columns_label,
        "dials": _dials(comparison) if dials else None,
        "activities": _activities(comparison) if activities else None,
        "disagreements": _disagreements(comparison) if maturity else None,
        "trend": _trend(comparison.trend, enablers) if comparison.trend else None,
        # As on the page: a history of one round draws nothing.
        "history": (
            _history(comparison.history)
            if comparison.history and len(comparison.history.rounds) > 1
            else None
        ),
    }


def people_shown(people: int, threshold: int) -> int | None:
    """A group's size as the page gives it: none under the threshold (it says "fewer than")."""
    return None if 0 < people < threshold else people


def _heatmap(comparison: Comparison) -> dict[str, Any]:
    threshold = comparison.threshold

    def row(r: Row) -> dict[str, Any]:
        people = people_shown(r.people, threshold)
        return {
            "kind": r.kind,
            "id": r.pk if r.kind != "round" else None,
            "name": r.name,
            "department": r.department or None,
            "people": people,
            "people_explanation": f"fewer than {threshold}" if people is None else None,
            "cells": [_cell(e, c) for e, c in zip(comparison.enablers, r.cells, strict=True)],
        }

    return {
        "round": row(comparison.whole),
        "departments": [row(r) for r in comparison.departments],
        "teams": [row(r) for r in comparison.teams],
        "explanation": (
            "Each group's level and maturity score per enabler, from the pooled answers of its "
            "people (never an average of its teams). " + words.MATURITY_SCORE
        ),
    }


def _cell(enabler: Enabler, cell: scoring.Cell) -> dict[str, Any]:
    if not cell.shown:
        return {
            "enabler": enabler.key,
            "shown": False,
            "level": None,
            "level_name": None,
            "maturity_score": None,
            "mean_agreement": None,
            "raters": None,
            "confidence": None,
            "hidden_reason": cell.hidden_why[:1].upper() + cell.hidden_why[1:],
        }
    return {
        "enabler": enabler.key,
        "shown": True,
        "level": cell.level_key if cell.level_key != "undecided" else None,
        "level_name": cell.level_name,
        "maturity_score": cell.position,
        "mean_agreement": words.whole(cell.score),
        "raters": cell.raters,
        "confidence": cell.confidence,
        "hidden_reason": None,
    }


def _distribution(row: DistributionRow) -> dict[str, Any]:
    spread = row.spread
    return {
        "enabler": row.enabler.key,
        "teams_shown": spread.count if spread else 0,
        "maturity_scores": (
            {
                name: words.whole(getattr(spread, name))
                for name in ("low", "q1", "median", "q3", "high")
            }
            if spread
            else None
        ),
        "below_target": row.investment.below_target,
        "with_target": row.investment.with_target,
        "teams": [
            {"team": p.team, "maturity_score": words.whole(p.score), "target": p.target}
            for p in row.points
        ],
        "explanation": row.teams_text,
    }


def _column(column: Column) -> dict[str, Any]:
    kind, pk = column.key
    return {"kind": kind, "id": pk or None, "name": column.name, "shown": column.shown}


def _dials(comparison: Comparison) -> list[dict[str, Any]]:
    hidden = HIDDEN.format(n=comparison.threshold)
    return [
        {
            "key": row.dial.key,
            "name": row.dial.name,
            "from": row.dial.left_label,
            "to": row.dial.right_label,
            "cells": [
                {"value": words.whole(c.value), "zone": c.zone, "explanation": c.words}
                if c is not None
                else {"value": None, "zone": None, "explanation": hidden}
                for c in row.cells
            ],
        }
        for row in comparison.dials
    ]


def _activities(comparison: Comparison) -> list[dict[str, Any]]:
    return [
        {
            "key": row.activity.key,
            "name": row.activity.name,
            "product_should_lead": row.product_should_lead,
            "recommended": row.activity.ownership.label,
            "cells": [
                {"product_leads_share": words.percent(c.share), "gaps": list(c.gaps)}
                if c is not None
                else {"product_leads_share": None, "gaps": None, "hidden": True}
                for c in row.cells
            ],
        }
        for row in comparison.activities
    ]


def _disagreements(comparison: Comparison) -> list[dict[str, Any]]:
    hidden = HIDDEN.format(n=comparison.threshold)
    out = []
    for d in comparison.disagreements:
        if not d.column.shown:
            out.append({"column": d.column.name, "shown": False, "hidden_reason": hidden})
            continue
        out.append(
            {
                "column": d.column.name,
                "shown": True,
                "roles": d.gap_text or "no two roles are large enough to compare",
                "split_statements": d.split_count,
                "most_split": list(d.top_splits),
            }
        )
    return out


def _change(enabler: Enabler, change: scoring.Change | None) -> dict[str, Any]:
    if change is None:
        return {"enabler": enabler.key, "shown": False}
    return {
        "enabler": enabler.key,
        "shown": True,
        "change": words.whole(change.delta),
        "margin": words.whole(change.margin),
        "direction": change.direction,
        "explanation": change.words,
        "levels": change.level_words or None,
    }


def _trend(trend: Trend, enablers: Sequence[Enabler]) -> dict[str, Any]:
    if trend.refusal is not None:
        return {
            "since": {"id": trend.since.pk, "name": trend.since.name},
            "shown": False,
            "refusal": trend.refusal.text,
            "instead": trend.refusal.instead,
        }
    return {
        "since": {"id": trend.since.pk, "name": trend.since.name},
        "shown": True,
        "same_version": trend.same_version,
        "shared_statements": trend.shared,
        "asked_statements": trend.asked,
        "real_changes": trend.real_changes,
        "rows": [
            {
                "name": row.name,
                "absent": row.absent,
                "different_group": row.different_group,
                "changes": (
                    None
                    if row.different_group
                    else [_change(e, c) for e, c in zip(enablers, row.changes, strict=True)]
                ),
            }
            for row in trend.rows
        ],
        "teams_moved": [
            {"team": t.team, "enabler": t.enabler, "explanation": t.change.words}
            for t in trend.teams_moved
        ],
        "statements_moved": [
            {
                "text": m.text,
                "enabler": m.enabler,
                "warning_sign": m.warning,
                "explanation": m.change.words,
            }
            for m in trend.moved
        ],
        "explanation": (
            "Change in mean agreement (0–100) since the earlier round. A change no larger than "
            "chance alone could make, judged together with every other change, is within noise."
        ),
    }


def _history(history: History) -> dict[str, Any]:
    return {
        "mixed_versions": history.mixed_versions,
        "rounds": [
            {
                "id": turnout.assessment.pk,
                "name": turnout.assessment.name,
                "invited": turnout.invited,
                "submitted": turnout.submitted,
                "mean_agreement": [words.whole(v) for v in scores],
            }
            for turnout, scores in history.by_round
        ],
        "left_out": [r.name for r in history.other_groups],
    }
