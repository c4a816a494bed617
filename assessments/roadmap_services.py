"""Writes for targets and roadmaps; every change to an action is recorded with who and when."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max

from assessments import reports, roadmap, scoring
from assessments.models import (
    ActionChange,
    Assessment,
    Roadmap,
    RoadmapAction,
    Target,
    Team,
)
from frameworks.models import GapAction, Level, Recommendation

LEVEL_KEYS = ("immature", "managed", "leading")


def team_scores(
    assessment: Assessment, team: Team
) -> tuple[reports.Framework, scoring.Scores] | None:
    """The team's scores, or None while too few people have answered to show them."""
    framework = reports.framework_for(assessment)
    responses, _, _ = reports.responses_for(assessment, {team.pk})
    threshold = assessment.min_group_size if assessment.is_anonymous else 1
    if not responses or len(responses) < threshold:
        return None
    return framework, reports.score_scope(framework, responses)


def current_targets(assessment: Assessment, team: Team, scores: scoring.Scores) -> dict[str, int]:
    saved = {
        t.enabler.key: LEVEL_KEYS.index(t.level.key)
        for t in Target.objects.filter(assessment=assessment, team=team).select_related(
            "enabler", "level"
        )
    }
    return {
        key: saved.get(key, roadmap.default_target(result.level))
        for key, result in scores.enablers.items()
    }


@transaction.atomic
def roadmap_generate(
    *,
    assessment: Assessment,
    team: Team,
    targets: dict[str, int],
    reasons: dict[str, str],
    user: Any,
) -> Roadmap:
    """Save the targets and (re)build the proposed part of the roadmap.

    Actions the team has already accepted, edited or added stay as they are.
    """
    computed = team_scores(assessment, team)
    if computed is None:
        raise ValueError("Not enough responses to plan from yet.")
    framework, scores = computed
    version = assessment.framework_version
    levels = {lv.key: lv for lv in Level.objects.filter(version=version)}
    enablers = {e.key: e for e in framework.enablers}
    for key, target in targets.items():
        current = scores.enablers[key].level
        target = max(target, current)
        Target.objects.update_or_create(
            assessment=assessment,
            team=team,
            enabler=enablers[key],
            defaults={
                "level": levels[LEVEL_KEYS[target]],
                "reason": reasons.get(key, "")[:300],
                "set_by": user,
            },
        )
        targets[key] = target

    recs = list(
        Recommendation.objects.filter(version=version)
        .select_related("enabler")
        .prefetch_related("statements", "requires")
    )
    actions = [
        roadmap.ActionSpec(
            key=r.key,
            enabler=r.enabler.key,
            step=r.step,
            title=r.title,
            effort=r.effort,
            statements=tuple(s.pk for s in r.statements.all()),
            requires=tuple(x.key for x in r.requires.all()),
        )
        for r in recs
    ]
    states = [
        roadmap.EnablerState(
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
        roadmap.GapIn(aid, names[aid], gap, tuple(supports.get(aid, ())))
        for aid, result in scores.activities.items()
        for gap in result.gaps[:1]
    ]
    templates = [
        roadmap.GapTemplate(g.gap, g.title, g.effort)
        for g in GapAction.objects.filter(version=version)
    ]
    planned = roadmap.plan(
        enablers=states, actions=actions, split_statements=split, gaps=gaps, gap_templates=templates
    )

    road, _ = Roadmap.objects.get_or_create(
        assessment=assessment, team=team, defaults={"generated_by": user}
    )
    road.generated_by = user
    road.save()
    existing = {a.key: a for a in road.actions.exclude(key="")}
    rec_by_key = {r.key: r for r in recs}
    positions: dict[str, int] = {}
    keep = set()
    for item in planned:
        positions[item.horizon] = positions.get(item.horizon, 0) + 1
        keep.add(item.key)
        action = existing.get(item.key)
        if action is not None and action.status != RoadmapAction.Status.PROPOSED:
            continue  # the team has taken this one on; leave it as they set it
        values = {
            "title": item.title,
            "reason": item.reason,
            "effort": item.effort,
            "horizon": item.horizon,
            "position": positions[item.horizon],
            "recommendation": rec_by_key.get(item.recommendation),
            "activity_id": item.activity_id,
        }
        if action is None:
            RoadmapAction.objects.create(roadmap=road, key=item.key, **values)
        else:
            for name, value in values.items():
                setattr(action, name, value)
            action.save()
    road.actions.filter(status=RoadmapAction.Status.PROPOSED).exclude(key="").exclude(
        key__in=keep
    ).delete()
    return road


TRACKED = ("status", "horizon", "owner_id", "due_date", "notes", "title")


@transaction.atomic
def action_update(*, action: RoadmapAction, user: Any, **changes: Any) -> RoadmapAction:
    """Change an action and record each changed field with who and when."""
    records = []
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
    action.refresh_from_db()
    return action


@transaction.atomic
def action_add(*, road: Roadmap, user: Any, title: str, horizon: str) -> RoadmapAction:
    """The team's own action, taken on from the start."""
    action = RoadmapAction.objects.create(
        roadmap=road,
        title=title.strip()[:200],
        horizon=horizon,
        position=_last_position(road, horizon) + 1,
        status=RoadmapAction.Status.NOT_STARTED,
        reason="Added by the team.",
    )
    ActionChange.objects.create(action=action, user=user, field="created", new=action.title)
    return action


@transaction.atomic
def recheck_create(*, road: Roadmap, user: Any, days: int = 14) -> Assessment:
    """A short round for the team that asks only the statements its finished actions target."""
    from datetime import timedelta

    from django.utils import timezone

    from assessments import services as assessment_services
    from frameworks.models import Statement

    statements = Statement.objects.filter(
        recommendations__in=road.actions.filter(
            status=RoadmapAction.Status.DONE, recommendation__isnull=False
        ).values("recommendation")
    ).distinct()
    if not statements.exists():
        raise ValueError("Mark at least one recommended action as done to re-check it.")
    source = road.assessment
    now = timezone.now()
    recheck = assessment_services.assessment_create(
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
    assessment_services.invitation_create_team_link(assessment=recheck, team=road.team)
    return recheck


def progress(road: Roadmap) -> dict[str, Any] | None:
    """How the team moved in its next round: targets met, and the statements of its actions."""
    later = (
        Assessment.objects.filter(
            organisation=road.assessment.organisation,
            teams=road.team,
            opens_at__gt=road.assessment.opens_at,
            framework_version=road.assessment.framework_version,
        )
        .order_by("opens_at")
        .first()
    )
    if later is None:
        return None
    before = team_scores(road.assessment, road.team)
    after = team_scores(later, road.team)
    if before is None or after is None:
        return {"assessment": later, "ready": False}
    framework, old = before
    _, new = after
    targets = {
        t.enabler_id: LEVEL_KEYS.index(t.level.key)
        for t in Target.objects.filter(assessment=road.assessment, team=road.team).select_related(
            "level"
        )
    }
    enabler_rows = []
    for e in framework.enablers:
        if e.pk not in targets or new.enablers[e.key].score is None:
            continue
        enabler_rows.append(
            {
                "enabler": e,
                "target": LEVEL_NAMES[targets[e.pk]],
                "then": old.enablers[e.key].level_name,
                "now": new.enablers[e.key].level_name,
                "met": new.enablers[e.key].level >= targets[e.pk],
            }
        )
    texts = {s.pk: s.text for s in framework.statements}
    action_rows = []
    for action in (
        road.actions.filter(recommendation__isnull=False)
        .exclude(status__in=[RoadmapAction.Status.PROPOSED, RoadmapAction.Status.DROPPED])
        .prefetch_related("recommendation__statements")
    ):
        moved = []
        for statement in action.recommendation.statements.all():  # type: ignore[union-attr]
            a, b = old.statements[statement.pk].evidence, new.statements[statement.pk].evidence
            if a is not None and b is not None:
                moved.append({"text": texts[statement.pk], "then": a, "now": b, "delta": b - a})
        action_rows.append({"action": action, "moved": moved})
    return {"assessment": later, "ready": True, "enablers": enabler_rows, "actions": action_rows}


LEVEL_NAMES = ("Immature", "Managed", "Leading")
