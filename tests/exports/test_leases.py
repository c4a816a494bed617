"""A worker killed mid-render: its render slot frees within the lease, its job is made again
once, then fails saying so; asking again makes a new file, never returns the dead job."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assessments.exports import making
from assessments.exports.models import ExportJob, RenderSlot
from pmmaturity.models import WorkerHeartbeat
from pmmaturity.workers import worker_beat
from tests.background import run_tasks
from tests.exports.test_exports import job_url, pdf_url
from tests.factories import answer_all


@pytest.fixture
def answered(assessment, team):
    answer_all(assessment, team, 3)
    return assessment


def killed_mid_render(job: ExportJob, *, attempts: int) -> None:
    """As a worker leaves a job when it is killed: the job running on its lease, the slot
    held, the task claimed; then it stops renewing, and the lease runs out."""
    assert making.take_slot(job)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING,
        started_at=timezone.now(),
        lease_until=timezone.now() + making.LEASE,
        attempts=attempts,
    )
    DBTaskResult.objects.filter(status="READY").update(status="RUNNING")


def lease_runs_out(job: ExportJob) -> None:
    past = timezone.now() - timedelta(seconds=1)
    ExportJob.objects.filter(pk=job.pk).update(lease_until=past)
    RenderSlot.objects.filter(job=job).update(lease_until=past)


def a_live_worker_beats() -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id="live", defaults={"host": "h", "pid": 1, "started_at": now, "beat_at": now}
    )
    worker_beat.send(sender=None, worker_id="live")


def test_a_dead_workers_slot_frees_within_a_minute_and_its_job_is_made_again(
    client, owner, answered, team
):
    assert timedelta(seconds=60) >= making.LEASE + making.RENEW_EVERY
    client.force_login(owner)
    client.post(pdf_url(answered, team))
    job = ExportJob.objects.get()
    killed_mid_render(job, attempts=1)
    other = ExportJob.objects.create(
        organisation=answered.organisation,
        assessment=answered,
        requested_by=owner,
        kind="report-pdf",
        scope_kind="round",
        title="someone else's",
    )
    # While the lease holds, the slot is the dead worker's: nobody else renders.
    a_live_worker_beats()
    assert making.take_slot(other) is False
    assert ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.RUNNING

    lease_runs_out(job)
    a_live_worker_beats()  # the next heartbeat of any live worker takes it back
    assert RenderSlot.objects.filter(job__isnull=False).count() == 0, "the slot is free"
    job.refresh_from_db()
    assert job.status == ExportJob.Status.QUEUED
    assert (
        client.get(job_url(job, "orgs:export_status")).json()["text"] == "Waiting: yours is next."
    )
    assert run_tasks() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts, job.lease_until) == (ExportJob.Status.READY, 2, None)
    assert job.file.read(5) == b"%PDF-"


def test_a_job_whose_worker_dies_again_fails_saying_so_and_asking_again_makes_a_new_one(
    client, owner, answered, team
):
    client.force_login(owner)
    client.post(pdf_url(answered, team))
    job = ExportJob.objects.get()
    killed_mid_render(job, attempts=making.MAX_ATTEMPTS)
    state = client.get(job_url(job, "orgs:export_status")).json()
    assert state["text"] == "Being made now. This usually takes a few seconds."

    lease_runs_out(job)
    # No worker alive to take it over: the page says it stopped, not "a few seconds" forever.
    state = client.get(job_url(job, "orgs:export_status")).json()
    assert (state["status"], state["finished"]) == ("failed", True)
    assert state["text"] == making.STOPPED
    assert "Try again" in client.get(job_url(job)).content.decode()

    # Asking again makes a new job; the dead one stops for good.
    response = client.post(job_url(job, "orgs:export_retry"))
    fresh = ExportJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == job_url(fresh)
    job.refresh_from_db()
    assert (job.status, job.problem) == (ExportJob.Status.FAILED, making.STOPPED)
    assert run_tasks() == 1
    assert ExportJob.objects.get(pk=fresh.pk).status == ExportJob.Status.READY


def test_a_live_worker_takes_over_a_job_killed_twice_by_failing_it_clearly(
    client, owner, answered, team
):
    client.force_login(owner)
    client.post(pdf_url(answered, team))
    job = ExportJob.objects.get()
    killed_mid_render(job, attempts=making.MAX_ATTEMPTS)
    lease_runs_out(job)
    WorkerHeartbeat.objects.create(
        worker_id="live", host="h", pid=1, started_at=timezone.now(), beat_at=timezone.now()
    )
    state = client.get(job_url(job, "orgs:export_status")).json()
    assert state["status"] == "running"
    assert state["text"] == "The worker making it stopped; another is taking it over."
    worker_beat.send(sender=None, worker_id="live")
    job.refresh_from_db()
    assert (job.status, job.problem) == (ExportJob.Status.FAILED, making.STOPPED)
    assert not DBTaskResult.objects.filter(status="READY").exists(), "not made a third time"


def test_a_live_worker_renews_its_lease_and_a_duplicate_task_leaves_its_job_alone(owner, answered):
    job = ExportJob.objects.create(
        organisation=answered.organisation,
        assessment=answered,
        requested_by=owner,
        kind="report-pdf",
        scope_kind="round",
        title="in hand",
    )
    killed_mid_render(job, attempts=1)
    ExportJob.objects.filter(pk=job.pk).update(lease_until=timezone.now())
    making.renew_lease(job)
    job.refresh_from_db()
    slot = RenderSlot.objects.get(job=job)
    for until in (job.lease_until, slot.lease_until):
        assert until is not None
        assert until > timezone.now() + making.LEASE - timedelta(seconds=5)
    from assessments.exports.tasks import make_export

    assert make_export.call(job.pk) == "being made by another worker"
    assert ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.RUNNING


def test_the_lease_keeper_renews_while_the_work_runs_and_stops_with_it(monkeypatch):
    seconds = 0.01
    monkeypatch.setattr(making, "RENEW_EVERY", timedelta(seconds=seconds))
    renewed = []
    monkeypatch.setattr(making, "renew_lease", lambda job: renewed.append(job))
    before = threading.active_count()
    with making.leased(ExportJob(pk=1)):
        threading.Event().wait(seconds * 20)
    assert renewed, "renewed while the work ran"
    assert threading.active_count() == before
