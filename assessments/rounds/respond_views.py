"""The questionnaire: answered through a secret link, no account needed.

Answers are saved as the respondent goes (changes made close together go in one
request, by fetch) and on every page submit, one row per statement, so nothing is lost
to a closed tab, a second tab, a double click or a validation error.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from assessments.rounds import carry, resume_by_email, services
from assessments.rounds.access import (
    LinkProblem,
    LinkRefused,
    access_code_ok,
    assessment_state,
    check_respondent_link,
    invitation_from_token,
    respondent_from_token,
)
from assessments.rounds.answers import parse_answers
from assessments.rounds.forms import INVALID_EMAIL, EmailLinkForm
from assessments.rounds.models import Invitation, Respondent
from assessments.rounds.respond_rows import carried_open, item_rows
from assessments.rounds.saving import respondent_and_answered
from assessments.rounds.selectors import (
    Answered,
    AskedOf,
    Questionnaire,
    Section,
    asked_by_role,
    questionnaire,
    response_state,
)
from assessments.rounds.signals import respondent_page_context
from assessments.tokens import token_digest
from pmmaturity.client_ip import client_ip
from pmmaturity.ratelimit import slots_taken, take_slot
from pmmaturity.text import clean_text

RESUME_COOKIE = "pm_resume_{pk}"
NO_ROLE = "Choose the role closest to yours: it is used only to compare how roles see things."
# Access codes are short, so wrong guesses are limited per link and address.
MAX_CODE_ATTEMPTS = 10
CODE_LOCK_SECONDS = 15 * 60
RESUME_MAX_AGE = 60 * 60 * 24 * 180

PROBLEM_TEXT = {
    LinkProblem.UNKNOWN: (
        "We don\u2019t recognise this link",
        "It may have been mistyped or cut short when it was copied. Check the full link in "
        "the message you were sent, or ask the person who invited you for a new one.",
    ),
    LinkProblem.REVOKED: (
        "This link has been withdrawn",
        "The person running this assessment has switched this link off. If you still want to "
        "take part, ask them for a new link.",
    ),
    LinkProblem.NOT_OPEN: (
        "This assessment has not opened yet",
        "Your link is fine: come back once it opens. Nothing you need to do now.",
    ),
    LinkProblem.CLOSED: (
        "This assessment has closed",
        "Answers can no longer be added or changed. If you think it should still be open, "
        "ask the person running it to extend it.",
    ),
}


def _refused(request: HttpRequest, refused: LinkRefused) -> HttpResponse:
    title, text = PROBLEM_TEXT[refused.problem]
    assessment = refused.assessment
    contact = None
    if assessment is not None and assessment.created_by is not None:
        contact = assessment.created_by.get_full_name() or assessment.created_by.get_username()
    status = 404 if refused.problem == LinkProblem.UNKNOWN else 410
    if refused.problem == LinkProblem.NOT_OPEN:
        status = 200
    return render(
        request,
        "problem.html",
        {"title": title, "text": text, "assessment": assessment, "contact": contact},
        status=status,
    )


def _respondent(token: str) -> Respondent:
    """The link's respondent; a personal link's first use records them (LinkRefused if not)."""
    found = respondent_from_token(token)
    if isinstance(found, Invitation):
        return services.respondent_for_personal_link(invitation=found)
    # The lookup loaded the round (with its version) through the invitation: share it, so
    # ``respondent.assessment`` costs no second query.
    found.assessment = found.invitation.assessment
    return found


def _respondent_or_refusal(request: HttpRequest, token: str) -> Respondent | HttpResponse:
    try:
        return _respondent(token)
    except LinkRefused as refused:
        return _refused(request, refused)


def _progress(q: Questionnaire, state: Any) -> dict[str, int]:
    answered, total = state.answered(q), q.total
    return {
        "answered": answered,
        "total": total,
        "percent": round(100 * answered / total) if total else 100,
    }


def _base_context(
    token: str, respondent: Respondent, q: Questionnaire, state: Any
) -> dict[str, Any]:
    assessment = respondent.invitation.assessment
    return {
        "token": token,
        "respondent": respondent,
        "assessment": assessment,
        "team": respondent.invitation.team,
        "q": q,
        "progress": _progress(q, state),
        "section_status": [(s, state.answered_in(s)) for s in q.sections],
        # Personal links were emailed already; people from a team link may ask for theirs.
        "can_email_link": respondent.invitation.kind == Invitation.Kind.TEAM,
    }


def _section_context(
    current: Section, q: Questionnaire, state: Any, posted: Any, errors: dict[str, str]
) -> dict[str, Any]:
    return {
        "section": current,
        "rows": item_rows(current, q, state, posted, errors),
        "carried_open": carried_open(state, [current]),
        "errors": errors,
        "previous": q.previous_before(current.key),
        "next": q.next_after(current.key),
    }


def _resume_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("respond:start", args=[token]))


@never_cache
def start(request: HttpRequest, token: str) -> HttpResponse:
    """The link itself: ask for a role the first time, then resume where they left off."""
    respondent = _respondent_or_refusal(request, token)
    if isinstance(respondent, HttpResponse):
        return respondent
    q = questionnaire(respondent.invitation.assessment, respondent.role)
    state = response_state(respondent, q)
    if request.method == "POST" or not respondent.role:
        return _first_page(request, token, respondent, q, state)
    for section in q.sections:
        if state.answered_in(section) < section.size:
            return redirect("respond:section", token=token, section=section.key)
    return redirect("respond:review", token=token)


def _first_page(
    request: HttpRequest, token: str, respondent: Respondent, q: Questionnaire, state: Any
) -> HttpResponse:
    """Ask for a role and, in a follow-up round, offer to start from one's answers last time;
    on POST, save the role and carry those answers over (``rounds.carry``)."""
    offer = carry.offer_for(respondent)
    error = carry_error = ""
    pasted = request.POST.get("previous_link", "")
    wanted = request.POST.get("carry", "") if request.method == "POST" else "yes"
    if request.method == "POST":
        role = request.POST.get("role", "")
        try:  # checked before anything is saved, so a link that can't be used costs nothing
            previous = carry.previous_chosen(
                respondent, offer, wanted=wanted == "yes", pasted=pasted
            )
        except carry.CarryRefused as refused:
            previous, carry_error = None, refused.messages[0]
        if role in Respondent.Role.values and not carry_error:
            services.respondent_set_profile(
                respondent=respondent, role=role, name=request.POST.get("name", "")
            )
            if previous is not None:
                carry.answers_carry(respondent=respondent, previous=previous)
            # The first section of what this role is asked (an enabler none of whose
            # statements are put to the role is not among them).
            first = questionnaire(respondent.invitation.assessment, role).sections[:1]
            if not first:
                return redirect("respond:review", token=token)
            return redirect("respond:section", token=token, section=first[0].key)
        error = "" if role in Respondent.Role.values else NO_ROLE
    context = _base_context(token, respondent, q, state)
    context.update(roles=Respondent.Role.choices, error=error, asked=_asked(respondent))
    context.update(offer=offer, carry_error=carry_error, carry_wanted=wanted)
    context.update(chosen_role=request.POST.get("role", ""), typed_name=request.POST.get("name"))
    context["pasted"] = clean_text(pasted, limit=carry.PASTED_MAX) if carry_error else ""
    status = 400 if error or carry_error else 200
    return render(request, "rounds/start.html", context, status=status)


def _asked(respondent: Respondent) -> list[AskedOf]:
    return asked_by_role(respondent.invitation.assessment, respondent.role)


@never_cache
def section(request: HttpRequest, token: str, section: str) -> HttpResponse:
    respondent = _respondent_or_refusal(request, token)
    if isinstance(respondent, HttpResponse):
        return respondent
    if not respondent.role:
        return redirect("respond:start", token=token)
    q = questionnaire(respondent.invitation.assessment, respondent.role)
    current = q.section(section)
    if current is None:
        return redirect("respond:start", token=token)
    errors: dict[str, str] = {}
    posted: Any = {}
    if request.method == "POST":
        parsed = parse_answers(request.POST, q, [current])
        services.answers_save(
            respondent=respondent, statements=parsed.statements, activities=parsed.activities
        )
        errors, posted = parsed.errors, request.POST
        if not errors:
            go = request.POST.get("go", "next")
            if go == "same":  # "Same as last time": confirm what was carried over, stay here
                confirmed = services.carried_confirm(
                    respondent=respondent, section=current, no_rating_leaders=q.no_rating_leaders
                )
                here = reverse("respond:section", args=[token, current.key])
                return redirect(f"{here}?confirmed={confirmed}")
            target = q.previous_before(current.key) if go == "back" else q.next_after(current.key)
            if go.startswith("to:"):
                target = q.section(go[3:])
            if target is None:
                return redirect("respond:review", token=token)
            return redirect("respond:section", token=token, section=target.key)
    state = response_state(respondent, q)
    context = _base_context(token, respondent, q, state)
    context.update(_section_context(current, q, state, posted, errors))
    said = request.GET.get("confirmed", "")  # how many "Same as last time" confirmed
    shown = said.isascii() and said.isdigit() and len(said) < 5
    context["confirmed"] = int(said) if shown else None
    return render(request, "rounds/section.html", context, status=400 if errors else 200)


def _saver(token: str) -> tuple[Respondent, Answered]:
    """The link's respondent and what they answered (LinkRefused if the link is refused)."""
    found = respondent_and_answered(token_digest(token))
    if found is None:  # a personal link's first use records its respondent, or no such link
        _respondent(token)
        found = respondent_and_answered(token_digest(token))
        if found is None:
            raise LinkRefused(LinkProblem.UNKNOWN)
    check_respondent_link(found[0], token)
    return found


@require_POST
def autosave(request: HttpRequest, token: str) -> JsonResponse:
    """Save the fields of one or a few items as the respondent changes them.

    It runs on every change, so it costs little: one read (the respondent, their link and
    round, what they answered, which statements the round asks) and one write; once a minute
    one more notes when they last saved. The questionnaire comes from the process's cache
    and the progress follows from the read and the write.
    """
    try:
        respondent, before = _saver(token)
    except LinkRefused as refused:
        title, text = PROBLEM_TEXT[refused.problem]
        return JsonResponse({"ok": False, "message": f"{title}. {text}"}, status=410)
    q = questionnaire(respondent.assessment, respondent.role, subset=before.subset)
    parsed = parse_answers(request.POST, q, q.sections)
    saved = services.answers_save(
        respondent=respondent, statements=parsed.statements, activities=parsed.activities
    )
    done = before.with_saved(parsed.statements, parsed.activities).progress(q)
    return JsonResponse(
        {
            "ok": not parsed.errors,
            "saved": saved,
            "errors": parsed.errors,
            "progress": {"answered": done.answered, "total": done.total, "percent": done.percent},
            "sections": done.sections,
        },
        status=400 if parsed.errors else 200,
    )


@never_cache
def review(request: HttpRequest, token: str) -> HttpResponse:
    respondent = _respondent_or_refusal(request, token)
    if isinstance(respondent, HttpResponse):
        return respondent
    q = questionnaire(respondent.invitation.assessment, respondent.role)
    if request.method == "POST":
        services.respondent_submit(respondent=respondent)
        return redirect("respond:done", token=token)
    state = response_state(respondent, q)
    context = _base_context(token, respondent, q, state)
    context["unanswered"] = state.unanswered(q)
    context["carried_open"] = carried_open(state, q.sections)
    context.update(respondent_page_context(request, respondent))
    return render(request, "rounds/review.html", context)


@never_cache
@require_safe
def done(request: HttpRequest, token: str) -> HttpResponse:
    respondent = _respondent_or_refusal(request, token)
    if isinstance(respondent, HttpResponse):
        return respondent
    q = questionnaire(respondent.invitation.assessment, respondent.role)
    state = response_state(respondent, q)
    context = _base_context(token, respondent, q, state)
    context["resume_url"] = _resume_url(request, token)
    context.update(respondent_page_context(request, respondent))
    return render(request, "rounds/done.html", context)


def _page_back(
    request: HttpRequest, token: str, respondent: Respondent, status: int, **email: str
) -> HttpResponse:
    """The page the "Email me my link" form was on, shown again with what happened.

    ``back`` names it: "start", "review", "done" or a section's key; anything else shows
    the review page, from where every section is one click away.
    """
    back = request.POST.get("back", "")
    q = questionnaire(respondent.invitation.assessment, respondent.role)
    state = response_state(respondent, q)
    context = _base_context(token, respondent, q, state)
    context.update(email)
    current = q.section(back)
    if not respondent.role:
        context.update(roles=Respondent.Role.choices, error="", asked=_asked(respondent))
        context.update(offer=carry.offer_for(respondent), carry_wanted="yes")
        template = "rounds/start.html"
    elif back == "done" and respondent.submitted_at is not None:
        context["resume_url"] = _resume_url(request, token)
        template = "rounds/done.html"
    elif current is not None:
        context.update(_section_context(current, q, state, {}, {}))
        template = "rounds/section.html"
    else:
        context["unanswered"] = state.unanswered(q)
        template = "rounds/review.html"
    return render(request, template, context, status=status)


@never_cache
@require_POST
def email_link(request: HttpRequest, token: str) -> HttpResponse:
    """Send someone who came in through a team link their own link, to carry on elsewhere.

    The address is shown back on this response only and stored nowhere.
    """
    try:
        found = respondent_from_token(token)
    except LinkRefused as refused:
        return _refused(request, refused)
    if not isinstance(found, Respondent) or found.invitation.kind != Invitation.Kind.TEAM:
        raise Http404("Personal links are sent by email already.")
    form = EmailLinkForm(request.POST)
    if not form.is_valid():
        typed = clean_text(request.POST.get("email", ""), limit=254)  # shown back to fix
        error = str(form.errors["email"][0])
        return _page_back(request, token, found, 400, email_error=error, email_value=typed)
    address = form.cleaned_data["email"]
    try:
        resume_by_email.respondent_email_link(
            respondent=found,
            email=address,
            resume_url=_resume_url(request, token),
            client_ip=client_ip(request),
        )
    except ValidationError:
        return _page_back(request, token, found, 400, email_error=INVALID_EMAIL)
    except resume_by_email.EmailLinkLimited as limited:
        return _page_back(request, token, found, 429, email_error=str(limited))
    return _page_back(request, token, found, 200, email_sent_to=address)


def _count_attempt(key: str) -> int:
    """Record one more wrong code from this address; returns how many there are now.

    Counted by ``pmmaturity.ratelimit`` in the cache all workers share: no more than
    MAX_CODE_ATTEMPTS are ever let through, and each expires CODE_LOCK_SECONDS after it.
    """
    n = take_slot(key, MAX_CODE_ATTEMPTS, CODE_LOCK_SECONDS)
    return MAX_CODE_ATTEMPTS + 1 if n is None else n


def _attempts(key: str) -> int:
    return slots_taken(key, MAX_CODE_ATTEMPTS)


def _link_full(request: HttpRequest, cap: int) -> HttpResponse:
    return render(
        request,
        "problem.html",
        {
            "title": "This team link is full",
            "text": f"{cap} people have already started from this link, as many as it allows. "
            "If you started before, open the link on the device you used then. Otherwise ask "
            "the person running the assessment for a personal link.",
        },
        status=409,
    )


@never_cache
def team_link(request: HttpRequest, token: str) -> HttpResponse:
    """A link shared by a team: each person who opens it gets their own resume link."""
    try:
        invitation = invitation_from_token(token, Invitation.Kind.TEAM)
    except LinkRefused as refused:
        return _refused(request, refused)
    cookie = RESUME_COOKIE.format(pk=invitation.pk)
    saved = request.get_signed_cookie(cookie, default="", salt="resume")
    if saved and request.method == "GET":
        return redirect("respond:start", token=saved)
    error = ""
    attempts_key = f"code-attempts:{invitation.pk}:{client_ip(request)}"
    if request.method == "POST" and _attempts(attempts_key) >= MAX_CODE_ATTEMPTS:
        error = "Too many wrong codes from here. Wait 15 minutes, then try again."
        return render(
            request,
            "rounds/team_link.html",
            {
                "invitation": invitation,
                "assessment": invitation.assessment,
                "team": invitation.team,
                "needs_code": True,
                "error": error,
                "minutes": questionnaire(invitation.assessment).minutes,
            },
            status=429,
        )
    if request.method == "POST":
        if access_code_ok(invitation, request.POST.get("access_code", "")):
            try:
                respondent = services.respondent_start_from_team_link(invitation=invitation)
            except services.TeamLinkFull as full:
                return _link_full(request, full.args[0])
            resume = services.respondent_token(respondent)
            response = redirect("respond:start", token=resume)
            response.set_signed_cookie(
                cookie,
                resume,
                salt="resume",
                max_age=RESUME_MAX_AGE,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
        _count_attempt(attempts_key)
        error = "That access code does not match. Check it with whoever shared the link."
    return render(
        request,
        "rounds/team_link.html",
        {
            "invitation": invitation,
            "assessment": invitation.assessment,
            "team": invitation.team,
            "needs_code": bool(invitation.access_code_hash),
            "error": error,
            "state": assessment_state(invitation.assessment),
            "minutes": questionnaire(invitation.assessment).minutes,
        },
        status=400 if error else 200,
    )
