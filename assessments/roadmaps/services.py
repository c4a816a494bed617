"""Writes for targets and roadmaps; every change to an action is recorded with who and when."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from assessments.exports.files import ExportFile
from assessments.exports.pdf import html_to_pdf
from assessments.organisations.models import Team
from assessments.personas.selectors import persona_report, scope_group
from assessments.reports import scoring
from assessments.reports.builder import Report
from assessments.roadmaps import announcements, planner
from assessments.roadmaps.models import ActionChange, Roadmap, RoadmapAction, Target
from assessments.roadmaps.selectors import summary_context, team_report
from assessments.rounds import services as round_services
from assessments.rounds.models import Assessment
from frameworks.levels import MaturityLevel
from frameworks.models import GapAction, Recommendation, Statement
from pmmaturity.text import clean_text

if TYPE_CHECKING:
    from assessments.roadmaps.access import TeamRoadmap


@transaction.atomic
def roadmap_generate(
    *,
    assessment: Assessment,
    team: Team,
    targets: Mapping[str, int],
    reasons: Mapping[str, str],
    user: Any,
) -> Roadmap:
    """Save the targets and (re)build the proposed part of the roadmap.

    Actions the team has already accepted, edited or added stay as they are, and the new
    plan repeats none of them.
    """
    report = team_report(assessment, team)
    if report.scores is None:
        raise ValueError("Not enough responses to plan from yet.")
    chosen = _save_targets(report, targets, reasons, user)
    recs = list(
        Recommendation.objects.filter(version=assessment.framework_version)
        .select_related("enabler")
        .prefetch_related("statements", "requires")
    )
    road, _ = Roadmap.objects.get_or_create(
        assessment=assessment, team=team, defaults={"generated_by": user}
    )
    road.generated_by = user
    road.save()
    planned = _plan(report, report.scores, chosen, recs, _on_board(road))
    _store_plan(road, planned, {r.key: r for r in recs})
    return road


def _on_board(road: Roadmap) -> planner.OnBoard:
    """What the actions that stay on the board cover: those the team has taken on from
    earlier plans, and, by title only, the team's own (theirs to word and to scope)."""
    staying = road.actions.exclude(Q(status=RoadmapAction.Status.PROPOSED) & ~Q(key=""))
    kept = list(
        staying.exclude(key="").select_related("recommendation").prefetch_related("activities")
    )
    return planner.OnBoard(
        recommendations=frozenset(a.recommendation.key for a in kept if a.recommendation),
        statements=frozenset(a.statement_id for a in kept if a.statement_id),
        activities=frozenset(x.pk for a in kept for x in a.activities.all()),
        titles=frozenset(t.casefold() for t in staying.values_list("title", flat=True)),
    )


def _save_targets(
    report: Report, targets: Mapping[str, int], reasons: Mapping[str, str], user: Any
) -> dict[str, int]:
    """Record each target (never below today's level); return the targets as saved."""
    assert report.scores is not None
    levels = {lv.key: lv for lv in report.framework.levels}
    enablers = {e.key: e for e in report.framework.enablers}
    chosen = {}
    for key, wanted in targets.items():
        target = MaturityLevel(max(wanted, report.scores.enablers[key].level))
        saved = {"level": levels[target.key], "set_by": user}
        if key in reasons:  # a reason not sent is kept, never wiped
            saved["reason"] = clean_text(reasons[key], limit=300)
        Target.objects.update_or_create(
            assessment=report.assessment,
            team=report.scope.team,
            enabler=enablers[key],
            defaults=saved,
        )
        chosen[key] = int(target)
    return chosen


def _plan(
    report: Report,
    scores: scoring.Scores,
    targets: dict[str, int],
    recs: list[Recommendation],
    on_board: planner.OnBoard,
) -> list[planner.Planned]:
    """Turn the report, the targets and the recommendation content into the planner's input."""
    framework = report.framework
    actions = [
        planner.ActionSpec(
            key=r.key,
            enabler=r.enabler.key,
            step=r.step,
            title=r.title,
            effort=r.effort,
            statements=tuple(s.pk for s in r.statements.all()),
            requires=tuple(x.key for x in r.requires.all()),
            leadership=r.decided_by == Recommendation.DecidedBy.LEADERSHIP,
        )
        for r in recs
    ]
    states = [
        planner.EnablerState(
            e.key,
            e.name,
            scores.enablers[e.key].level,
            scores.enablers[e.key].score,
            targets.get(e.key, scores.enablers[e.key].level),
        )
        for e in framework.enablers
    ]
    by_id = {s.pk: s for s in framework.statements}
    split = {sid: by_id[sid].text for sid, r in scores.statements.items() if r.split}
    supports: dict[int, list[str]] = {}
    for key, specs in framework.depends_on.items():
        for spec in specs:
            supports.setdefault(spec.id, []).append(key)
    names = {a.pk: a.name for a in framework.activities}
    gaps = [
        planner.GapIn(aid, names[aid], gap, tuple(supports.get(aid, ())))
        for aid, result in scores.activities.items()
        for gap in result.gaps[:1]
    ]
    templates = [
        planner.GapTemplate(g.gap, g.title, g.effort, g.first_step)
        for g in GapAction.objects.filter(version=report.assessment.framework_version)
    ]
    return planner.plan(
        enablers=states,
        actions=actions,
        split_statements=split,
        gaps=gaps,
        gap_templates=templates,
        persona_gaps=_persona_gaps(report),
        on_board=on_board,
    )


def _persona_gaps(report: Report) -> list[planner.PersonaGapIn]:
    """The team's persona mix, when enough of its people picked personas to show it."""
    found = persona_report(report.assessment, report.scope.team_ids, scope_group(report.scope))
    if found is None or found.whole is None:
        return []
    return [
        planner.PersonaGapIn(s.key, found.name(s.key), s.now, s.needed) for s in found.whole.shares
    ]


def _store_plan(
    road: Roadmap, planned: list[planner.Planned], recs: dict[str, Recommendation]
) -> None:
    """Write the proposed actions; leave alone what the team has taken on or added."""
    existing = {a.key: a for a in road.actions.exclude(key="")}
    positions: dict[str, int] = {}
    keep = set()
    for item in planned:
        positions[item.horizon] = positions.get(item.horizon, 0) + 1
        keep.add(item.key)
        action = existing.get(item.key)
        if action is not None and action.status != RoadmapAction.Status.PROPOSED:
            continue  # the team has taken this one on; leave it as they set it
        rec = recs.get(item.recommendation)
        values = {
            "title": item.title,
            "first_step": item.first_step or (rec.first_step if rec else ""),
            "reason": item.reason,
            "effort": item.effort,
            "horizon": item.horizon,
            "position": positions[item.horizon],
            "recommendation": rec,
            "activity_id": item.activities[0] if item.activities else None,
            "statement_id": item.statement,
        }
        if action is None:
            action = RoadmapAction.objects.create(roadmap=road, key=item.key, **values)
            action.activities.add(*item.activities)
        else:
            for name, value in values.items():
                setattr(action, name, value)
            action.save()
            action.activities.set(item.activities)
    road.actions.filter(status=RoadmapAction.Status.PROPOSED).exclude(key="").exclude(
        key__in=keep
    ).delete()


TRACKED = ("status", "horizon", "owner_id", "due_date", "notes", "title")


@transaction.atomic
def action_update(*, action: RoadmapAction, user: Any, **changes: Any) -> RoadmapAction:
    """Change an action and record each changed field with who and when."""
    records = []
    for name in ("title", "notes"):
        if isinstance(changes.get(name), str):
            changes[name] = clean_text(changes[name], limit=200 if name == "title" else 2000)
    for name, value in changes.items():
        if name not in TRACKED:
            raise ValueError(f"{name} cannot be changed here")
        old = getattr(action, name)
        if old != value:
            records.append(
                ActionChange(
                    action=action,
                    user=user,
                    field=name.removesuffix("_id"),
                    old=_text(old),
                    new=_text(value),
                )
            )
            setattr(action, name, value)
    if records:
        if "horizon" in changes:
            action.position = _last_position(action.roadmap, action.horizon) + 1
        action.save()
        ActionChange.objects.bulk_create(records)
        announcements.action_changed(action, [record.field for record in records])
    return action


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:300]


def _last_position(road: Roadmap, horizon: str) -> int:
    return road.actions.filter(horizon=horizon).aggregate(m=Max("position"))["m"] or 0


@transaction.atomic
def action_move(*, action: RoadmapAction, user: Any, direction: str) -> RoadmapAction:
    """Swap an action with its neighbour in the same column."""
    siblings = list(
        action.roadmap.actions.filter(horizon=action.horizon).order_by("position", "pk")
    )
    i = siblings.index(action)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(siblings):
        siblings[i], siblings[j] = siblings[j], siblings[i]
        for position, item in enumerate(siblings, start=1):
            if item.position != position:
                RoadmapAction.objects.filter(pk=item.pk).update(position=position)
        ActionChange.objects.create(
            action=action, user=user, field="order", old=str(i + 1), new=str(j + 1)
        )
        announcements.action_changed(action, ["order"])
    action.refresh_from_db()
    return action


@transaction.atomic
def action_add(*, road: Roadmap, user: Any, title: str, horizon: str) -> RoadmapAction:
    """The team's own action, taken on from the start."""
    action = RoadmapAction.objects.create(
        roadmap=road,
        title=clean_text(title, limit=200),
        horizon=horizon,
        position=_last_position(road, horizon) + 1,
        status=RoadmapAction.Status.NOT_STARTED,
        reason="Added by the team.",
    )
    ActionChange.objects.create(action=action, user=user, field="created", new=action.title)
    announcements.action_changed(action, ["created"])
    return action


@transaction.atomic
def recheck_create(*, road: Roadmap, user: Any, days: int = 14) -> Assessment:
    """A short round for the team that asks only the statements its finished actions target."""
    statements = Statement.objects.filter(
        recommendations__in=road.actions.filter(
            status=RoadmapAction.Status.DONE, recommendation__isnull=False
        ).values("recommendation")
    ).distinct()
    if not statements.exists():
        raise ValueError("Mark at least one recommended action as done to re-check it.")
    source = road.assessment
    now = timezone.now()
    recheck = round_services.assessment_create(
        organisation=source.organisation,
        name=f"Re-check: {road.team.name}",
        framework_version=source.framework_version,
        teams=[road.team],
        include_maturity=True,
        include_activities=False,
        opens_at=now,
        closes_at=now + timedelta(days=days),
        anonymity=source.anonymity,
        min_group_size=source.min_group_size,
        created_by=user,
    )
    recheck.only_statements.set(statements)
    recheck.recheck_of = road
    recheck.save(update_fields=["recheck_of"])
    round_services.invitation_create_team_link(assessment=recheck, team=road.team)
    return recheck


def summary_pdf(place: TeamRoadmap) -> ExportFile:
    """The one-page summary printed by headless Chromium: only background workers call it."""
    html = render_to_string("roadmaps/summary.html", {**summary_context(place), "pdf": True})
    name = f"{slugify(place.team.name)}-roadmap.pdf"
    return ExportFile(name, "application/pdf", html_to_pdf(html))
