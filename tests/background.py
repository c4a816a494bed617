"""Run queued background tasks in the test's own process and transaction, as a worker would."""

from __future__ import annotations

from unittest import mock

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_tasks() -> int:
    """Run every task that is ready now, the way `manage.py db_worker --batch` does.

    Returns how many ran, not counting refreshes of stored results (every submit asks for
    one, and the tests that count tasks count the work they asked for). The worker's connection housekeeping is switched off: inside a
    test's transaction it would mark the connection unusable.
    """
    finished = DBTaskResult.objects.filter(status__in=["SUCCESSFUL", "FAILED"]).exclude(
        task_path="assessments.reports.tasks.refresh_results"
    )
    before = finished.count()
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", return_value=None
    ):
        worker.run()
    return finished.count() - before
