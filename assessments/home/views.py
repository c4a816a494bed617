"""Pages of the top room: the signed-in home page, an organisation's page and a consulting
firm's workspace (with the two workspace forms whose refusals show the workspace again).

Thin: access, one selector or service, render. Everything shown is read through the rooms
that own it.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from assessments.firms import services as firm_services
from assessments.firms.access import FirmAccess, client_in, firm_access, firm_of
from assessments.firms.forms import AdminInviteForm, ColleagueForm
from assessments.firms.services import FirmRefused
from assessments.home import selectors
from assessments.organisations.access import org_access
from assessments.organisations.forms import DepartmentForm, MemberInviteForm, TeamForm
from assessments.organisations.selectors import admins_of, organisation_overview
from frameworks.selectors import current_version


def home(request: HttpRequest) -> HttpResponse:
    """Signed in: a dashboard of my organisations, open rounds and actions. Otherwise: the
    marketing page."""
    if request.user.is_authenticated:
        return render(
            request, "home/home.html", {"dashboard": selectors.dashboard_for(request.user)}
        )
    return render(request, "home/landing.html", {"current": current_version()})


@login_required
@require_safe
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    access = org_access(request, slug)
    org = access.organisation
    return render(
        request,
        "home/organisation.html",
        access.page_context(
            assessments=selectors.organisation_rounds(access),
            # Each form its own id prefix: "name" appears in two forms on this page.
            team_form=TeamForm(organisation=org, auto_id="team_%s"),
            department_form=DepartmentForm(auto_id="department_%s"),
            invite_form=MemberInviteForm(organisation=org, auto_id="member_%s"),
            **organisation_overview(org),
        ),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 page. Inside an organisation the visitor belongs to, it names its admins: they
    are the people who can change a role (on the "People and teams" page)."""
    admins: list[str] = []
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("slug") if match is not None else None
    if isinstance(slug, str):
        with suppress(Http404):  # not theirs: nothing to name
            admins = admins_of(org_access(request, slug).organisation.pk)
    context = {"exception": str(exception) if exception else "", "admins": admins}
    return render(request, "403.html", context, status=403)


def _invite_form(slug: str, data: Any = None) -> AdminInviteForm:
    # One form per client on the page: each its own ids.
    return AdminInviteForm(data, auto_id=f"invite-{slug}-%s")


def _workspace_page(
    request: HttpRequest,
    access: FirmAccess,
    *,
    status: int = 200,
    colleague_form: ColleagueForm | None = None,
    invite: tuple[str, AdminInviteForm] | None = None,
) -> HttpResponse:
    """The workspace; after a refused form, shown again with the form and its errors."""
    data = selectors.firm_workspace(access.firm)
    bound_slug, bound_form = invite or ("", None)
    clients = [
        (
            row,
            bound_form
            if bound_form is not None and row.organisation.slug == bound_slug
            else _invite_form(row.organisation.slug),
        )
        for row in data.clients
    ]
    context = access.page_context(
        workspace=data,
        clients=clients,
        colleague_form=colleague_form or ColleagueForm(auto_id="colleague-%s"),
    )
    return render(request, "home/workspace.html", context, status=status)


@login_required
@require_safe
def workspace(request: HttpRequest) -> HttpResponse:
    """The consultant's workspace. Someone who works for no firm is offered to found one."""
    firm = firm_of(request.user)
    if firm is None:
        return redirect("orgs:firm_create")
    return _workspace_page(request, FirmAccess(firm, request.user))


@login_required
@require_POST
def colleague_add(request: HttpRequest) -> HttpResponse:
    """Invite a colleague by email. The answer is the same whether or not the address has an
    account: only someone already in this firm is refused."""
    access = firm_access(request)
    form = ColleagueForm(request.POST, auto_id="colleague-%s")
    if form.is_valid():
        try:
            issued = firm_services.colleague_invite(
                firm=access.firm,
                email=form.cleaned_data["email"],
                invited_by=request.user,
                link_for=lambda token: request.build_absolute_uri(
                    reverse("orgs:firm_join", args=[token])
                ),
            )
        except FirmRefused as refused:
            form.add_error("email", str(refused))
        else:
            email = issued.obj.email  # type: ignore[attr-defined]
            messages.success(request, f"We have emailed an invitation to {email}.")
            return redirect("orgs:firm_workspace")
    return _workspace_page(request, access, status=400, colleague_form=form)


@login_required
@require_POST
def client_invite(request: HttpRequest, slug: str) -> HttpResponse:
    access = firm_access(request)
    client = client_in(access, slug)
    form = _invite_form(slug, request.POST)
    if form.is_valid():
        try:
            firm_services.client_invite_admin(
                client=client,
                email=form.cleaned_data["email"],
                invited_by=request.user,
                link_for=lambda token: request.build_absolute_uri(
                    reverse("orgs:join", args=[token])
                ),
            )
        except FirmRefused as refused:
            form.add_error("email", str(refused))
        else:
            messages.success(
                request,
                f"We emailed {form.cleaned_data['email']} an invitation to run "
                f"{client.organisation.name} as its admin.",
            )
            return redirect("orgs:firm_workspace")
    return _workspace_page(request, access, status=400, invite=(slug, form))
