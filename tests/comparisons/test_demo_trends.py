"""The demo's comparison tells the story `make run` promises: teams that finished roadmap
actions moved beyond noise on the enablers those actions targeted."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from assessments.comparisons.builder import Filters, comparison_for
from assessments.demo.rounds import ROUNDS
from assessments.models import Assessment, Department, RoadmapAction

pytestmark = pytest.mark.django_db


def test_teams_that_finished_actions_moved_beyond_noise_where_they_worked(shipped_version, client):
    call_command("load_demo", force=True, stdout=StringIO())
    rounds = list(
        Assessment.objects.filter(
            organisation__slug="brightwater", name__in=[plan.name for plan in ROUNDS]
        ).order_by("opens_at")
    )
    assert len(rounds) == 3  # and a pilot before them, and one team's checks between them
    latest, previous = rounds[-1], rounds[-2]
    # The newest on the newest version, compared with the one before on their shared keys.
    assert latest.framework_version == shipped_version != previous.framework_version
    # The enablers each team's finished actions (planned on the previous round) aimed at.
    worked_on: dict[str, set[str]] = {}
    for action in RoadmapAction.objects.filter(
        roadmap__assessment=previous, status="done", recommendation__isnull=False
    ).select_related("roadmap__team", "recommendation__enabler"):
        worked_on.setdefault(action.roadmap.team.name, set()).add(action.recommendation.enabler.key)
    assert len(worked_on) >= 2

    moved_up = set()
    for department in Department.objects.filter(organisation__slug="brightwater"):
        comparison = comparison_for(latest, Filters(department=department.pk))
        trend = comparison.trend
        assert trend is not None
        assert trend.since == previous
        keys = [e.key for e in comparison.enablers]
        for row in trend.rows:
            for key, change in zip(keys, row.changes, strict=True):
                if change is not None and change.direction == "up":
                    moved_up.add((row.name, key))
    tied = {(team, key) for team, keys in worked_on.items() for key in keys} & moved_up
    assert len(tied) >= 2, f"moved up: {sorted(moved_up)}; worked on: {worked_on}"

    # The page's count of changes beyond noise never contradicts its list of teams that moved.
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="hannah"))
    page = client.get(f"/o/brightwater/assessments/{latest.pk}/compare/").content.decode()
    whole = comparison_for(latest, Filters())
    assert whole.trend is not None
    said = f"In this table, {whole.trend.real_changes} change"
    assert said in page
    if whole.trend.teams_moved:
        assert "the teams that did are listed below it" in page
