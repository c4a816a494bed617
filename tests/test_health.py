"""/healthz/ tells a load balancer whether the database answers and the task queue moves."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from pmmaturity.mail import send_email


def test_healthy_when_the_database_answers_and_nothing_waits(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_a_task_waiting_briefly_or_scheduled_later_is_healthy(client, db, settings):
    settings.TASK_QUEUE_STALL_SECONDS = 60
    send_email.enqueue("Hello", "Body", ["a@example.com"])
    later = send_email.using(run_after=timezone.now() + timedelta(hours=1))
    later.enqueue("Later", "Body", ["b@example.com"])
    assert client.get("/healthz/").status_code == 200


def test_a_task_no_worker_has_taken_makes_the_queue_unhealthy(client, db, settings):
    settings.TASK_QUEUE_STALL_SECONDS = 60
    send_email.enqueue("Hello", "Body", ["a@example.com"])
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=5))
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.content.decode().startswith("task queue stalled: a task has waited 30")
    # A delayed task counts from when it became due, not from when it was queued.
    DBTaskResult.objects.all().delete()
    due = send_email.using(run_after=timezone.now() - timedelta(minutes=2))
    due.enqueue("Due", "Body", ["c@example.com"])
    assert client.get("/healthz/").status_code == 503
    DBTaskResult.objects.update(status="SUCCESSFUL")
    assert client.get("/healthz/").status_code == 200
