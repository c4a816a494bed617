from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection
from django.db.models import Min
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult, get_date_max

from pmmaturity.models import workers_alive
from pmmaturity.storage import storage_problem


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico when a page names no icon (Django's admin, a file
    opened on its own): send them to ours. Not a permanent redirect: the icon's static name
    changes with its content."""
    return HttpResponseRedirect(static("favicon.svg"))


def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database and the file storage answer and the task queue moves; 503
    otherwise, with the reason in plain words (JSON).

    The queue counts as down when no worker has recorded a heartbeat for
    WORKER_SILENCE_SECONDS (every worker stopped), or when a task ready to run has waited
    TASK_QUEUE_STALL_SECONDS without a worker taking it (all of them stuck).
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return _health(database="unreachable", reason="database unreachable")
    storage, reason = storage_problem()
    if reason:
        return _health(storage=storage, reason=reason)
    try:
        alive, silent_for = workers_alive()
        waited = _longest_wait()
    except DatabaseError:
        return _health(queue="unreachable", reason="task queue unreachable")
    figures = {
        "workers": alive,
        "last_heartbeat_seconds": None if silent_for is None else round(silent_for, 1),
    }
    if not alive:
        heard = "never" if silent_for is None else f"{silent_for:.0f} s ago"
        reason = f"task queue down: no background worker running (last heard from {heard})"
        return _health(queue="down", reason=reason, figures=figures)
    if waited is not None and waited > settings.TASK_QUEUE_STALL_SECONDS:
        reason = f"task queue stalled: a task has waited {waited:.0f} s for a worker"
        return _health(queue="stalled", reason=reason, figures=figures)
    return _health(figures=figures)


def _health(
    *,
    database: str = "ok",
    storage: str = "ok",
    queue: str = "ok",
    reason: str = "",
    figures: dict[str, float | None] | None = None,
) -> JsonResponse:
    healthy = not reason
    response = JsonResponse(
        {"status": "ok" if healthy else "down", "reason": reason or "ok", "database": database,
         "storage": storage, "queue": queue, **(figures or {})},
        status=200 if healthy else 503,
    )  # fmt: skip
    response["Cache-Control"] = "no-store"
    return response


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


# The day the accessibility statement was last checked against the app, by a person: change it
# (and the statement's known limits) when you check it again, never to "today".
ACCESSIBILITY_REVIEWED = date(2026, 12, 7)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accessibility.html",
        {"reviewed": ACCESSIBILITY_REVIEWED, "contact": accessibility_contact()},
    )


def accessibility_contact() -> str:
    """Where to report a problem: ACCESSIBILITY_CONTACT when set, else the address of the
    site's first superuser, the person who runs it (createsuperuser asks for one); "" when
    neither is there, and the statement says whom to tell instead."""
    if settings.ACCESSIBILITY_CONTACT:
        return str(settings.ACCESSIBILITY_CONTACT)
    runs_it = (
        get_user_model()
        .objects.filter(is_superuser=True, is_active=True)
        .exclude(email="")
        .order_by("date_joined", "pk")
        .values_list("email", flat=True)
        .first()
    )
    return str(runs_it or "")
