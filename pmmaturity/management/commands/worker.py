"""`manage.py worker`: django-tasks' `db_worker`, carrying on through database blips,
recording a heartbeat and running the scheduled jobs that are due (pmmaturity.workers). Takes
the same options as `db_worker`, and `--no-scheduler`."""

from __future__ import annotations

from argparse import ArgumentParser
from functools import partial
from typing import Any

from django_tasks_db.management.commands import db_worker

from pmmaturity.schedule import runner_name
from pmmaturity.workers import Heartbeat, ScheduleLoop, SteadyWorker


class Command(db_worker.Command):
    help = (
        "Run a background worker that survives database restarts, records a heartbeat and "
        "runs the scheduled jobs that are due"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Run queued tasks only, never scheduled jobs (another worker runs them)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # db_worker builds its Worker by name inside handle(): hand it ours for this call.
        original = db_worker.Worker
        scheduling = not options.pop("no_scheduler", False)
        db_worker.Worker = partial(_steady, scheduling=scheduling)  # type: ignore[assignment,misc]
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]


def _steady(*, scheduling: bool, **options: Any) -> SteadyWorker:
    return SteadyWorker(
        heartbeat=Heartbeat(options["worker_id"]),
        scheduler=ScheduleLoop(runner_name()) if scheduling else None,
        **options,
    )
