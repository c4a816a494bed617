"""Pages of the webhooks room: an organisation's endpoints, adding and changing one, its
secret, a test event and its delivery log.

Thin: access (admins and consultants only; another organisation's endpoint is a 404), a
form, one service, redirect (or the form again, 400, with its errors).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments.organisations.models import Organisation
from assessments.webhooks import events, payloads, selectors, services
from assessments.webhooks.access import delivery_in, endpoint_in, webhooks_access
from assessments.webhooks.forms import EndpointEditForm, EndpointForm

GET_OR_POST = ["GET", "HEAD", "POST"]


def _example(organisation: Organisation) -> str:
    """A round.closed body as an endpoint receives it, for the page to show."""
    return json.dumps(json.loads(payloads.example_body(organisation)), indent=2)


@login_required
@require_safe
def webhooks(request: HttpRequest, slug: str) -> HttpResponse:
    access = webhooks_access(request, slug)
    endpoints = list(selectors.endpoints_of(access.organisation))
    return render(
        request,
        "webhooks/endpoints.html",
        access.page_context(
            endpoints=endpoints, example=_example(access.organisation), events=events.EVENTS
        ),
    )


@login_required
@require_http_methods(GET_OR_POST)
def webhook_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = webhooks_access(request, slug)
    form = EndpointForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                endpoint = services.endpoint_create(
                    organisation=access.organisation,
                    url=form.cleaned_data["url"],
                    events=form.cleaned_data["events"],
                    description=form.cleaned_data["description"],
                    created_by=request.user,
                )
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                messages.success(
                    request,
                    "Endpoint added. Copy its signing secret below into your receiver, then "
                    "send it a test event.",
                )
                return redirect("orgs:webhook", slug, endpoint.pk)
        page = access.page_context(form=form, creating=True)
        return render(request, "webhooks/endpoint_form.html", page, status=400)
    return render(
        request, "webhooks/endpoint_form.html", access.page_context(form=form, creating=True)
    )


@login_required
@require_safe
def webhook(request: HttpRequest, slug: str, endpoint_pk: int) -> HttpResponse:
    access = webhooks_access(request, slug)
    endpoint = endpoint_in(access, endpoint_pk)
    page = access.page_context(
        endpoint=endpoint,
        deliveries=selectors.delivery_log(endpoint),
        log_shown=selectors.LOG_SHOWN,
        log_days=settings.WEBHOOKS_LOG_DAYS,
    )
    return render(request, "webhooks/endpoint.html", page)


@login_required
@require_http_methods(GET_OR_POST)
def webhook_edit(request: HttpRequest, slug: str, endpoint_pk: int) -> HttpResponse:
    access = webhooks_access(request, slug)
    endpoint = endpoint_in(access, endpoint_pk)
    initial = {
        "url": endpoint.url,
        "description": endpoint.description,
        "events": endpoint.events,
        "is_active": endpoint.is_active,
    }
    form = EndpointEditForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.endpoint_update(endpoint=endpoint, **form.cleaned_data)
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                messages.success(request, "Endpoint saved.")
                return redirect("orgs:webhook", slug, endpoint.pk)
        page = access.page_context(form=form, endpoint=endpoint)
        return render(request, "webhooks/endpoint_form.html", page, status=400)
    page = access.page_context(form=form, endpoint=endpoint)
    return render(request, "webhooks/endpoint_form.html", page)


@login_required
@require_http_methods(GET_OR_POST)
def webhook_delete(request: HttpRequest, slug: str, endpoint_pk: int) -> HttpResponse:
    access = webhooks_access(request, slug)
    endpoint = endpoint_in(access, endpoint_pk)
    if request.method == "POST":
        services.endpoint_delete(endpoint=endpoint)
        messages.success(request, f"Endpoint deleted: nothing more is sent to {endpoint.url}.")
        return redirect("orgs:webhooks", slug)
    return render(request, "webhooks/endpoint_delete.html", access.page_context(endpoint=endpoint))


@login_required
@require_POST
def webhook_roll_secret(request: HttpRequest, slug: str, endpoint_pk: int) -> HttpResponse:
    access = webhooks_access(request, slug)
    endpoint = endpoint_in(access, endpoint_pk)
    services.endpoint_roll_secret(endpoint=endpoint)
    messages.success(
        request,
        "New signing secret made: events are signed with it from now on. Put it in your "
        "receiver; the old one no longer checks out.",
    )
    return redirect("orgs:webhook", slug, endpoint.pk)


@login_required
@require_POST
def webhook_test(request: HttpRequest, slug: str, endpoint_pk: int) -> HttpResponse:
    access = webhooks_access(request, slug)
    endpoint = endpoint_in(access, endpoint_pk)
    try:
        services.endpoint_test(endpoint=endpoint)
    except ValidationError as refused:
        messages.error(request, refused.messages[0])
    else:
        messages.success(
            request,
            "Test event on its way. Reload this page in a few seconds to see your "
            "endpoint's answer in the delivery log.",
        )
    return redirect("orgs:webhook", slug, endpoint.pk)


@login_required
@require_POST
def webhook_delivery_retry(
    request: HttpRequest, slug: str, endpoint_pk: int, delivery_pk: int
) -> HttpResponse:
    access = webhooks_access(request, slug)
    delivery = delivery_in(endpoint_in(access, endpoint_pk), delivery_pk)
    try:
        services.delivery_retry(delivery=delivery)
    except ValidationError as refused:
        messages.error(request, refused.messages[0])
    else:
        messages.success(request, "Sending it again now. Reload the page to see the answer.")
    return redirect("orgs:webhook", slug, endpoint_pk)
