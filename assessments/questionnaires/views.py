"""Pages of the questionnaires room: the versions an organisation may use, adapting one into
a draft, reading a draft's content, previewing it as a respondent would, and publishing it.
The forms that change a draft's content are in ``edit_views``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from assessments.firms.access import serving_firm
from assessments.organisations.access import OrgAccess
from assessments.questionnaires import selectors, services
from assessments.questionnaires.access import (
    QuestionnairePlace,
    editor_place,
    manager_access,
    questionnaire_place,
)
from assessments.questionnaires.forms import FIRM, ForkForm
from assessments.questionnaires.services import QuestionnaireRefused
from frameworks.models import FrameworkVersion, FrozenVersionError
from pmmaturity.converters import as_id


def questionnaire_url(place: QuestionnairePlace, anchor: str = "") -> str:
    url = reverse("orgs:questionnaire", args=[place.access.organisation.slug, place.version.pk])
    return f"{url}#{anchor}" if anchor else url


def _list_page(
    request: HttpRequest, access: OrgAccess, form: ForkForm, status: int
) -> HttpResponse:
    firm = serving_firm(access)
    org = access.organisation
    versions = list(selectors.versions_seen_by(org))
    usable = {v.pk for v in selectors.versions_for(org)}
    firm_id = selectors.firm_serving(org)
    rows = [
        (
            v,
            QuestionnairePlace(access, v, firm).can_edit,
            v.pk in usable,
            selectors.base_shown(v, org, firm_id),
        )
        for v in versions
    ]
    context = access.page_context(rows=rows, form=form, firm=firm)
    return render(request, "questionnaires/list.html", context, status=status)


def _fork_form(
    access: OrgAccess, data: Any = None, base: FrameworkVersion | None = None
) -> ForkForm:
    versions = selectors.versions_for(access.organisation).order_by("-published_at", "-pk")
    initial = {}
    if data is None:
        initial = {"base": base or versions.first()}
    return ForkForm(
        data,
        initial=initial,
        versions=versions,
        organisation=access.organisation,
        firm=serving_firm(access),
    )


@login_required
@require_safe
def questionnaires(request: HttpRequest, slug: str) -> HttpResponse:
    access = manager_access(request, slug)
    asked = as_id(request.GET.get("base", ""))
    base = selectors.versions_for(access.organisation).filter(pk=asked).first() if asked else None
    return _list_page(request, access, _fork_form(access, base=base), 200)


@login_required
@require_POST
def fork(request: HttpRequest, slug: str) -> HttpResponse:
    access = manager_access(request, slug)
    form = _fork_form(access, request.POST)
    if form.is_valid():
        firm = serving_firm(access) if form.cleaned_data["owner"] == FIRM else None
        try:
            version = services.questionnaire_fork(
                base=form.cleaned_data["base"],
                label=form.cleaned_data["label"],
                organisation=None if firm else access.organisation,
                firm=firm,
            )
        except QuestionnaireRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                f"Version {version.label} is a new draft: change it, preview it, then publish it.",
            )
            return redirect("orgs:questionnaire", access.organisation.slug, version.pk)
    return _list_page(request, access, form, 400)


@login_required
@require_safe
def questionnaire(request: HttpRequest, slug: str, version_pk: int) -> HttpResponse:
    place = questionnaire_place(request, slug, version_pk)
    org = place.access.organisation
    context = place.page_context(
        enablers=selectors.version_content(place.version),
        based_on=selectors.base_shown(place.version, org, selectors.firm_serving(org)),
        editing=place.can_edit and place.is_draft,
        usable=selectors.versions_for(place.access.organisation)
        .filter(pk=place.version.pk)
        .exists(),
    )
    return render(request, "questionnaires/questionnaire.html", context)


@login_required
@require_safe
def preview(request: HttpRequest, slug: str, version_pk: int) -> HttpResponse:
    """The draft as a respondent would see it, one enabler at a time; nothing is saved."""
    place = questionnaire_place(request, slug, version_pk)
    sections = selectors.version_content(place.version)
    if not sections:
        raise Http404("This version has no enablers to preview.")
    key = request.GET.get("section") or sections[0].enabler.key
    index = next((i for i, s in enumerate(sections) if s.enabler.key == key), None)
    if index is None:
        raise Http404("No such section in this version.")
    context = place.page_context(
        sections=sections,
        section=sections[index],
        previous=sections[index - 1] if index > 0 else None,
        next=sections[index + 1] if index + 1 < len(sections) else None,
        options=selectors.agreement_options(place.version),
    )
    return render(request, "questionnaires/preview.html", context)


@login_required
@require_POST
def publish(request: HttpRequest, slug: str, version_pk: int) -> HttpResponse:
    place = editor_place(request, slug, version_pk)
    try:
        services.questionnaire_publish(version=place.version)
    except (FrozenVersionError, QuestionnaireRefused) as refused:
        messages.error(request, str(refused))
    else:
        where = (
            f"every client of {place.version.firm.name}"
            if place.version.firm is not None
            else place.access.organisation.name
        )
        messages.success(
            request,
            f"Version {place.version.label} is published: new rounds in {where} can use it.",
        )
    return redirect(questionnaire_url(place))
