from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Min
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils import timezone
from django.views.decorators.csrf import requires_csrf_token
from django_tasks_db.models import DBTaskResult, get_date_max


def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers and the task queue moves; 503 otherwise, saying which.

    The queue counts as down when a task ready to run has waited TASK_QUEUE_STALL_SECONDS
    without a worker taking it (no worker running, or all of them stuck).
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unreachable", content_type="text/plain", status=503)
    try:
        waited = _longest_wait()
    except DatabaseError:
        return HttpResponse("task queue unreachable", content_type="text/plain", status=503)
    if waited is not None and waited > settings.TASK_QUEUE_STALL_SECONDS:
        return HttpResponse(
            f"task queue stalled: a task has waited {waited:.0f} s for a worker",
            content_type="text/plain",
            status=503,
        )
    return HttpResponse("ok", content_type="text/plain")


def _longest_wait() -> float | None:
    """Seconds the longest-waiting ready task has waited, or None when none waits."""
    now = timezone.now()
    ready = DBTaskResult.objects.filter(status="READY")
    due = [
        ready.filter(run_after=get_date_max()).aggregate(since=Min("enqueued_at"))["since"],
        ready.exclude(run_after=get_date_max())
        .filter(run_after__lte=now)
        .aggregate(since=Min("run_after"))["since"],
    ]
    waiting = [since for since in due if since is not None]
    return (now - min(waiting)).total_seconds() if waiting else None


RESPONDENT_PATHS = ("/r/", "/t/")


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """A styled 500 that needs no database: respondents are told their answers are safe."""
    respondent = request.path.startswith(RESPONDENT_PATHS)
    html = loader.get_template("500.html").render({"respondent": respondent})
    return HttpResponse(html, status=500)
