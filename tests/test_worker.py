"""The background worker carries on through database blips and says it is alive."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from pmmaturity import workers
from pmmaturity.mail import send_email
from pmmaturity.models import WorkerHeartbeat, workers_alive
from tests.conftest import IN_CI

ROOT = Path(__file__).resolve().parent.parent


def steady_worker(heartbeat: workers.Heartbeat | None = None) -> workers.SteadyWorker:
    return workers.SteadyWorker(
        heartbeat=heartbeat,
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="steady-test",
        excluded_queue_names=[],
    )


@pytest.fixture
def in_the_tests_transaction():
    """The worker's connection housekeeping would end the test's transaction (and, on
    SQLite, its in-memory database): the test sees each call instead."""
    with (
        mock.patch(
            "django_tasks_db.management.commands.db_worker.close_old_connections",
            return_value=None,
        ),
        mock.patch.object(workers, "drop_connection") as dropped,
        mock.patch.object(workers.time, "sleep") as slept,
    ):
        yield dropped, slept


def fail_once(real, error: Exception):
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise error
        return real(*args, **kwargs)

    return flaky


def test_a_database_blip_while_looking_for_work_does_not_stop_the_worker(
    db, in_the_tests_transaction
):
    dropped, slept = in_the_tests_transaction
    send_email.enqueue("Hello", "Body", ["a@example.com"])
    blip = OperationalError("server closed the connection unexpectedly")
    flaky = fail_once(DBTaskResultQuerySet.get_locked, blip)
    worker = steady_worker()
    with mock.patch.object(DBTaskResultQuerySet, "get_locked", flaky):
        worker.run()
    assert worker.blips == 1
    dropped.assert_called()  # the broken connection was let go
    assert slept.call_args_list[0].args == (workers.RECONNECT_PAUSES[0],)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL", "it carried on and ran the task"


def test_a_task_the_blip_interrupted_is_recorded_as_failed_and_the_next_one_runs(
    db, in_the_tests_transaction, mailoutbox
):
    first = send_email.enqueue("First", "Body", ["a@example.com"])
    # The database goes away at the end of the first task: recording its outcome fails too.
    blip = OperationalError("terminating connection due to administrator command")
    worker = steady_worker()
    with (
        mock.patch.object(
            DBTaskResult, "set_successful", fail_once(DBTaskResult.set_successful, blip)
        ),
        mock.patch.object(DBTaskResult, "set_failed", fail_once(DBTaskResult.set_failed, blip)),
    ):
        second = send_email.enqueue("Second", "Body", ["b@example.com"])
        worker.run()
    assert worker.blips == 1
    assert DBTaskResult.objects.get(pk=first.id).status == "FAILED"
    assert DBTaskResult.objects.get(pk=second.id).status == "SUCCESSFUL"
    assert [m.subject for m in mailoutbox] == ["First", "Second"]


def test_the_heartbeat_records_the_worker_and_a_clean_stop_removes_it(db, settings):
    settings.WORKER_SILENCE_SECONDS = 20
    beats = []
    workers.worker_beat.connect(
        lambda **kw: beats.append(kw["worker_id"]), weak=False, dispatch_uid="t"
    )
    heartbeat = workers.Heartbeat("beating")
    try:
        heartbeat.beat()
    finally:
        workers.worker_beat.disconnect(dispatch_uid="t")
    row = WorkerHeartbeat.objects.get()
    assert (row.worker_id, row.pid) == ("beating", os.getpid())
    assert workers_alive()[0] == 1
    assert beats[-1] == "beating", "rooms' housekeeping runs on each beat"
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(seconds=21))
    assert workers_alive()[0] == 0
    heartbeat.beat()
    assert workers_alive()[0] == 1
    heartbeat.stop()
    assert not WorkerHeartbeat.objects.exists()


# --- a real PostgreSQL restart under a running worker process -----------------------------
# .ci/run names the PostgreSQL server's data folder (TEST_PGDATA) for a step of its own, so
# restarting the server never cuts the connections of tests running beside this one.
PGDATA = os.environ.get("TEST_PGDATA", "")
ON_POSTGRES = connection.vendor == "postgresql"


def restart_postgres() -> None:
    pg_ctl = os.environ.get("TEST_PG_CTL", "pg_ctl")
    # The server keeps writing its log beside its data (as .ci/run starts it), not to our pipe.
    log = os.path.join(os.path.dirname(PGDATA), "server.log")
    command = [pg_ctl, "-D", PGDATA, "-l", log, "restart", "-m", "fast", "-w"]
    if os.geteuid() == 0:
        command = ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(command)]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


def wait_for(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OperationalError:
            connection.close()  # our own connection went with the restart
        time.sleep(0.1)
    pytest.fail(f"{what} within {seconds} s")


@pytest.mark.restarts_database
@pytest.mark.django_db(transaction=True)
def test_a_worker_process_carries_on_after_postgresql_restarts(tmp_path):
    if not (ON_POSTGRES and PGDATA):
        message = "needs DATABASE_URL on PostgreSQL and TEST_PGDATA (its data folder)"
        if IN_CI and ON_POSTGRES:
            pytest.fail(message)
        pytest.skip(message)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        ),
        "WORKER_HEARTBEAT_SECONDS": "0.5",
        "PMMATURITY_VAR_DIR": str(tmp_path),
    }
    log = (tmp_path / "worker.log").open("w")
    command = ["manage.py", "worker", "--queue-name", "*", "--interval", "0.1", "--no-reload"]
    worker = subprocess.Popen(
        [sys.executable, *command, "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(WorkerHeartbeat.objects.exists, 30, "the worker beat")
        before = send_email.enqueue("Before", "Body", ["a@example.com"])
        wait_for(lambda: DBTaskResult.objects.get(pk=before.id).status == "SUCCESSFUL", 15, "ran")
        restarted_at = timezone.now()
        restart_postgres()
        connection.close()
        after = send_email.enqueue("After", "Body", ["b@example.com"])
        wait_for(
            lambda: DBTaskResult.objects.get(pk=after.id).status == "SUCCESSFUL",
            15,
            "the same worker ran a task after the restart",
        )
        assert worker.poll() is None, "the worker process is still the one that started"
        wait_for(
            lambda: WorkerHeartbeat.objects.get().beat_at > restarted_at, 5, "the heartbeat resumed"
        )
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
    output = (tmp_path / "worker.log").read_text()
    assert "Database unreachable" in output or "heartbeat not recorded" in output, output[-3000:]
    assert not WorkerHeartbeat.objects.exists(), "a worker stopped with SIGTERM says so"
