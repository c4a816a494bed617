from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from assessments.models import Membership
from assessments.organisations.selectors import organisations_for_user
from frameworks.selectors import current_version


def home(request: HttpRequest) -> HttpResponse:
    memberships = (
        organisations_for_user(request.user)
        if request.user.is_authenticated
        else Membership.objects.none()
    )
    return render(request, "home.html", {"current": current_version(), "memberships": memberships})


def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the app can reach its database; 503 otherwise, so a load balancer can tell."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unreachable", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")


RESPONDENT_PATHS = ("/r/", "/t/")


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """A styled 500 that needs no database: respondents are told their answers are safe."""
    respondent = request.path.startswith(RESPONDENT_PATHS)
    html = loader.get_template("500.html").render({"respondent": respondent})
    return HttpResponse(html, status=500)
