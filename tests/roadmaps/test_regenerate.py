"""Regenerating a roadmap with other targets never repeats a card the team has kept."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from assessments.roadmaps.models import Roadmap, RoadmapAction
from assessments.roadmaps.selectors import team_report
from assessments.roadmaps.services import action_update, roadmap_generate
from frameworks.models import Activity, GapAction


def named_activities(title: str, names: dict[str, int], templates: list[str]) -> set[int]:
    """The activities a gap action's title names, read as a reader would read them."""
    title = title.casefold()
    for template in templates:
        before, _, after = template.casefold().partition("{activity}")
        if title.startswith(before) and title.endswith(after):
            listed = title[len(before) : len(title) - len(after)]
            break
    else:
        return set()
    padded = f", {listed.replace(' and ', ', ')},"
    found = set()
    for name in sorted(names, key=len, reverse=True):  # "market research" before "research"
        if f", {name}," in padded:
            found.add(names[name])
            padded = padded.replace(f", {name},", ",")
    return found


def repeats(road: Roadmap) -> dict[str, list[object]]:
    """What two actions of one board share that would make them the same card: a title, a
    recommendation, an activity (as stored, or as its title names it) or a statement."""
    version = road.assessment.framework_version
    names = {a.name.casefold(): a.pk for a in Activity.objects.filter(version=version)}
    templates = list(GapAction.objects.filter(version=version).values_list("title", flat=True))
    seen: dict[str, Counter[object]] = {
        w: Counter() for w in ("title", "recommendation", "activity", "statement")
    }
    for action in road.actions.prefetch_related("activities"):
        seen["title"][action.title.casefold()] += 1
        if action.recommendation_id:
            seen["recommendation"][action.recommendation_id] += 1
        covered = {a.pk for a in action.activities.all()}
        if action.key.startswith("gap-"):
            covered |= named_activities(action.title, names, templates)
        seen["activity"].update(covered)
        if action.statement_id:
            seen["statement"][action.statement_id] += 1
    return {
        what: twice
        for what, counts in seen.items()
        if (twice := [v for v, n in counts.items() if n > 1])
    }


def target_choices(levels: dict[str, int]) -> list[dict[str, int]]:
    """Other targets a team might try: everything one up, everything Leading, and each enabler
    alone raised to Leading."""
    choices = [
        {k: min(2, v + 1) for k, v in levels.items()},
        dict.fromkeys(levels, 2),
    ]
    choices += [{**levels, key: 2} for key, level in levels.items() if level < 2]
    return choices


def take_on_everything(road: Roadmap, user) -> None:
    for action in road.actions.filter(status=RoadmapAction.Status.PROPOSED):
        action_update(action=action, user=user, status=RoadmapAction.Status.NOT_STARTED)


@pytest.mark.django_db
def test_no_demo_board_repeats_a_card_after_regenerating_with_other_targets(shipped_version):
    """Every demo team takes on its proposed actions and tries other targets, one after
    another: however the board was made, no activity, conversation, recommendation or
    title is on it twice."""
    call_command("load_demo", force=True, stdout=StringIO())
    roads = list(Roadmap.objects.select_related("assessment", "team", "generated_by"))
    assert len(roads) >= 8
    assert {r.assessment.framework_version_id for r in roads} == {shipped_version.pk}
    for road in roads:
        assert repeats(road) == {}, road.team.name
        report = team_report(road.assessment, road.team)
        assert report.scores is not None
        levels = {k: int(r.level) for k, r in report.scores.enablers.items()}
        user = road.generated_by
        for targets in target_choices(levels):
            take_on_everything(road, user)
            roadmap_generate(
                assessment=road.assessment, team=road.team, targets=targets, reasons={}, user=user
            )
            assert repeats(road) == {}, (road.team.name, targets)
