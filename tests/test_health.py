"""/healthz/ tells a load balancer whether the database answers and the task queue moves
(the file storage's bucket: tests/test_shared_storage.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from pmmaturity.mail import send_email
from pmmaturity.models import WorkerHeartbeat


def beat(seconds_ago: float, worker_id: str = "w1") -> None:
    at = timezone.now() - timedelta(seconds=seconds_ago)
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"host": "box", "pid": 1, "started_at": at, "beat_at": at}
    )


@pytest.fixture
def live_worker(db):
    beat(1)


def test_healthy_when_the_database_answers_a_worker_beats_and_nothing_waits(client, live_worker):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "reason": "ok",
        "database": "ok",
        "storage": "ok",
        "queue": "ok",
        "workers": 1,
        "last_heartbeat_seconds": pytest.approx(1, abs=1),
    }


def test_with_no_worker_ever_started_the_queue_is_down(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["queue"] == "down"
    assert response.json()["reason"] == (
        "task queue down: no background worker running (last heard from never)"
    )


def test_the_queue_is_down_within_the_silence_after_the_last_worker_beat(client, db, settings):
    settings.WORKER_SILENCE_SECONDS = 20
    beat(19, "w1")
    beat(60, "w2")  # a worker that died a minute ago
    assert client.get("/healthz/").json()["workers"] == 1
    beat(21, "w1")
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["reason"] == (
        "task queue down: no background worker running (last heard from 21 s ago)"
    )


def test_a_task_waiting_briefly_or_scheduled_later_is_healthy(client, live_worker, settings):
    settings.TASK_QUEUE_STALL_SECONDS = 60
    send_email.enqueue("Hello", "Body", ["a@example.com"])
    later = send_email.using(run_after=timezone.now() + timedelta(hours=1))
    later.enqueue("Later", "Body", ["b@example.com"])
    assert client.get("/healthz/").status_code == 200


def test_a_task_no_worker_has_taken_makes_the_queue_unhealthy(client, live_worker, settings):
    settings.TASK_QUEUE_STALL_SECONDS = 60
    send_email.enqueue("Hello", "Body", ["a@example.com"])
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=5))
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["reason"].startswith("task queue stalled: a task has waited 30")
    # A delayed task counts from when it became due, not from when it was queued.
    DBTaskResult.objects.all().delete()
    due = send_email.using(run_after=timezone.now() - timedelta(minutes=2))
    due.enqueue("Due", "Body", ["c@example.com"])
    assert client.get("/healthz/").status_code == 503
    DBTaskResult.objects.update(status="SUCCESSFUL")
    assert client.get("/healthz/").status_code == 200
