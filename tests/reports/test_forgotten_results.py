"""Results no worker refreshed: the scheduled job queues a refresh for each round stale past
the longest wait with none on its way, and only for those."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assessments.models import Assessment
from assessments.reports import scheduled
from assessments.reports.tasks import refresh_results
from tests.background import run_tasks
from tests.factories import answer_all, open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale(assessment, team, settings):
    """A round whose refresh was lost, stale for longer than the longest wait."""
    answer_all(assessment, team, 5)
    DBTaskResult.objects.all().delete()  # the refresh its answers queued is gone
    waited = timedelta(seconds=settings.RESULTS_MAX_STALE_SECONDS + 1)
    Assessment.objects.filter(pk=assessment.pk).update(results_stale_since=timezone.now() - waited)
    return assessment


def queued_refreshes() -> list[int]:
    tasks = DBTaskResult.objects.filter(task_path=refresh_results.module_path, status="READY")
    return [task.args_kwargs["args"][0] for task in tasks]


def test_a_round_whose_refresh_was_lost_gets_one_and_its_results_are_fresh_after(stale):
    assert scheduled.refresh_forgotten_results() == "1 refresh queued"
    assert queued_refreshes() == [stale.pk]
    assert scheduled.refresh_forgotten_results() == "0 refreshes queued", "one on its way"
    run_tasks()
    assert Assessment.objects.get(pk=stale.pk).results_stale_since is None


def test_a_refresh_still_running_counts_as_on_its_way_until_it_is_given_up(stale):
    refresh_results.enqueue(stale.pk)
    running = DBTaskResult.objects.filter(task_path=refresh_results.module_path)
    running.update(status="RUNNING", started_at=timezone.now() - timedelta(minutes=1))
    assert scheduled.forgotten_rounds(timezone.now()) == []
    gone = timezone.now() - scheduled.REFRESH_GIVEN_UP - timedelta(seconds=1)
    running.update(started_at=gone)  # its worker died with it
    assert scheduled.forgotten_rounds(timezone.now()) == [stale.pk]


def test_rounds_fresh_or_stale_for_less_than_the_longest_wait_are_left_alone(
    stale, organisation, team, sample_version, owner, settings
):
    recent = open_round(organisation, team, sample_version, owner, name="Recent")
    just_now = timezone.now() - timedelta(seconds=settings.RESULTS_MAX_STALE_SECONDS - 5)
    Assessment.objects.filter(pk=recent.pk).update(results_stale_since=just_now)
    fresh = open_round(organisation, team, sample_version, owner, name="Fresh")
    assert scheduled.forgotten_rounds(timezone.now()) == [stale.pk]
    assert fresh.results_stale_since is None
