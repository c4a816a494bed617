"""Two real worker processes share the schedule: every due slot of a job runs once, and
never two runs of it at the same time.

On PostgreSQL (CI's second pass) the workers reach the test's own database; on SQLite
they reach a copy of it in a file, the way `make run`'s worker and server share one.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.db import connection

from pmmaturity.models import ScheduledJob
from tests import scheduled_probe

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5  # runs to watch once both workers are up


def workers_env(tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "PMMATURITY_VAR_DIR": str(tmp_path),
        "SCHEDULE_PROBE_LOG": str(tmp_path / "probe.log"),
        "SCHEDULE_POLL_SECONDS": "0.05",  # both look within the claim delay
        "WORKER_HEARTBEAT_SECONDS": "1",
        "LOG_LEVEL": "INFO",  # the workers say when they start
    }
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
    else:
        # The test database lives in this process's memory: the workers get a copy in the
        # file the development settings open (VAR_DIR/db.sqlite3).
        env.pop("DATABASE_URL", None)
        connection.ensure_connection()
        copy = sqlite3.connect(tmp_path / "db.sqlite3")
        with copy:
            connection.connection.backup(copy)
        copy.close()
    return env


def probe_row(tmp_path: Path) -> dict[str, object]:
    fields = ("runs", "missed_slots", "claim_token")
    if connection.vendor == "postgresql":
        return ScheduledJob.objects.filter(name=scheduled_probe.NAME).values(*fields).get()
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        found = db.execute(
            "SELECT runs, missed_slots, claim_token FROM pmmaturity_scheduledjob WHERE name = ?",
            (scheduled_probe.NAME,),
        ).fetchone()
    return dict(zip(fields, found, strict=True))


def runs_logged(log: Path) -> list[tuple[datetime, float, float, int]]:
    if not log.exists():
        return []
    runs = []
    for line in log.read_text().splitlines():
        slot, start, end, pid = line.split()
        runs.append((datetime.fromisoformat(slot), float(start), float(end), int(pid)))
    return sorted(runs, key=lambda run: run[1])


def wait_for(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    pytest.fail(f"{what} within {seconds} s")


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_run_each_due_slot_once_and_never_at_the_same_time(tmp_path):
    env = workers_env(tmp_path)
    command = ["worker", "--queue-name", "*", "--interval", "0.1", "--no-reload"]
    logs = [tmp_path / f"worker{n}.log" for n in (1, 2)]
    outputs = [path.open("w") for path in logs]
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.scheduled_probe", *command, "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        for out in outputs
    ]
    probe_log = tmp_path / "probe.log"
    try:
        wait_for(
            lambda: all("Starting worker" in path.read_text() for path in logs),
            30,
            "both workers started",
        )
        both_up = time.time()
        wait_for(
            lambda: sum(run[1] > both_up for run in runs_logged(probe_log)) >= RUNS,
            RUNS * 3,
            f"{RUNS} runs of the probe with both workers up",
        )
        assert [worker.poll() for worker in workers] == [None, None], "both ran throughout"
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
        for out in outputs:
            out.close()
    runs = runs_logged(probe_log)
    said = "\n".join(
        f"{slot:%H:%M:%S.%f} {start:.3f}-{end:.3f} pid {pid}" for slot, start, end, pid in runs
    )
    for before, after in itertools.pairwise(runs):
        assert after[1] >= before[2], f"two runs at the same time:\n{said}"
    slots = [run[0] for run in runs]
    gaps = [later - earlier for earlier, later in itertools.pairwise(slots)]
    nothing = timedelta(0)
    assert all(gap > nothing and gap % scheduled_probe.EVERY == nothing for gap in gaps), (
        f"a slot ran twice, or off the beat:\n{said}"
    )
    row = probe_row(tmp_path)
    # Every slot from the first to the last either ran or, if no worker looked in time, is
    # counted as missed (the run after covered it): none is lost, none ran twice.
    skipped = sum(gap // scheduled_probe.EVERY - 1 for gap in gaps)
    assert (row["runs"], row["missed_slots"]) == (len(runs), skipped), said
    assert row["claim_token"] == "", "a worker stopped with SIGTERM lets go of the job"
    worker_output = "\n".join(path.read_text() for path in logs)
    assert "Traceback" not in worker_output, worker_output[-3000:]
