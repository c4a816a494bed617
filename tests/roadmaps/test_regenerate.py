"""Regenerating a roadmap with other targets never repeats a card the team has kept."""

from __future__ import annotations

import importlib
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from assessments.demo.rounds import demo_versions
from assessments.roadmaps import planner
from assessments.roadmaps.models import Roadmap, RoadmapAction
from assessments.roadmaps.selectors import saved_targets, team_report
from assessments.roadmaps.services import action_add, action_update, roadmap_generate
from frameworks.models import Activity, GapAction, Statement
from tests.factories import answer_all, open_round

# How a reader reads a gap action's title (the activities it names), as the migration that
# filled in saved actions' coverage reads it: one reading, kept there.
COVERAGE_MIGRATION = importlib.import_module("assessments.migrations.0019_action_coverage")
named_activities = COVERAGE_MIGRATION._named


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
@pytest.mark.long
def test_no_demo_board_repeats_a_card_after_regenerating_with_other_targets(shipped_version):
    """Every demo team takes on its proposed actions and tries other targets, one after
    another: however the board was made, no activity, conversation, recommendation or
    title is on it twice."""
    call_command("load_demo", force=True, stdout=StringIO())
    roads = list(Roadmap.objects.select_related("assessment", "team", "generated_by"))
    assert len(roads) >= 8
    # Planned on the rounds' versions: the check-in's (1.1) and Onboarding's follow-up (1.2).
    earlier = demo_versions(shipped_version).earlier
    assert {r.assessment.framework_version_id for r in roads} == {earlier.pk, shipped_version.pk}
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


@pytest.fixture
def board(shipped_version, organisation, team, owner):
    assessment = open_round(organisation, team, shipped_version, owner)
    answer_all(assessment, team, 4, agree="disagree")
    report = team_report(assessment, team)
    assert report.scores is not None
    targets = {key: min(2, int(r.level) + 1) for key, r in report.scores.enablers.items()}
    return roadmap_generate(
        assessment=assessment, team=team, targets=targets, reasons={}, user=owner
    )


@pytest.mark.django_db
def test_a_card_the_team_wrote_stands_for_the_proposal_with_its_title(board, owner):
    """The team's own card is never deduplicated away; a proposal with the same words is."""
    proposed = board.actions.filter(recommendation__isnull=False).first()
    assert proposed is not None
    own = action_add(road=board, user=owner, title=proposed.title.upper(), horizon="later")
    roadmap_generate(
        assessment=board.assessment,
        team=board.team,
        targets=saved_targets(board.assessment, board.team),
        reasons={},
        user=owner,
    )
    titles = [a.title.casefold() for a in board.actions.all()]
    assert titles.count(proposed.title.casefold()) == 1
    assert board.actions.filter(pk=own.pk).exists()
    assert not board.actions.filter(pk=proposed.pk).exists()


@pytest.mark.django_db
def test_the_migration_fills_what_saved_actions_cover_from_their_titles(board):
    """Saved before coverage was stored, an action knew only its first activity: the data
    migration reads the rest, and a conversation's statement, back from the titles."""
    version = board.assessment.framework_version
    activities = list(Activity.objects.filter(version=version).order_by("pk")[:7])
    statements = list(Statement.objects.filter(version=version).order_by("pk")[:2])
    planned = planner.plan(  # the cards a team with these gaps and splits is offered
        enablers=[],
        actions=[planner.ActionSpec("r", "e", "immature-managed", "R", "S", (statements[0].pk,))],
        split_statements={s.pk: s.text for s in statements},
        gaps=[
            planner.GapIn(a.pk, a.name, "nobody" if i < 2 else "disagree")
            for i, a in enumerate(activities)
        ],
        gap_templates=[
            planner.GapTemplate(g.gap, g.title, g.effort)
            for g in GapAction.objects.filter(version=version)
        ],
    )
    board.actions.all().delete()
    for item in planned:  # stored as before: the first activity only
        RoadmapAction.objects.create(
            roadmap=board,
            key=item.key,
            title=item.title,
            activity_id=item.activities[0] if item.activities else None,
        )
    conversation = "Talk through why people answered differently on: “{}”"
    RoadmapAction.objects.create(
        roadmap=board, key="align-r", title=conversation.format(statements[1].text)
    )
    fill = COVERAGE_MIGRATION.fill_coverage
    fill(django_apps, None)
    found = {
        a.title: ({x.pk for x in a.activities.all()}, a.statement_id)
        for a in board.actions.filter(key__startswith="gap-")
    }
    named = [{a.pk for a in activities[:2]}, {a.pk for a in activities[2:5]}]
    assert sorted(found.values(), key=lambda v: len(v[0])) == [(named[0], None), (named[1], None)]
    assert board.actions.get(key="align-r").statement_id == statements[1].pk
