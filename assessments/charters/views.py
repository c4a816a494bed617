"""The charter: the published page every member reads and prints, and for organisation
admins and consultants, editing (each save a new version), publishing and the history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments.charters import selectors, services
from assessments.charters.access import CharterPlace, charter_place, editor_place, version_in
from assessments.charters.forms import SaveForm, principle_formset
from assessments.charters.services import CharterRefused, PrincipleIn


def charter_url(place: CharterPlace, page: str = "", *args: Any) -> str:
    """The URL of one of the place's charter pages (the organisation's or a department's)."""
    slug = place.access.organisation.slug
    if place.department is not None:
        return reverse(f"orgs:charter_department{page}", args=[slug, place.department.pk, *args])
    return reverse(f"orgs:charter{page}", args=[slug, *args])


def _context(place: CharterPlace, **extra: Any) -> dict[str, Any]:
    urls = {
        "read": charter_url(place),
        "edit": charter_url(place, "_edit"),
        "history": charter_url(place, "_history"),
        "organisation": reverse("orgs:charter", args=[place.access.organisation.slug]),
    }
    return place.access.page_context(place=place, urls=urls, **extra)


@login_required
@require_safe
def charter(request: HttpRequest, slug: str, department_pk: int | None = None) -> HttpResponse:
    place = charter_place(request, slug, department_pk)
    version = selectors.published_version(place.charter)
    context = _context(place, version=version)
    if place.access.is_manager:
        context["draft"] = version is None and selectors.latest_version(place.charter)
        if place.department is None:
            context["departments"] = [
                (d, charter_url(CharterPlace(place.access, d, None)))
                for d in place.access.organisation.departments.all()
            ]
    if place.department is not None and version is None:
        org_charter = selectors.charter_of(place.access.organisation, None)
        context["organisation_version"] = selectors.published_version(org_charter)
    return render(request, "charters/charter.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest, slug: str, department_pk: int | None = None) -> HttpResponse:
    place = editor_place(request, slug, department_pk)
    if request.method == "POST":
        formset = principle_formset(request.POST)
        form = SaveForm(request.POST)
        if formset.is_valid() and form.is_valid():
            try:
                version = services.charter_save(
                    organisation=place.access.organisation,
                    department=place.department,
                    principles=formset.principles(),
                    note=form.cleaned_data["note"],
                    user=request.user,
                    publish=form.cleaned_data["publish"],
                )
            except CharterRefused as refused:
                form.add_error(None, str(refused))
            else:
                published = " and published" if version.published_at else ""
                messages.success(request, f"Saved{published} as version {version.number}.")
                return redirect(charter_url(place, "_history"))
        status = 400
    else:
        formset = principle_formset(initial=_starting_point(request, place))
        form = SaveForm()
        status = 200
    context = _context(place, formset=formset, form=form, has_charter=place.charter is not None)
    return render(request, "charters/edit.html", context, status=status)


def _starting_point(request: HttpRequest, place: CharterPlace) -> list[PrincipleIn]:
    """The newest saved version, or our template for a first charter (or when asked)."""
    latest = selectors.latest_version(place.charter)
    if latest is None or request.GET.get("start") == "template":
        return services.template_principles()
    return [PrincipleIn(p.title, p.text, p.key) for p in latest.principles.all()]


@login_required
@require_safe
def history(request: HttpRequest, slug: str, department_pk: int | None = None) -> HttpResponse:
    place = editor_place(request, slug, department_pk)
    published = selectors.published_version(place.charter)
    context = _context(
        place,
        versions=[
            (v, charter_url(place, "_version", v.pk), charter_url(place, "_publish", v.pk))
            for v in selectors.versions(place.charter)
        ],
        published=published,
    )
    return render(request, "charters/history.html", context)


@login_required
@require_safe
def version(
    request: HttpRequest, slug: str, version_pk: int, department_pk: int | None = None
) -> HttpResponse:
    place = editor_place(request, slug, department_pk)
    shown = version_in(place, version_pk)
    published = selectors.published_version(place.charter)
    context = _context(
        place,
        version=shown,
        heading=f"Version {shown.number}",
        is_published=published is not None and published.pk == shown.pk,
        publish_url=charter_url(place, "_publish", shown.pk),
    )
    return render(request, "charters/version.html", context)


@login_required
@require_POST
def publish(
    request: HttpRequest, slug: str, version_pk: int, department_pk: int | None = None
) -> HttpResponse:
    place = editor_place(request, slug, department_pk)
    shown = version_in(place, version_pk)
    services.charter_publish(version=shown)
    messages.success(request, f"Version {shown.number} is now the published charter.")
    return redirect(charter_url(place))
