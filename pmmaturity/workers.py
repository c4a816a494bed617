"""The background worker: django-tasks' database worker that outlives a database blip and
says it is alive.

django-tasks' ``db_worker`` stops at the first connection error (a PostgreSQL restart of
half a second is enough), and nothing would run PDFs, exports, emails or results refreshes
after that. ``SteadyWorker`` catches the error, drops the broken connection, waits a moment
and carries on. A ``Heartbeat`` thread records the worker's last sign of life every few
seconds (a row shared by every machine); /healthz/ reads it. A ``ScheduleLoop`` thread runs
the scheduled jobs that are due (``pmmaturity.schedule``: one runner at a time across every
worker), so the worker ``make run`` starts runs them too. A supervisor (``make run``'s
loop, or systemd's ``Restart=always``) restarts a worker that dies for any other reason.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.dispatch import Signal
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from pmmaturity import schedule
from pmmaturity.models import WorkerHeartbeat

log = logging.getLogger(__name__)

# What a lost or restarting database raises (psycopg and sqlite3 errors, as Django wraps them).
DATABASE_BLIPS = (OperationalError, InterfaceError)
# Waits between attempts while the database is away: short at first, never long.
RECONNECT_PAUSES = (0.5, 1.0, 2.0, 5.0)

# Sent by every live worker's heartbeat (from the heartbeat thread): rooms connect their
# housekeeping, such as taking back the render slot of a worker that died (exports).
worker_beat = Signal()


def drop_connection() -> None:
    """Close this thread's database connection, broken or not; the next query opens a new one."""
    # A broken connection may fail to close: Django has let go of it all the same.
    with contextlib.suppress(DatabaseError):
        connection.close()


class SteadyWorker(Worker):
    """django-tasks' worker, carrying on after the database goes away and comes back.

    A task that was running when the database went away is recorded as failed once the
    database is back (what it wrote itself is whatever its own transactions committed);
    exports and results refreshes notice and make their work again (exports.making, reports.store).
    """

    def __init__(
        self,
        *,
        heartbeat: Heartbeat | None = None,
        scheduler: ScheduleLoop | None = None,
        **options: object,
    ) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.heartbeat = heartbeat
        self.scheduler = scheduler
        self.in_hand: DBTaskResult | None = None
        self.blips = 0

    def run(self) -> None:
        if self.heartbeat is not None:
            self.heartbeat.start()
        if self.scheduler is not None:
            self.scheduler.start()
        try:
            self._run_through_blips()
        finally:
            if self.scheduler is not None:
                self.scheduler.stop()
            if self.heartbeat is not None:
                self.heartbeat.stop()

    def _run_through_blips(self) -> None:
        failures = 0
        while self.running:
            try:
                super().run()
                return  # --batch or --max-tasks: done
            except DATABASE_BLIPS as error:
                pause = RECONNECT_PAUSES[min(failures, len(RECONNECT_PAUSES) - 1)]
                failures += 1
                self.blips += 1
                log.warning("Database unreachable (%s); trying again in %s s", error, pause)
                drop_connection()
                self.startup_delay = False  # the random start-up delay was taken once
                time.sleep(pause)
                failures = 0 if self._record_interrupted(error) else failures

    def _record_interrupted(self, error: Exception) -> bool:
        """Mark the task the blip interrupted as failed; False while the database is still away."""
        try:
            if self.in_hand is not None:
                running = DBTaskResult.objects.filter(pk=self.in_hand.pk, status="RUNNING")
                if running.exists():
                    self.in_hand.set_failed(error)
                self.in_hand = None
            else:
                DBTaskResult.objects.exists()  # is the database back?
        except DATABASE_BLIPS:
            drop_connection()
            return False
        return True

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.in_hand = db_task_result
        super().run_task(db_task_result)
        self.in_hand = None


class _Repeating:
    """A daemon thread that takes ``step`` every ``interval()`` seconds until stopped, through
    its own database connection: a failed step is logged and the next one tries again."""

    db_failed = ""  # logged, with the error, when the database refused a step
    failed = ""  # logged, with the traceback, when a step failed otherwise
    join_seconds = 10.0  # how long ``stop`` waits for a step in hand

    def __init__(self) -> None:
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._repeat_until_stopped, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def step(self) -> None:
        raise NotImplementedError

    def interval(self) -> float:
        raise NotImplementedError

    def _halt(self) -> None:
        self._stopping.set()
        if self._thread.ident is not None:
            self._thread.join(timeout=self.join_seconds)

    def _repeat_until_stopped(self) -> None:
        try:
            while not self._stopping.is_set():
                try:
                    self.step()
                except DatabaseError as error:
                    log.warning("%s: %s", self.db_failed, error)
                    drop_connection()
                except Exception:
                    log.exception(self.failed)  # the next step tries again
                self._stopping.wait(self.interval())
        finally:
            drop_connection()


class Heartbeat(_Repeating):
    """A thread that records this worker's last sign of life every WORKER_HEARTBEAT_SECONDS,
    through its own database connection, whatever task the worker is busy with."""

    db_failed = "Worker heartbeat not recorded"
    failed = "Worker housekeeping failed"

    def __init__(self, worker_id: str) -> None:
        super().__init__()
        self.worker_id = worker_id
        self.started_at = timezone.now()

    def stop(self) -> None:
        """Stop beating and remove the row: a worker that stops cleanly is gone at once."""
        self._halt()
        # With the database away, the row goes quiet instead and is pruned a day later.
        with contextlib.suppress(DatabaseError):
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()

    def interval(self) -> float:
        return settings.WORKER_HEARTBEAT_SECONDS

    def step(self) -> None:
        self.beat()

    def beat(self) -> None:
        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": self.started_at,
                "beat_at": now,
            },
        )
        # Rows of workers quiet for a day are of no use to anyone.
        WorkerHeartbeat.objects.filter(beat_at__lt=now - timedelta(days=1)).delete()
        worker_beat.send(sender=self.__class__, worker_id=self.worker_id)


class ScheduleLoop(_Repeating):
    """A thread that runs the scheduled jobs that are due, looking every
    SCHEDULE_POLL_SECONDS, through its own database connection (``pmmaturity.schedule``)."""

    db_failed = failed = "Scheduled jobs not looked at"
    # On stop, a job in hand gets this long to finish; past it, its claim runs out and
    # another worker runs the slot again.
    STOP_WAIT_SECONDS = 60
    join_seconds = STOP_WAIT_SECONDS

    def __init__(self, runner: str) -> None:
        super().__init__()
        self.runner = runner

    def stop(self) -> None:
        """Look no more; let a job in hand finish first."""
        self._halt()

    def interval(self) -> float:
        return settings.SCHEDULE_POLL_SECONDS

    def step(self) -> None:
        schedule.run_due(runner=self.runner)
