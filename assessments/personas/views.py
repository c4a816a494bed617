"""The optional personas section, posted from the review page. Thin: access, parse, save."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessments.personas.access import LinkRefused, NoRespondent, respondent_for_picks
from assessments.personas.services import PicksRefused, persona_choices_save
from pmmaturity.converters import as_id


def _ids(request: HttpRequest, name: str) -> list[int] | None:
    ids = [as_id(v) for v in request.POST.getlist(name)]
    if any(i is None for i in ids):
        return None
    return [i for i in ids if i is not None]


@require_POST
def choose(request: HttpRequest, token: str) -> HttpResponse:
    """Save the personas picked, then back to the review page, saying how it went."""
    page = "respond:done" if request.POST.get("back") == "done" else "respond:review"
    back = reverse(page, args=[token])
    try:
        respondent = respondent_for_picks(token)
    except LinkRefused:
        return redirect(back)  # the review page says what happened to the link, and why
    except NoRespondent as never_opened:
        raise Http404 from never_opened  # nothing to attach picks to yet
    now, needed = _ids(request, "now"), _ids(request, "needed")
    if now is None or needed is None:
        return redirect(f"{back}?personas=refused#personas")
    try:
        persona_choices_save(respondent=respondent, now=now, needed=needed)
    except PicksRefused:
        return redirect(f"{back}?personas=refused#personas")
    return redirect(f"{back}?personas=saved#personas")
