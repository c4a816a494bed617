"""Pages of the firms room: the consultant's workspace, founding and editing a firm, its logo,
inviting colleagues (and their joining) and its client organisations."""

from __future__ import annotations

from typing import Any

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.decorators import csp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments.firms import services
from assessments.firms.access import (
    FirmInvitationRefused,
    firm_access,
    firm_for_logo,
    firm_invitation_from_token,
    firm_join_refusal,
    firm_of,
    pending_firm_invitation_in,
)
from assessments.firms.forms import (
    ClientForm,
    FirmEditForm,
    FirmForm,
)
from assessments.firms.logos import HEAD_BYTES, image_kind
from assessments.firms.services import FirmRefused
from assessments.organisations.access import invitation_standing
from assessments.organisations.services import InvitationNotAccepted

GET_OR_POST = ["GET", "HEAD", "POST"]


def _link_for(request: HttpRequest) -> services.LinkFor:
    return lambda token: request.build_absolute_uri(reverse("orgs:join", args=[token]))


@login_required
@require_http_methods(GET_OR_POST)
def firm_create(request: HttpRequest) -> HttpResponse:
    current = firm_of(request.user)
    if current is not None:
        if request.method == "POST":
            raise PermissionDenied(
                f"You already work for {current.name}. A person works for one firm at a time."
            )
        messages.info(request, f"You already work for {current.name}: here is its workspace.")
        return redirect("orgs:firm_workspace")
    form = FirmForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                firm = services.firm_create(user=request.user, name=form.cleaned_data["name"])
            except FirmRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request, f"{firm.name} is ready. Add your client organisations and colleagues."
                )
                return redirect("orgs:firm_workspace")
        return render(request, "firms/firm_create.html", {"form": form}, status=400)
    return render(request, "firms/firm_create.html", {"form": form})


@login_required
@require_http_methods(GET_OR_POST)
def firm_edit(request: HttpRequest) -> HttpResponse:
    access = firm_access(request)
    firm = access.firm
    if request.method != "POST":
        form = FirmEditForm(initial={"name": firm.name})
        return render(request, "firms/firm_edit.html", access.page_context(form=form))
    form = FirmEditForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.firm_update(
                firm=firm,
                name=form.cleaned_data["name"],
                logo=form.cleaned_data["logo"],
                remove_logo=form.cleaned_data["remove_logo"],
            )
        except FirmRefused as refused:
            form.add_error("logo", str(refused))
        else:
            messages.success(request, f"Saved the details of {firm.name}.")
            return redirect("orgs:firm_workspace")
    return render(request, "firms/firm_edit.html", access.page_context(form=form), status=400)


# Opened on its own, an image is shown in the browser's own image page, which styles itself
# inline: the site's policy would refuse that (a console error a visit). The logo is a PNG or
# JPEG told by its bytes and sent with nosniff, so it can carry no style or script of ours.
LOGO_POLICY = {
    "default-src": [NONE],
    "img-src": [SELF],
    "style-src": [UNSAFE_INLINE],
    "frame-ancestors": [NONE],
}


@require_safe
@csp(LOGO_POLICY)  # type: ignore[arg-type]  # its stubs expect a view of request alone
def firm_logo(request: HttpRequest, firm_slug: str) -> FileResponse:
    """The firm's logo, for its consultants and its clients' people only; a 404 for anyone
    else. Its content type comes from its bytes, never from its name."""
    firm = firm_for_logo(request, firm_slug)
    if not firm.logo:
        raise Http404("This firm has no logo.")
    try:
        handle = firm.logo.open("rb")
    except (FileNotFoundError, OSError) as gone:
        raise Http404("This logo has been deleted.") from gone
    kind = image_kind(handle.read(HEAD_BYTES))
    if kind is None:
        handle.close()
        raise Http404("This logo cannot be shown.")
    handle.seek(0)
    extension, content_type = kind
    response = FileResponse(handle, content_type=content_type, filename=f"logo.{extension}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
def firm_invitation_revoke(request: HttpRequest, invitation_pk: int) -> HttpResponse:
    access = firm_access(request)
    invitation = pending_firm_invitation_in(access, invitation_pk)
    services.firm_invitation_revoke(invitation=invitation)
    messages.success(request, f"The invitation to {invitation.email} no longer works.")
    return redirect("orgs:firm_workspace")


@require_http_methods(GET_OR_POST)
def firm_join(request: HttpRequest, token: str) -> HttpResponse:
    """The page behind a firm's invitation link: what joining means, and an Accept button for
    the account it was sent to. Anyone else signed in is refused (403)."""
    try:
        invitation = firm_invitation_from_token(token)
    except FirmInvitationRefused as refused:
        used = refused.invitation
        if used is not None and used.accepted_by_id and used.accepted_by_id == request.user.pk:
            return redirect("orgs:firm_workspace")
        return render(
            request,
            "problem.html",
            {"title": "This invitation can't be used", "text": str(refused)},
            status=410,
        )
    user = request.user
    context: dict[str, Any] = {
        "invitation": invitation,
        "firm": invitation.firm,
        "clients": invitation.firm.clients.count(),
    }
    standing, status = invitation_standing(request, invitation.email)
    if standing is not None:
        context[standing] = True
        return render(request, "firms/join.html", context, status=status)
    if user.is_authenticated:
        context["refusal"] = firm_join_refusal(invitation.firm, user)
    if request.method != "POST" or not user.is_authenticated:
        return render(request, "firms/join.html", context)
    try:
        services.firm_invitation_accept(invitation=invitation, user=user)
    except (FirmRefused, InvitationNotAccepted) as refused:
        context["refusal"] = str(refused)
        return render(request, "firms/join.html", context, status=400)
    messages.success(
        request,
        f"You joined {invitation.firm.name}: you are a consultant in each of its clients.",
    )
    return redirect("orgs:firm_workspace")


@login_required
@require_http_methods(GET_OR_POST)
def client_create(request: HttpRequest) -> HttpResponse:
    access = firm_access(request)
    form = ClientForm(request.POST or None)
    if request.method != "POST":
        return render(request, "firms/client_create.html", access.page_context(form=form))
    if form.is_valid():
        data = form.cleaned_data
        try:
            client = services.client_create(
                firm=access.firm,
                name=data["name"],
                departments=data["departments"],
                user=request.user,
                admin_email=data["admin_email"],
                link_for=_link_for(request),
            )
        except FirmRefused as refused:
            form.add_error("admin_email", str(refused))
        else:
            email = data["admin_email"]
            invited = f" We emailed {email} an invitation." if email else ""
            messages.success(
                request,
                f"{client.organisation.name} is ready, with {access.firm.name}'s consultants "
                f"in it.{invited} Add its teams next.",
            )
            return redirect("orgs:organisation", slug=client.organisation.slug)
    return render(request, "firms/client_create.html", access.page_context(form=form), status=400)
