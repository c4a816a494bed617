"""Pages that run an assessment round: create it, share links, remind, close, extend.

Thin: access, form, service. The questionnaire itself is in ``respond_views``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from assessments.organisations.access import org_access
from assessments.rounds import carry, reminders, selectors, services
from assessments.rounds.access import (
    assessment_for_manager,
    assessment_state,
    require_can_create,
)
from assessments.rounds.forms import (
    ExtendForm,
    PersonalInvitesForm,
    TeamLinkCapForm,
    TeamLinkForm,
    assessment_form_for,
)
from assessments.rounds.models import Invitation


@login_required
def assessment_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = org_access(request, slug)
    require_can_create(access)
    form = assessment_form_for(access, request.POST or None)
    if request.method == "POST" and form.is_valid():
        assessment = services.round_set_up(
            organisation=access.organisation, data=form.cleaned_data, created_by=request.user
        )
        messages.success(request, "Assessment created. Copy a team link below and share it.")
        return redirect("orgs:assessment", slug=slug, pk=assessment.pk)
    return render(request, "rounds/assessment_create.html", access.page_context(form=form))


def _link(request: HttpRequest, invitation: Invitation) -> str:
    name = "respond:team_link" if invitation.kind == Invitation.Kind.TEAM else "respond:start"
    return request.build_absolute_uri(reverse(name, args=[services.invitation_token(invitation)]))


@login_required
@require_safe
def assessment_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = org_access(request, slug)
    assessment = assessment_for_manager(access, pk)
    rows = selectors.participation(assessment)
    for row in rows:
        for invitation in row.team_links:
            invitation.url = _link(request, invitation)  # type: ignore[attr-defined]
        if not assessment.is_anonymous:
            for invitation in row.personal:
                invitation.url = _link(request, invitation)  # type: ignore[attr-defined]
    totals = {
        "invited": sum(r.invited for r in rows),
        "started": sum(r.started for r in rows),
        "submitted": sum(r.submitted for r in rows),
    }
    state = assessment_state(assessment)
    # Each form its own id prefix: two "team" fields on one page need distinct labels.
    # A closed round offers no new links (the services refuse them too).
    link_forms = (
        {}
        if state == "closed"
        else {
            "invite_form": PersonalInvitesForm(assessment=assessment, auto_id="invite_%s"),
            "team_link_form": TeamLinkForm(assessment=assessment, auto_id="link_%s"),
        }
    )
    return render(
        request,
        "rounds/assessment_detail.html",
        access.page_context(
            assessment=assessment,
            state=state,
            rows=rows,
            totals=totals,
            started_means=selectors.PARTICIPATION_WORDS["started"],
            carried=carry.carried_counts(assessment),
            **link_forms,
            extend_form=ExtendForm(
                initial={
                    "closes_at": timezone.localtime(assessment.closes_at),
                    "auto_remind_days_before_close": assessment.auto_remind_days_before_close,
                },
                auto_id="extend_%s",
            ),
            auto_remind=reminders.status(assessment),
        ),
    )


@login_required
@require_POST
def assessment_invite(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = org_access(request, slug)
    assessment = assessment_for_manager(access, pk)
    form = PersonalInvitesForm(request.POST, assessment=assessment)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, str(errors[0]))
        return redirect("orgs:assessment", slug=slug, pk=pk)
    team = form.cleaned_data["team"]
    try:
        services.invitations_send_personal(
            assessment=assessment,
            team=team,
            emails=form.cleaned_data["emails"],
            link_for=lambda token: request.build_absolute_uri(
                reverse("respond:start", args=[token])
            ),
        )
    except services.RoundClosed as exc:
        messages.error(request, exc.messages[0])
        return redirect("orgs:assessment", slug=slug, pk=pk)
    count = len(form.cleaned_data["emails"])
    messages.success(
        request, f"Sent {count} personal link{'s' if count != 1 else ''} for {team.name}."
    )
    return redirect("orgs:assessment", slug=slug, pk=pk)


@login_required
@require_POST
def assessment_team_link(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = org_access(request, slug)
    assessment = assessment_for_manager(access, pk)
    form = TeamLinkForm(request.POST, assessment=assessment)
    if form.is_valid():
        try:
            services.team_link_add(
                assessment=assessment,
                team=form.cleaned_data["team"],
                access_code=form.cleaned_data["access_code"],
                max_respondents=form.cleaned_data["max_respondents"],
            )
            messages.success(request, "New team link created.")
        except services.RoundClosed as exc:
            messages.error(request, exc.messages[0])
    else:
        messages.error(request, "Pick one of the round's teams.")
    return redirect("orgs:assessment", slug=slug, pk=pk)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int, invitation_pk: int) -> HttpResponse:
    access = org_access(request, slug)
    assessment = assessment_for_manager(access, pk)
    invitation = get_object_or_404(assessment.invitations, pk=invitation_pk)
    services.invitation_revoke(invitation=invitation)
    messages.success(
        request, "Link withdrawn. Anyone who opens it now sees that it was switched off."
    )
    return redirect("orgs:assessment", slug=slug, pk=pk)


@login_required
@require_POST
def invitation_restore(
    request: HttpRequest, slug: str, pk: int, invitation_pk: int
) -> HttpResponse:
    access = org_access(request, slug)
    assessment = assessment_for_manager(access, pk)
    invitation = get_object_or_404(assessment.invitations, pk=invitation_pk)
    services.invitation_restore(invitation=invitation)
    messages.success(request, "Link restored: it works again, as it did before.")
    return redirect("orgs:assessment", slug=slug, pk=pk)


@login_required
@require_POST
def team_link_cap(request: HttpRequest, slug: str, pk: int, invitation_pk: int) -> HttpResponse:
    access = org_access(request, slug)
    assessment = assessment_for_manager(access, pk)
    invitation = get_object_or_404(
        assessment.invitations, pk=invitation_pk, kind=Invitation.Kind.TEAM
    )
    form = TeamLinkCapForm(request.POST)
    if form.is_valid():
        services.invitation_set_cap(
            invitation=invitation, max_respondents=form.cleaned_data["max_respondents"]
        )
        messages.success(
            request, f"Up to {form.cleaned_data['max_respondents']} people can now use the link."
        )
    else:
        messages.error(request, "Enter a whole number of people, at least 1.")
    return redirect("orgs:assessment", slug=slug, pk=pk)


@login_required
@require_POST
def assessment_remind(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = org_access(request, slug)
    assessment = assessment_for_manager(access, pk)
    try:
        sent = services.invitations_remind(
            assessment=assessment,
            link_for=lambda token: request.build_absolute_uri(
                reverse("respond:start", args=[token])
            ),
        )
    except services.RoundClosed as exc:
        messages.error(request, exc.messages[0])
        return redirect("orgs:assessment", slug=slug, pk=pk)
    if sent:
        messages.success(request, f"Sent {sent} reminder{'s' if sent != 1 else ''}.")
    else:
        messages.info(request, "Nobody to remind: every personal invitee has submitted.")
    return redirect("orgs:assessment", slug=slug, pk=pk)


@login_required
@require_POST
def assessment_close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = org_access(request, slug)
    assessment = assessment_for_manager(access, pk)
    services.assessment_close(assessment=assessment)
    messages.success(request, "The round is closed. Links now say so; extend it to reopen.")
    return redirect("orgs:assessment", slug=slug, pk=pk)


@login_required
@require_POST
def assessment_extend(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = org_access(request, slug)
    assessment = assessment_for_manager(access, pk)
    form = ExtendForm(request.POST)
    if not form.is_valid():
        problem = form.errors.get("auto_remind_days_before_close")
        messages.error(request, str(problem[0]) if problem else "Enter a valid date and time.")
        return redirect("orgs:assessment", slug=slug, pk=pk)
    try:
        with transaction.atomic():
            services.assessment_extend(
                assessment=assessment, closes_at=form.cleaned_data["closes_at"]
            )
            said = f"The round now closes on {form.cleaned_data['closes_at']:%d %B %Y, %H:%M}."
            if form.sets_reminder:
                days = form.cleaned_data["auto_remind_days_before_close"]
                services.assessment_set_auto_remind(assessment=assessment, days=days)
                said += (
                    f" Automatic reminder: {days} day{'s' if days != 1 else ''} before it closes."
                    if days
                    else " No automatic reminder."
                )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, said)
    return redirect("orgs:assessment", slug=slug, pk=pk)
