"""A results refresh marks the round fresh only in the transaction that stores its results."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assessments.models import Assessment, Respondent, StoredResult
from assessments.reports import store
from tests.background import run_tasks
from tests.factories import answer_all
from tests.reports.test_store import rate_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(assessment):
    """A named round: every submitted answer counts at once (no anonymous batches)."""
    Assessment.objects.filter(pk=assessment.pk).update(anonymity="named")
    return Assessment.objects.get(pk=assessment.pk)


REFRESH = "assessments.reports.tasks.refresh_results"


def stored_people(assessment) -> int:
    return StoredResult.objects.get(assessment=assessment, scope_kind="round").respondents


def stale_since(assessment):
    return Assessment.objects.get(pk=assessment.pk).results_stale_since


def test_a_refresh_killed_mid_run_leaves_the_round_stale_until_the_next_report_refreshes_it(
    client, owner, named, team, settings
):
    assessment = named
    answer_all(assessment, team, 8)
    run_tasks()
    assert stored_people(assessment) == 8
    answer_all(assessment, team, 1, agree="disagree")  # the ninth submits: stale
    marked = stale_since(assessment)
    assert marked is not None

    killed = RuntimeError("worker killed while scoring")
    with mock.patch.object(store, "_scored", side_effect=killed), pytest.raises(RuntimeError):
        store.refresh(assessment)  # dies between scoring and storing
    assert stale_since(assessment) == marked, "still stale: nothing was stored"
    assert stored_people(assessment) == 8

    # The next report past the longest wait refreshes it while the person waits.
    Assessment.objects.filter(pk=assessment.pk).update(
        results_stale_since=timezone.now() - timedelta(seconds=settings.RESULTS_MAX_STALE_SECONDS)
    )
    client.force_login(owner)
    url = reverse("orgs:report", args=[assessment.organisation.slug, assessment.pk])
    assert client.get(url).status_code == 200
    assert stored_people(assessment) == 9
    assert stale_since(assessment) is None


def test_a_refresh_killed_while_storing_keeps_the_old_results_and_the_stale_mark(named, team):
    assessment = named
    answer_all(assessment, team, 8)
    run_tasks()
    answer_all(assessment, team, 1, agree="disagree")
    marked = stale_since(assessment)
    real = StoredResult.objects.bulk_create

    def stored_then_killed(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("killed after writing the rows, before the commit")

    with (
        mock.patch.object(StoredResult.objects, "bulk_create", stored_then_killed),
        pytest.raises(RuntimeError),
    ):
        store.refresh(assessment)
    assert stale_since(assessment) == marked
    assert stored_people(assessment) == 8
    run_tasks()  # the refresh the submit queued
    assert (stored_people(assessment), stale_since(assessment)) == (9, None)


def test_answers_saved_during_a_refresh_keep_the_round_stale_and_refresh_it_again(named, team):
    assessment = named
    answer_all(assessment, team, 3)
    run_tasks()
    answer_all(assessment, team, 1, agree="disagree")
    assert stale_since(assessment) is not None
    editor = Respondent.objects.filter(assessment=assessment).first()
    real = store._scored

    def someone_saves_meanwhile(*args, **kwargs):
        rate_everything(editor, "disagree")  # after this refresh read the answers
        return real(*args, **kwargs)

    before = DBTaskResult.objects.filter(task_path=REFRESH, status="READY").count()
    DBTaskResult.objects.filter(task_path=REFRESH).update(status="SUCCESSFUL")
    with mock.patch.object(store, "_scored", someone_saves_meanwhile):
        store.refresh(assessment)
    assert before == 1
    assert stale_since(assessment) is not None, "the edit is not in these results"
    again = DBTaskResult.objects.filter(task_path=REFRESH, status="READY")
    assert again.count() == 1, "another refresh is on its way"
    assert stored_people(assessment) == 4
    DBTaskResult.objects.filter(pk__in=again).update(run_after=timezone.now())
    run_tasks()
    assert stale_since(assessment) is None
