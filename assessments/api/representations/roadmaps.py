"""A team's roadmap and its actions as the roadmap board shows them.

The board reads the team's report first: while the page withholds it (too few people, or a
smaller group beside it would be given away), the board shows no targets and no actions, and
neither does the API.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from assessments.api.representations import words
from assessments.api.representations.results import withheld_code, withheld_reason
from assessments.organisations.models import Team
from assessments.reports.builder import Report
from assessments.roadmaps.models import Roadmap, RoadmapAction
from frameworks.levels import MaturityLevel

STATUS_EXPLANATION = (
    "proposed (generated, not yet taken on), not_started, in_progress, done or dropped."
)


def action_data(action: RoadmapAction) -> dict[str, Any]:
    """One action as its card on the board shows it."""
    rec = action.recommendation
    return {
        "id": action.pk,
        "title": action.title,
        "horizon": action.horizon,
        "horizon_name": action.get_horizon_display(),
        "position": action.position,
        "status": action.status,
        "status_name": action.get_status_display(),
        "owner": words.person(action.owner),
        "due_date": words.when(action.due_date),
        "effort": action.effort or None,
        "for_leadership": action.for_leadership,
        "reason": action.reason,
        "first_step": action.first_step,
        "why": rec.why if rec is not None else None,
        "done_looks_like": rec.done if rec is not None else None,
        "notes": action.notes,
        "created_at": words.when(action.created_at),
    }


def roadmap_data(
    team: Team,
    report: Report,
    road: Roadmap | None,
    actions: Sequence[RoadmapAction],
    targets: Mapping[str, MaturityLevel],
    reasons: Mapping[str, str],
) -> dict[str, Any]:
    """The board of one team: its targets per enabler and its actions (none while withheld)."""
    data: dict[str, Any] = {
        "team": {"id": team.pk, "name": team.name},
        "round": {"id": report.assessment.pk, "name": report.assessment.name},
        "withheld": report.withheld,
        "withheld_code": withheld_code(report) if report.withheld else None,
        "withheld_reason": withheld_reason(report) if report.withheld else None,
        "generated": road is not None,
        "generated_at": words.when(road.generated_at) if road is not None else None,
        "targets": None,
        "actions": None,
        "status_explanation": STATUS_EXPLANATION,
    }
    if report.scores is None:
        return data
    enablers = report.scores.enablers
    data["targets"] = [
        {
            "enabler": e.key,
            "name": e.name,
            "level_now": enablers[e.key].level_name,
            "maturity_score": enablers[e.key].position,
            "target": targets[e.key].label,
            "reason": reasons.get(e.key, ""),
        }
        for e in report.framework.enablers
    ]
    data["actions"] = [action_data(a) for a in actions]
    return data


def roadmap_summary(
    team: Team, shown: bool, road: Roadmap | None, counts: Mapping[str, int]
) -> dict[str, Any]:
    """A team's roadmap in a round's list: whether there is one, and its actions by status
    (none for a team whose report the page withholds)."""
    return {
        "team": {"id": team.pk, "name": team.name},
        "withheld": not shown,
        "generated": road is not None,
        "generated_at": words.when(road.generated_at) if road is not None else None,
        "actions_by_status": dict(counts) if shown and road is not None else None,
    }
