"""Public pages that show the instruments. No login needed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from frameworks import selectors
from frameworks.models import FrameworkVersion

PAGES = {
    "maturity-model": "frameworks:maturity_model",
    "activities": "frameworks:activities",
    "dashboard": "frameworks:dashboard",
}


def _context(request: HttpRequest, version: FrameworkVersion, page: str) -> dict[str, object]:
    return {
        "version": version,
        "page": page,
        "versions": selectors.visible_versions(user=request.user).filter(
            framework=version.framework
        ),
    }


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "frameworks/about.html", {"current": selectors.current_version()})


def current(request: HttpRequest, page: str) -> HttpResponse:
    """The given page for the most recently published version (what the menu links to)."""
    version = selectors.current_version()
    if version is None:
        return render(request, "frameworks/no_version.html", status=404)
    return redirect(PAGES[page], slug=version.framework.slug, label=version.label)


def maturity_model(request: HttpRequest, slug: str, label: str) -> HttpResponse:
    version = selectors.version_get(user=request.user, slug=slug, label=label)
    context = _context(request, version, "maturity-model")
    context["grid"] = selectors.maturity_grid(version=version)
    context["agreement"] = selectors.agreement_scale(version=version)
    return render(request, "frameworks/maturity_model.html", context)


def activities(request: HttpRequest, slug: str, label: str) -> HttpResponse:
    version = selectors.version_get(user=request.user, slug=slug, label=label)
    context = _context(request, version, "activities")
    context["layout"] = selectors.activities_layout(version=version)
    return render(request, "frameworks/activities.html", context)


def dashboard(request: HttpRequest, slug: str, label: str) -> HttpResponse:
    version = selectors.version_get(user=request.user, slug=slug, label=label)
    groups = selectors.dial_groups(version=version)
    context = _context(request, version, "dashboard")
    context["groups"] = groups
    return render(request, "frameworks/dashboard.html", context)
