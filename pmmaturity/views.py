from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
    return HttpResponse("ok", content_type="text/plain")
