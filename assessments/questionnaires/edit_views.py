"""The forms that change a draft questionnaire: statements (add, edit, remove, move), level
descriptors, and recommendations (add, edit, remove). Only a draft without answers changes;
otherwise the page says why and goes back to the questionnaire."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from assessments.questionnaires import services
from assessments.questionnaires.access import (
    QuestionnairePlace,
    descriptor_in,
    editor_place,
    recommendation_in,
    statement_in,
)
from assessments.questionnaires.forms import (
    DescriptorForm,
    MoveForm,
    RecommendationForm,
    StatementForm,
    audience_initial,
)
from assessments.questionnaires.services import QuestionnaireRefused
from assessments.questionnaires.views import questionnaire_url
from frameworks.models import Enabler, FrozenVersionError

FORM_METHODS = ["GET", "HEAD", "POST"]
REFUSALS = (FrozenVersionError, QuestionnaireRefused)


SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def _not_a_draft(request: HttpRequest, place: QuestionnairePlace) -> HttpResponse | None:
    """Back to the questionnaire, saying why, when the version can no longer change."""
    if place.is_draft:
        return None
    messages.error(
        request,
        f"Version {place.version.label} is {place.version.get_status_display().lower()} and can "
        f"no longer change. Adapt it to make a new draft.",
    )
    return redirect(questionnaire_url(place))


def _form_page(
    request: HttpRequest,
    place: QuestionnairePlace,
    form: forms.Form,
    *,
    heading: str,
    enabler: Enabler,
    save: Callable[[], Any],
    saved: str | Callable[[], str],
) -> HttpResponse:
    """Show the form; on a valid POST call ``save`` and go back to the enabler. An invalid
    POST, or one the draft refuses, shows the form again with the reasons (400)."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                save()
            except REFUSALS as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, saved if isinstance(saved, str) else saved())
                return redirect(questionnaire_url(place, f"enabler-{enabler.key}"))
        status = 400
    context = place.page_context(
        form=form,
        heading=heading,
        enabler=enabler,
        back=questionnaire_url(place, f"enabler-{enabler.key}"),
    )
    return render(request, "questionnaires/form.html", context, status=status)


def _enabler_asked(place: QuestionnairePlace, request: HttpRequest) -> Enabler:
    key = request.GET.get("enabler", "")[:60]
    if not SLUG.fullmatch(key):  # a key is a slug; anything else (a NUL byte, say) is none
        raise Http404("No such enabler.")
    return get_object_or_404(Enabler, version=place.version, key=key)


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(FORM_METHODS)
def statement_add(request: HttpRequest, slug: str, version_pk: int) -> HttpResponse:
    place = editor_place(request, slug, version_pk)
    enabler = _enabler_asked(place, request)
    refused = _not_a_draft(request, place)
    if refused:
        return refused
    form = StatementForm(_data(request), version=place.version)
    return _form_page(
        request,
        place,
        form,
        heading=f"Add a statement to {enabler.name}",
        enabler=enabler,
        save=lambda: services.statement_add(enabler=enabler, **form.cleaned_data),
        saved="Statement added. It has a new key, so it is not compared with earlier rounds.",
    )


@login_required
@require_http_methods(FORM_METHODS)
def statement_edit(
    request: HttpRequest, slug: str, version_pk: int, statement_pk: int
) -> HttpResponse:
    place = editor_place(request, slug, version_pk)
    statement = statement_in(place, statement_pk)
    refused = _not_a_draft(request, place)
    if refused:
        return refused
    initial = {
        "text": statement.text,
        "level": statement.level,
        "help_text": statement.help_text,
        "reverse_scored": statement.reverse_scored,
        **audience_initial(statement.audience),
    }
    form = StatementForm(_data(request), initial=initial, version=place.version, editing=True)
    key = statement.key
    return _form_page(
        request,
        place,
        form,
        heading="Edit a statement",
        enabler=statement.enabler,
        save=lambda: services.statement_update(statement=statement, **form.cleaned_data),
        saved=lambda: (
            "Statement saved. It keeps its key, so results still compare with earlier rounds."
            if statement.key == key
            else "Statement saved with a new key: its meaning changed, so it starts a new "
            "trend and is not compared with earlier rounds."
        ),
    )


def _post_action(
    request: HttpRequest, place: QuestionnairePlace, anchor: str, act: Callable[[], str]
) -> HttpResponse:
    """Do a one-button change and go back to the questionnaire, saying what happened."""
    try:
        done = act()
    except REFUSALS as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, done)
    return redirect(questionnaire_url(place, anchor))


@login_required
@require_POST
def statement_remove(
    request: HttpRequest, slug: str, version_pk: int, statement_pk: int
) -> HttpResponse:
    place = editor_place(request, slug, version_pk)
    statement = statement_in(place, statement_pk)

    def act() -> str:
        services.statement_remove(statement=statement)
        return f"Removed “{statement.text}” from this draft."

    return _post_action(request, place, f"enabler-{statement.enabler.key}", act)


@login_required
@require_POST
def statement_move(
    request: HttpRequest, slug: str, version_pk: int, statement_pk: int
) -> HttpResponse:
    place = editor_place(request, slug, version_pk)
    statement = statement_in(place, statement_pk)
    form = MoveForm(request.POST)

    def act() -> str:
        if not form.is_valid():
            raise QuestionnaireRefused("Move a statement up or down.")
        direction = form.cleaned_data["direction"]
        services.statement_move(statement=statement, direction=direction)
        return f"Moved “{statement.text}” {direction}."

    return _post_action(request, place, f"statement-{statement.pk}", act)


@login_required
@require_http_methods(FORM_METHODS)
def descriptor_edit(
    request: HttpRequest, slug: str, version_pk: int, descriptor_pk: int
) -> HttpResponse:
    place = editor_place(request, slug, version_pk)
    descriptor = descriptor_in(place, descriptor_pk)
    refused = _not_a_draft(request, place)
    if refused:
        return refused
    form = DescriptorForm(_data(request), initial={"text": descriptor.text})
    return _form_page(
        request,
        place,
        form,
        heading=f"{descriptor.enabler.name} at the {descriptor.level.name} level",
        enabler=descriptor.enabler,
        save=lambda: services.descriptor_update(descriptor=descriptor, **form.cleaned_data),
        saved=f"Saved what {descriptor.level.name} looks like.",
    )


@login_required
@require_http_methods(FORM_METHODS)
def recommendation_add(request: HttpRequest, slug: str, version_pk: int) -> HttpResponse:
    place = editor_place(request, slug, version_pk)
    enabler = _enabler_asked(place, request)
    refused = _not_a_draft(request, place)
    if refused:
        return refused
    form = RecommendationForm(_data(request), enabler=enabler)
    return _form_page(
        request,
        place,
        form,
        heading=f"Add a recommendation to {enabler.name}",
        enabler=enabler,
        save=lambda: services.recommendation_add(
            enabler=enabler, statements=form.cleaned_data["statements"], **form.values()
        ),
        saved="Recommendation added.",
    )


@login_required
@require_http_methods(FORM_METHODS)
def recommendation_edit(
    request: HttpRequest, slug: str, version_pk: int, recommendation_pk: int
) -> HttpResponse:
    place = editor_place(request, slug, version_pk)
    recommendation = recommendation_in(place, recommendation_pk)
    refused = _not_a_draft(request, place)
    if refused:
        return refused
    fields = ("title", "step", "why", "done", "effort", "first_step", "decided_by")
    initial = {name: getattr(recommendation, name) for name in fields}
    initial["statements"] = list(recommendation.statements.all())
    form = RecommendationForm(_data(request), initial=initial, enabler=recommendation.enabler)
    return _form_page(
        request,
        place,
        form,
        heading="Edit a recommendation",
        enabler=recommendation.enabler,
        save=lambda: services.recommendation_update(
            recommendation=recommendation,
            statements=form.cleaned_data["statements"],
            **form.values(),
        ),
        saved="Recommendation saved.",
    )


@login_required
@require_POST
def recommendation_remove(
    request: HttpRequest, slug: str, version_pk: int, recommendation_pk: int
) -> HttpResponse:
    place = editor_place(request, slug, version_pk)
    recommendation = recommendation_in(place, recommendation_pk)

    def act() -> str:
        services.recommendation_remove(recommendation=recommendation)
        return f"Removed “{recommendation.title}” from this draft."

    return _post_action(request, place, f"enabler-{recommendation.enabler.key}", act)
