"""The account page where a person makes, sees and revokes their API tokens.

A new token's secret is shown once, on the page that answers the form (never stored, never
put in a session or a redirect); afterwards only its name and first characters are shown.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from assessments.api import selectors, services
from assessments.api.access import own_token
from assessments.api.forms import TokenForm
from assessments.api.services import IssuedToken


def _page(
    request: HttpRequest, form: TokenForm, issued: IssuedToken | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "tokens": selectors.tokens_of(request.user),
        "issued": issued,
        "api_url": request.build_absolute_uri("/api/v1/"),
    }
    return render(request, "api/tokens.html", context, status=status)


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_of_user(request.user)
    form = TokenForm(request.POST or None, organisations=organisations)
    if request.method != "POST":
        return _page(request, form)
    if not form.is_valid():
        return _page(request, form, status=400)
    issued = services.token_issue(
        user=request.user,
        organisation=form.cleaned_data["organisation"],
        name=form.cleaned_data["name"],
        scope=form.cleaned_data["scope"],
    )
    response = _page(request, TokenForm(organisations=organisations), issued)
    patch_cache_control(response, no_store=True)  # the secret is in it: keep it in no cache
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = services.token_revoke(token=own_token(request.user, pk))
    messages.success(request, f"Revoked the token {token.name}: it no longer works.")
    return redirect("orgs:api_tokens")
