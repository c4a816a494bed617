"""Organisation and assessment pages for signed-in people. Thin: access, form, service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from assessments import selectors, services
from assessments.access import (
    OrgAccess,
    assessment_for_manager,
    assessment_state,
    org_access,
    require_manager,
)
from assessments.forms import (
    AssessmentForm,
    DepartmentForm,
    ExtendForm,
    MemberInviteForm,
    OrganisationForm,
    PersonalInvitesForm,
    SignupForm,
    TeamForm,
    TeamLinkForm,
)
from assessments.models import Invitation, OrganisationInvitation
from assessments.tokens import digests_match, token_digest


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome! Create your organisation, or open an invitation link.")
        return redirect(request.GET.get("next") or "orgs:organisation_create")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = services.organisation_create(
            user=request.user,
            name=form.cleaned_data["name"],
            departments=form.cleaned_data["departments"],
        )
        messages.success(request, f"{org.name} is ready. Add teams, then invite colleagues.")
        return redirect("orgs:organisation", slug=org.slug)
    return render(request, "orgs/organisation_create.html", {"form": form})


def _org_context(access: OrgAccess, **extra: Any) -> dict[str, Any]:
    return {"access": access, "organisation": access.organisation, **extra}


@login_required
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    access = org_access(request, slug)
    org = access.organisation
    assessments = list(selectors.assessments_for(org))
    for a in assessments:
        a.state = assessment_state(a)  # type: ignore[attr-defined]
        a.can_manage = access.can_manage(a)  # type: ignore[attr-defined]
        team = access.membership.team
        a.my_team = team if team and team in a.teams.all() else None  # type: ignore[attr-defined]
    return render(
        request,
        "orgs/organisation.html",
        _org_context(
            access,
            assessments=assessments,
            team_form=TeamForm(organisation=org),
            department_form=DepartmentForm(),
            invite_form=MemberInviteForm(organisation=org),
            **selectors.organisation_overview(org),
        ),
    )


@login_required
@require_POST
def department_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = org_access(request, slug)
    require_manager(access)
    form = DepartmentForm(request.POST)
    if form.is_valid():
        try:
            services.department_create(
                organisation=access.organisation, name=form.cleaned_data["name"]
            )
            messages.success(request, f"Added the department {form.cleaned_data['name']}.")
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
    else:
        messages.error(request, "Give the department a name.")
    return redirect("orgs:organisation", slug=slug)


@login_required
@require_POST
def team_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = org_access(request, slug)
    require_manager(access)
    form = TeamForm(request.POST, organisation=access.organisation)
    if form.is_valid():
        try:
            services.team_create(
                organisation=access.organisation,
                name=form.cleaned_data["name"],
                department=form.cleaned_data["department"],
            )
            messages.success(request, f"Added the team {form.cleaned_data['name']}.")
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
    else:
        messages.error(request, "Give the team a name (and pick a department from the list).")
    return redirect("orgs:organisation", slug=slug)


@login_required
@require_POST
def member_invite(request: HttpRequest, slug: str) -> HttpResponse:
    access = org_access(request, slug)
    require_manager(access)
    form = MemberInviteForm(request.POST, organisation=access.organisation)
    if not form.is_valid():
        messages.error(request, "Enter a valid email address to invite.")
        return redirect("orgs:organisation", slug=slug)
    issued = services.organisation_invite(
        organisation=access.organisation,
        email=form.cleaned_data["email"],
        role=form.cleaned_data["role"],
        team=form.cleaned_data["team"],
        invited_by=request.user,
    )
    url = request.build_absolute_uri(reverse("orgs:join", args=[issued.token]))
    inviter = request.user.get_full_name() or request.user.get_username()  # type: ignore[union-attr]
    send_mail(
        subject=f"{inviter} invited you to {access.organisation.name} on pmmaturity",
        message=(
            f"{inviter} invited you to join {access.organisation.name} on pmmaturity, where "
            f"product teams assess their product management and plan improvements.\n\n"
            f"Accept within {services.ORG_INVITATION_DAYS} days:\n{url}\n"
        ),
        from_email=None,
        recipient_list=[form.cleaned_data["email"]],
    )
    messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
    return redirect("orgs:organisation", slug=slug)


def join(request: HttpRequest, token: str) -> HttpResponse:
    invitation = (
        OrganisationInvitation.objects.select_related("organisation")
        .filter(token_hash=token_digest(token))
        .first()
    )
    problem = ""
    if invitation is None or not digests_match(invitation.token_hash, token):
        problem = "We don't recognise this invitation link. Ask for a new one."
    elif invitation.revoked_at is not None:
        problem = "This invitation has been withdrawn."
    elif invitation.expires_at < timezone.now() and invitation.accepted_at is None:
        problem = "This invitation has expired. Ask whoever invited you to send a new one."
    if problem:
        return render(
            request,
            "respond/link_problem.html",
            {"title": "This invitation can't be used", "text": problem},
            status=410,
        )
    assert invitation is not None
    if not request.user.is_authenticated:
        return render(request, "orgs/join.html", {"invitation": invitation, "token": token})
    if request.method == "POST":
        services.organisation_invitation_accept(invitation=invitation, user=request.user)
        messages.success(request, f"You joined {invitation.organisation.name}.")
        return redirect("orgs:organisation", slug=invitation.organisation.slug)
    return render(request, "orgs/join.html", {"invitation": invitation, "token": token})


@login_required
def assessment_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = org_access(request, slug)
    if not access.can_create_assessments:
        raise PermissionDenied("Only team leads and organisation admins can start an assessment.")
    teams = access.organisation.teams.all()
    if not access.is_manager:
        teams = teams.filter(pk=access.membership.team_id or 0)
    form = AssessmentForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assessment = services.assessment_create(
            organisation=access.organisation,
            name=data["name"],
            framework_version=data["framework_version"],
            teams=list(data["teams"]),
            include_maturity=data["include_maturity"],
            include_activities=data["include_activities"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            anonymity=data["anonymity"],
            min_group_size=data["min_group_size"],
            created_by=request.user,
        )
        for team in assessment.teams.all():
            services.invitation_create_team_link(assessment=assessment, team=team)
        messages.success(request, "Assessment created. Copy a team link below and share it.")
        return redirect("orgs:assessment", slug=slug, pk=assessment.pk)
    return render(request, "orgs/assessment_create.html", _org_context(access, form=form))


def _link(request: HttpRequest, invitation: Invitation) -> str:
    name = "respond:team_link" if invitation.kind == Invitation.Kind.TEAM else "respond:start"
    return request.build_absolute_uri(reverse(name, args=[services.invitation_token(invitation)]))


@login_required
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
    return render(
        request,
        "orgs/assessment_detail.html",
        _org_context(
            access,
            assessment=assessment,
            state=assessment_state(assessment),
            rows=rows,
            totals=totals,
            invite_form=PersonalInvitesForm(assessment=assessment),
            team_link_form=TeamLinkForm(assessment=assessment),
            extend_form=ExtendForm(initial={"closes_at": timezone.localtime(assessment.closes_at)}),
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
    for email in form.cleaned_data["emails"]:
        invitation = services.invitation_create_personal(
            assessment=assessment, team=team, email=email
        )
        send_mail(
            subject=f"Your view on product management: {assessment.name}",
            message=(
                f"Hello,\n\nYou are invited to answer \u201c{assessment.name}\u201d for "
                f"{team.name}. It takes about fifteen minutes, saves as you go, and needs no "
                f"account:\n\n{_link(request, invitation)}\n\nThis link is personal; please "
                f"don't forward it. The round closes on "
                f"{timezone.localtime(assessment.closes_at):%d %B %Y}."
            ),
            from_email=None,
            recipient_list=[email],
        )
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
        services.invitation_create_team_link(
            assessment=assessment,
            team=form.cleaned_data["team"],
            access_code=form.cleaned_data["access_code"],
        )
        messages.success(request, "New team link created.")
    else:
        messages.error(request, "Pick one of the round's teams.")
    return redirect("orgs:assessment", slug=slug, pk=pk)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int, invitation_pk: int) -> HttpResponse:
    access = org_access(request, slug)
    assessment = assessment_for_manager(access, pk)
    invitation = assessment.invitations.filter(pk=invitation_pk).first()
    if invitation is None:
        from django.http import Http404

        raise Http404
    services.invitation_revoke(invitation=invitation)
    messages.success(
        request, "Link withdrawn. Anyone who opens it now sees that it was switched off."
    )
    return redirect("orgs:assessment", slug=slug, pk=pk)


@login_required
@require_POST
def assessment_remind(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = org_access(request, slug)
    assessment = assessment_for_manager(access, pk)
    sent = services.invitations_remind(
        assessment=assessment,
        link_for=lambda token: request.build_absolute_uri(reverse("respond:start", args=[token])),
    )
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
    if form.is_valid():
        try:
            services.assessment_extend(
                assessment=assessment, closes_at=form.cleaned_data["closes_at"]
            )
            messages.success(
                request,
                f"The round now closes on {form.cleaned_data['closes_at']:%d %B %Y, %H:%M}.",
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
    else:
        messages.error(request, "Enter a valid date and time.")
    return redirect("orgs:assessment", slug=slug, pk=pk)
