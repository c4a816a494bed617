"""Organisation pages: create an organisation, its teams and people, joining one.

Signing up is django-allauth's (pmmaturity/urls.py): an account counts only with a confirmed
email address, and an invitation only for the account that confirmed the address it was
sent to."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessments.organisations import services
from assessments.organisations.access import (
    InvitationRefused,
    invitation_from_token,
    invitation_standing,
    org_access,
    pending_invitation_in,
    require_manager,
)
from assessments.organisations.forms import (
    DepartmentForm,
    MemberInviteForm,
    OrganisationForm,
    TeamForm,
)
from pmmaturity.mail import queue_email


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
    return render(request, "organisations/organisation_create.html", {"form": form})


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
    queue_email(
        subject=f"{inviter} invited you to {access.organisation.name} on pmmaturity",
        body=(
            f"{inviter} invited you to join {access.organisation.name} on pmmaturity, where "
            f"product teams assess their product management and plan improvements.\n\n"
            f"Accept within {services.ORG_INVITATION_DAYS} days:\n{url}\n"
        ),
        to=form.cleaned_data["email"],
    )
    messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
    return redirect("orgs:organisation", slug=slug)


def join(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = invitation_from_token(token)
    except InvitationRefused as refused:
        used = refused.invitation
        if used is not None and used.accepted_by_id and used.accepted_by_id == request.user.pk:
            return redirect("orgs:organisation", slug=used.organisation.slug)
        return render(
            request,
            "problem.html",
            {"title": "This invitation can't be used", "text": str(refused)},
            status=410,
        )
    context = {"invitation": invitation, "token": token}
    standing, status = invitation_standing(request, invitation.email)
    if standing is not None:
        context[standing] = True
        return render(request, "organisations/join.html", context, status=status)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            services.organisation_invitation_accept(invitation=invitation, user=request.user)
        except services.InvitationNotAccepted as refused:
            messages.error(request, str(refused))
            return redirect("orgs:join", token=token)
        messages.success(request, f"You joined {invitation.organisation.name}.")
        return redirect("orgs:organisation", slug=invitation.organisation.slug)
    return render(request, "organisations/join.html", context)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, invitation_pk: int) -> HttpResponse:
    access = org_access(request, slug)
    require_manager(access)
    invitation = pending_invitation_in(access, invitation_pk)
    services.organisation_invitation_revoke(invitation=invitation)
    messages.success(request, f"The invitation to {invitation.email} no longer works.")
    return redirect("orgs:organisation", slug=slug)
