"""`manage.py worker`: django-tasks' `db_worker`, carrying on through database blips and
recording a heartbeat (pmmaturity.workers). Takes the same options as `db_worker`."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands import db_worker

from pmmaturity.workers import Heartbeat, SteadyWorker


class Command(db_worker.Command):
    help = "Run a background worker that survives database restarts and records a heartbeat"

    def handle(self, *args: Any, **options: Any) -> None:
        # db_worker builds its Worker by name inside handle(): hand it ours for this call.
        original = db_worker.Worker
        db_worker.Worker = _steady  # type: ignore[assignment,misc]
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]


def _steady(**options: Any) -> SteadyWorker:
    return SteadyWorker(heartbeat=Heartbeat(options["worker_id"]), **options)
