"""Reads for roadmaps: the team's report to plan from, its targets, its board and progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from assessments.organisations.models import Membership, Organisation, Team
from assessments.reports import scoring
from assessments.reports.access import team_scope
from assessments.reports.builder import Report, build_report
from assessments.reports.scoring import noise
from assessments.roadmaps import planner
from assessments.roadmaps.access import TeamRoadmap
from assessments.roadmaps.models import Roadmap, RoadmapAction, Target
from assessments.rounds.models import Assessment
from frameworks.levels import MaturityLevel


def team_report(assessment: Assessment, team: Team) -> Report:
    """The team's report, as the report page shows it (withheld while too few have answered)."""
    return build_report(assessment, team_scope(team), compare=False)


def saved_targets(assessment: Assessment, team: Team) -> dict[str, MaturityLevel]:
    """Enabler key → the level the team chose to aim for."""
    return {
        t.enabler.key: MaturityLevel.from_key(t.level.key)
        for t in Target.objects.filter(assessment=assessment, team=team).select_related(
            "enabler", "level"
        )
    }


def target_reasons(assessment: Assessment, team: Team) -> dict[str, str]:
    """Enabler key → why the team chose its target, as they wrote it."""
    return dict(
        Target.objects.filter(assessment=assessment, team=team).values_list(
            "enabler__key", "reason"
        )
    )


def current_targets(
    assessment: Assessment, team: Team, scores: scoring.Scores
) -> dict[str, MaturityLevel]:
    """The saved target per enabler, or the default where none is saved (one level up for
    the two enablers with most to gain, see planner.default_targets)."""
    saved = saved_targets(assessment, team)
    defaults = planner.default_targets(
        {key: (int(result.level), result.score) for key, result in scores.enablers.items()}
    )
    return {key: saved.get(key, defaults[key]) for key in scores.enablers}


def board_actions(road: Roadmap | None) -> list[RoadmapAction]:
    if road is None:
        return []
    return list(
        road.actions.select_related("owner", "recommendation")
        .prefetch_related("changes__user")
        .order_by("position", "pk")
    )


def by_horizon(actions: list[RoadmapAction]) -> list[tuple[str, str, list[RoadmapAction]]]:
    """The board's columns: Now, Next, Later, each with the team's actions."""
    return [
        (h, label, [a for a in actions if a.horizon == h and not a.for_leadership])
        for h, label in RoadmapAction.Horizon.choices
    ]


def for_leadership(actions: list[RoadmapAction]) -> list[RoadmapAction]:
    """Actions only leadership can take, soonest first."""
    order = {h: i for i, (h, _) in enumerate(RoadmapAction.Horizon.choices)}
    return sorted(
        (a for a in actions if a.for_leadership), key=lambda a: (order[a.horizon], a.position)
    )


def summary_context(place: TeamRoadmap) -> dict[str, Any]:
    """The one-page summary: the report's headlines and the roadmap (the page and its PDF)."""
    road = place.roadmap
    if road is None:
        raise Http404("No roadmap yet.")
    report = team_report(place.assessment, place.team)
    actions = summary_actions(road)
    return place.access.page_context(
        assessment=place.assessment,
        team=place.team,
        headlines=[
            (row.result.level_key, row.result.level_name, row.headline) for row in report.enablers
        ],
        columns=by_horizon(actions),
        leadership=for_leadership(actions),
    )


def summary_actions(road: Roadmap) -> list[RoadmapAction]:
    """What the team is doing or may do: everything but dropped actions."""
    return list(
        road.actions.exclude(status=RoadmapAction.Status.DROPPED)
        .select_related("owner", "recommendation")
        .order_by("position", "pk")
    )


def export_actions(road: Roadmap) -> QuerySet[RoadmapAction]:
    return road.actions.select_related("owner", "recommendation__enabler").order_by("position")


def can_recheck(road: Roadmap | None) -> bool:
    """A re-check needs at least one finished recommended action to ask about."""
    return bool(
        road
        and road.actions.filter(
            status=RoadmapAction.Status.DONE, recommendation__isnull=False
        ).exists()
    )


def possible_owners(organisation: Organisation) -> list[Any]:
    members = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__first_name")
    )
    return [m.user for m in members]


@dataclass(frozen=True)
class Progress:
    """How a team moved in its next round of the same framework. On another version of it
    (1.1 to 1.2, or a fork), statements are matched by their stable keys: one the later
    version no longer asks has nothing to show."""

    assessment: Assessment
    ready: bool  # False while too few people have answered the later round
    enablers: tuple[dict[str, Any], ...] = ()
    actions: tuple[dict[str, Any], ...] = ()
    same_version: bool = True


def _next_round(road: Roadmap) -> Assessment | None:
    return (
        Assessment.objects.filter(
            organisation=road.assessment.organisation,
            teams=road.team,
            opens_at__gt=road.assessment.opens_at,
            framework_version__framework_id=road.assessment.framework_version.framework_id,
        )
        .select_related("framework_version")
        .order_by("opens_at", "pk")
        .first()
    )


def progress(road: Roadmap) -> Progress | None:
    """Targets met, and how the statements behind the team's actions moved, in its next round."""
    later = _next_round(road)
    if later is None:
        return None
    same_version = later.framework_version_id == road.assessment.framework_version_id
    before = team_report(road.assessment, road.team)
    after = team_report(later, road.team)
    if before.scores is None or after.scores is None:
        return Progress(later, ready=False, same_version=same_version)
    old, new = before.scores, after.scores
    targets = saved_targets(road.assessment, road.team)
    enabler_rows = [
        {
            "enabler": e,
            "target": targets[e.key].label,
            "then": old.enablers[e.key].level_name,
            "now": new.enablers[e.key].level_name,
            "met": new.enablers[e.key].decided and new.enablers[e.key].level >= targets[e.key],
        }
        for e in before.framework.enablers
        if e.key in targets and e.key in new.enablers and new.enablers[e.key].score is not None
    ]
    texts = {s.pk: s.text for s in before.framework.statements}
    # The later round's statement for each key (the same statement on the same version).
    later_pk = {s.key: s.pk for s in after.framework.statements}
    actions = list(
        road.actions.filter(recommendation__isnull=False)
        .exclude(status__in=[RoadmapAction.Status.PROPOSED, RoadmapAction.Status.DROPPED])
        .prefetch_related("recommendation__statements")
    )
    action_rows = _action_moves(actions, old, new, texts, later_pk)
    return Progress(later, True, tuple(enabler_rows), tuple(action_rows), same_version)


def _action_moves(
    actions: list[RoadmapAction],
    old: scoring.Scores,
    new: scoring.Scores,
    texts: dict[int, str],
    later_pk: dict[str, int],
) -> list[dict[str, Any]]:
    """How the statements behind each action moved, each matched in the later round by its
    key. Every move shown is judged together with the others, by the rule comparisons use
    (``noise.judged_moves``): with nothing real, the block rarely calls anything real."""
    found: list[tuple[int, int, float, float, noise.Noise | None]] = []
    for i, action in enumerate(actions):
        for statement in action.recommendation.statements.all():  # type: ignore[union-attr]
            then = old.statements.get(statement.pk)
            now = new.statements.get(later_pk.get(statement.key, -1))
            if then is None or now is None or then.evidence is None or now.evidence is None:
                continue
            sized = noise.ratings_noise((then.spread, then.answered), (now.spread, now.answered))
            found.append((i, statement.pk, then.evidence, now.evidence, sized))
    judged = noise.judged_moves([(a, b, sized) for _, _, a, b, sized in found])
    rows: list[dict[str, Any]] = [{"action": action, "moved": []} for action in actions]
    for (i, pk, a, b, _), (margin, real) in zip(found, judged, strict=True):
        rows[i]["moved"].append(
            {"text": texts[pk], "then": a, "now": b, "delta": b - a, "margin": margin, "real": real}
        )
    return rows
