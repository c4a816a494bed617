"""Scheduled jobs: periodic work run by exactly one runner at a time, whatever the number of
background workers and machines.

A room offers a job by decorating a function in its ``scheduled`` module (listed in
``assessments.apps.PLUG_INS``, like the rooms' other plug-ins)::

    @schedule.job("prune-exports", every=timedelta(hours=1))
    def prune_exports() -> str:
        return f"{making.prune_old_exports()} deleted"

Every worker (``manage.py worker``) looks every SCHEDULE_POLL_SECONDS for due jobs
(``workers.ScheduleLoop``). Each job has one row (``models.ScheduledJob``) shared by every
machine through the database. A runner runs a job only after claiming that row with one
conditional UPDATE, the compare-and-set the export render slots use: due, and nobody's claim
holding. A conditional UPDATE is atomic on SQLite (one writer at a time) and on PostgreSQL
(a second UPDATE of the row waits for the first to commit and then finds its condition false),
so of two runners looking at the same moment one claims and the other sees nothing to do;
no advisory lock is needed, and none could outlive a crashed runner. A claim is a lease:
its runner renews it while the job runs, and a runner that dies (killed, its machine gone)
lets it run out, after which another runner claims the same slot and runs it again. Times
are the runners' own clocks: machines kept in step by NTP are well within the lease's margin
(a claim renewed every 40 s holds for 2 minutes).

The row records the last run: when, how long, how it went and what it said, for the admin
and ``manage.py schedule``. A slot is the time a run is due: a run that finishes sets the
next slot one interval on; slots that passed while no worker ran are not made up one by
one (housekeeping needs one run, not a backlog) but counted, and the next run covers them.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from django.db import DatabaseError, connection
from django.db.models import F, Q
from django.utils import timezone

from pmmaturity.models import ScheduledJob

log = logging.getLogger(__name__)

# A claim holds this long unless its runner renews it (every third of it while the job
# runs): a dead runner's job runs again, on another worker, within this much.
DEFAULT_LEASE = timedelta(minutes=2)
MESSAGE_MAX = 2000

Run = TypeVar("Run", bound=Callable[[], object])


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], object]  # what it returns is recorded as the run's message
    every: timedelta
    lease: timedelta = DEFAULT_LEASE


@dataclass(frozen=True)
class Claim:
    """One runner's hold on one slot of a job."""

    job: Job
    token: str
    slot: datetime
    started_at: datetime
    runner: str


_JOBS: dict[str, Job] = {}


def job(name: str, *, every: timedelta, lease: timedelta = DEFAULT_LEASE) -> Callable[[Run], Run]:
    """Register the decorated function as a scheduled job that runs every ``every``."""

    def register(run: Run) -> Run:
        add(Job(name=name, run=run, every=every, lease=lease))
        return run

    return register


def add(new: Job) -> None:
    if new.every <= timedelta(0) or new.lease <= timedelta(0):
        raise ValueError(f"Scheduled job {new.name!r}: its interval and lease must be positive")
    known = _JOBS.get(new.name)
    if known is not None and known.run is not new.run:
        raise ValueError(f"Two scheduled jobs are called {new.name!r}")
    _JOBS[new.name] = new


def jobs() -> list[Job]:
    """Every registered job, by name."""
    return [_JOBS[name] for name in sorted(_JOBS)]


def runner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:255]


# --- claiming --------------------------------------------------------------------------------


def rows(names: list[str], now: datetime) -> dict[str, ScheduledJob]:
    """The jobs' rows, each made on first sight, due at once."""
    found = {row.name: row for row in ScheduledJob.objects.filter(name__in=names)}
    missing = [name for name in names if name not in found]
    if missing:
        ScheduledJob.objects.bulk_create(
            [ScheduledJob(name=n, every=_JOBS[n].every, next_run_at=now) for n in missing],
            ignore_conflicts=True,  # another runner made it first: the same row
        )
        found.update({r.name: r for r in ScheduledJob.objects.filter(name__in=missing)})
    return found


def take(
    job: Job, seen: ScheduledJob, *, runner: str, now: datetime, force: bool = False
) -> Claim | None:
    """Claim the job for the slot ``seen`` shows, if it is due (or ``force``) and nobody
    holds it; None if another runner got there first or holds it still."""
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    due = Q() if force else Q(next_run_at__lte=now)
    abandoned = seen.claimed_until is not None and seen.claimed_until < now
    token = secrets.token_hex(16)
    claimed = ScheduledJob.objects.filter(
        free, due, name=job.name, next_run_at=seen.next_run_at
    ).update(
        every=job.every,
        claimed_by=runner,
        claim_token=token,
        claimed_until=now + job.lease,
        last_started_at=now,
        last_outcome=ScheduledJob.Outcome.RUNNING,
        # The runner before stopped mid-run: that run counts as failed.
        failures=F("failures") + int(abandoned),
    )
    if not claimed:
        return None
    if abandoned:
        log.warning(
            "Scheduled job %s: %s stopped before finishing; %s runs it again",
            job.name,
            seen.claimed_by,
            runner,
        )
    return Claim(job=job, token=token, slot=seen.next_run_at, started_at=now, runner=runner)


def claim(
    job: Job, *, runner: str, now: datetime | None = None, force: bool = False
) -> Claim | None:
    now = now or timezone.now()
    return take(job, rows([job.name], now)[job.name], runner=runner, now=now, force=force)


def renew(held: Claim, now: datetime | None = None) -> bool:
    """Extend the claim; False if it was lost (it ran out and another runner took the job)."""
    until = (now or timezone.now()) + held.job.lease
    return bool(
        ScheduledJob.objects.filter(name=held.job.name, claim_token=held.token).update(
            claimed_until=until
        )
    )


def next_slot(slot: datetime, every: timedelta, now: datetime) -> tuple[datetime, int]:
    """The first slot after ``now`` on the job's beat, and how many were missed before it."""
    if slot > now:
        return slot, 0
    passed = (now - slot) // every + 1
    return slot + passed * every, passed - 1


def finish(
    held: Claim, *, ok: bool, message: str = "", now: datetime | None = None, forced: bool = False
) -> bool:
    """Record how the run went, set the next slot and let go of the job. False if the claim
    had been lost meanwhile: the row is the other runner's, and stays as it is."""
    now = now or timezone.now()
    following, missed = next_slot(held.slot, held.job.every, now)
    return bool(
        ScheduledJob.objects.filter(name=held.job.name, claim_token=held.token).update(
            next_run_at=following,
            claimed_by="",
            claim_token="",
            claimed_until=None,
            last_finished_at=now,
            last_duration=now - held.started_at,
            last_outcome=ScheduledJob.Outcome.OK if ok else ScheduledJob.Outcome.FAILED,
            last_message=message[:MESSAGE_MAX],
            runs=F("runs") + 1,
            failures=F("failures") + int(not ok),
            missed_slots=F("missed_slots") + (0 if forced else missed),
        )
    )


# --- running ---------------------------------------------------------------------------------


def run_claimed(held: Claim, *, forced: bool = False) -> bool:
    """Run the claimed job, renewing the claim while it runs, and record the outcome.
    True if the job succeeded."""
    began = time.monotonic()
    with _renewing(held):
        try:
            said = held.job.run()
        except Exception as error:
            log.exception("Scheduled job %s failed", held.job.name)
            ok, message = False, f"{type(error).__name__}: {error}"
        else:
            ok, message = True, "" if said is None else str(said)
    # On the clock the run was claimed by (the time of the look that found it due).
    ended = held.started_at + timedelta(seconds=time.monotonic() - began)
    try:
        if not finish(held, ok=ok, message=message, now=ended, forced=forced):
            log.warning(
                "Scheduled job %s: the claim ran out before the run finished", held.job.name
            )
    except DatabaseError as error:
        # The claim runs out and another runner runs the slot again.
        log.warning("Scheduled job %s: outcome not recorded: %s", held.job.name, error)
        connection.close()
    return ok


def run_due(*, runner: str, now: datetime | None = None) -> dict[str, bool]:
    """Run every registered job that is due and unclaimed, one after another; the outcome
    of each run, by name. What every worker does every SCHEDULE_POLL_SECONDS."""
    now = now or timezone.now()
    registered = jobs()
    seen = rows([j.name for j in registered], now)
    ran = {}
    for each in registered:
        row = seen[each.name]
        if row.next_run_at > now or (row.claimed_until is not None and row.claimed_until >= now):
            continue  # not due, or another runner has it: no write needed to know
        held = take(each, row, runner=runner, now=now)
        if held is not None:
            ran[each.name] = run_claimed(held)
    return ran


def run_now(name: str, *, runner: str) -> bool | None:
    """Run one job at once, due or not, unless a runner has it now (None then)."""
    held = claim(_JOBS[name], runner=runner, force=True)
    return None if held is None else run_claimed(held, forced=True)


@contextmanager
def renewing(renew: Callable[[], object], *, every: float, what: str) -> Iterator[None]:
    """Call ``renew`` every ``every`` seconds from a thread with its own database connection
    while the block runs, so a lease outlives slow work (a job, a PDF) but never its worker.
    A database error is logged and tried again next time; ``renew`` returning False means
    the lease was lost, which is logged too."""
    done = threading.Event()

    def keep_renewing() -> None:
        try:
            while not done.wait(every):
                try:
                    if renew() is False:
                        log.warning("%s: lease lost while running", what)
                except DatabaseError as error:
                    log.warning("%s: lease not renewed: %s", what, error)
                    connection.close()
        finally:
            connection.close()

    keeper = threading.Thread(target=keep_renewing, daemon=True)
    keeper.start()
    try:
        yield
    finally:
        done.set()
        keeper.join(timeout=every)


def _renewing(held: Claim) -> AbstractContextManager[None]:
    """Renew the claim every third of its lease while the block runs: a job may run longer
    than its lease, never beside itself."""
    return renewing(
        lambda: renew(held),
        every=held.job.lease.total_seconds() / 3,
        what=f"Scheduled job {held.job.name}",
    )
