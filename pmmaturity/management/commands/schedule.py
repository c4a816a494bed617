"""`manage.py schedule`: the scheduled jobs and how each last ran (`--list`, the default), or
run one now (`--run NAME`) under the same claim a worker takes, so never beside a worker's run
of the same job."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from pmmaturity import schedule
from pmmaturity.models import ScheduledJob


class Command(BaseCommand):
    help = "List the scheduled jobs and how each last ran, or run one now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--list", action="store_true", help="List the jobs and their last runs (the default)."
        )
        parser.add_argument("--run", metavar="NAME", help="Run this job now, due or not.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["run"]:
            self._run(options["run"])
        else:
            self._list()

    def _run(self, name: str) -> None:
        if name not in {job.name for job in schedule.jobs()}:
            raise CommandError(
                f"No scheduled job is called {name!r}. `schedule --list` names them."
            )
        ok = schedule.run_now(name, runner=f"{schedule.runner_name()} (manage.py schedule)")
        if ok is None:
            raise CommandError(f"{name} is running now (claimed by a worker); try again later.")
        row = ScheduledJob.objects.get(name=name)
        said = f": {row.last_message}" if row.last_message else ""
        if not ok:
            raise CommandError(f"{name} failed{said}")
        self.stdout.write(f"{name} ran in {_seconds(row.last_duration)}{said}")

    def _list(self) -> None:
        registered = schedule.jobs()
        found = schedule.rows([job.name for job in registered], timezone.now())
        for job in registered:
            self.stdout.write(_line(job, found[job.name]))
        stale = ScheduledJob.objects.exclude(name__in=[job.name for job in registered])
        for row in stale:
            self.stdout.write(f"{row.name}: no longer in the code's schedule (last run kept)")


def _line(job: schedule.Job, row: ScheduledJob) -> str:
    now = timezone.now()
    if row.claimed_until is not None and row.claimed_until >= now:
        state = f"running on {row.claimed_by} since {_when(row.last_started_at)}"
    elif row.abandoned:
        state = f"stopped mid-run on {row.claimed_by}; runs again at the next look"
    elif row.last_outcome in (ScheduledJob.Outcome.OK, ScheduledJob.Outcome.FAILED):
        state = (
            f"last run {_when(row.last_started_at)}, {row.get_last_outcome_display().lower()} "
            f"in {_seconds(row.last_duration)}"
        )
        if row.last_message:
            state += f" ({row.last_message.splitlines()[0][:120]})"
    else:
        state = "not run yet"
    due = "due now" if row.next_run_at <= now else f"next {_when(row.next_run_at)}"
    counts = (
        f"{_count(row.runs, 'run')}, {row.failures} failed, "
        f"{_count(row.missed_slots, 'slot')} missed"
    )
    return f"{job.name} (every {_every(job)}): {state}; {due}; {counts}"


def _when(moment: Any) -> str:
    return "never" if moment is None else f"{timezone.localtime(moment):%Y-%m-%d %H:%M:%S}"


def _seconds(duration: Any) -> str:
    return "?" if duration is None else f"{duration.total_seconds():.1f} s"


def _every(job: schedule.Job) -> str:
    seconds = int(job.every.total_seconds())
    for unit, size in (("h", 3600), ("min", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size} {unit}"
    return f"{job.every.total_seconds():g} s"


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
