"""Export pages: ask for a file, watch it being made, download it. Thin: access, service, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from assessments.exports import selectors, services
from assessments.exports.access import job_for
from assessments.exports.models import ExportJob
from assessments.exports.services import ExportRefused, ExportRequest
from assessments.organisations.access import OrgAccess, org_access


def start_export(
    request: HttpRequest, access: OrgAccess, asked: ExportRequest, *, back: str
) -> HttpResponse:
    """GET asks first (a link never starts work by itself); POST queues the export."""
    if request.method != "POST":
        return render(request, "exports/start.html", access.page_context(asked=asked, back=back))
    try:
        job = services.request_export(access, asked)
    except ExportRefused as refused:
        return render(
            request,
            "problem.html",
            {"title": "Not now", "text": str(refused), "back": back},
            status=refused.status,
        )
    return redirect("orgs:export", slug=access.organisation.slug, pk=job.pk)


@login_required
@require_safe
def jobs(request: HttpRequest, slug: str) -> HttpResponse:
    access = org_access(request, slug)
    rows = [(job, selectors.download_url(job)) for job in selectors.recent_jobs(access)]
    return render(request, "exports/jobs.html", access.page_context(rows=rows))


@login_required
@require_safe
def job(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = org_access(request, slug)
    found = job_for(access, pk)
    return render(
        request,
        "exports/job.html",
        access.page_context(job=found, progress=selectors.progress(found)),
    )


@login_required
@require_safe
def job_status(request: HttpRequest, slug: str, pk: int) -> JsonResponse:
    found = job_for(org_access(request, slug), pk)
    response = JsonResponse(selectors.progress(found))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
def download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    found = job_for(org_access(request, slug), pk)
    if found.status != ExportJob.Status.READY or not found.file:
        raise Http404("This file is not ready.")
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as gone:
        raise Http404("This file has been deleted.") from gone
    response = FileResponse(handle, as_attachment=True, filename=found.filename)
    response["Content-Type"] = found.content_type
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def retry(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = org_access(request, slug)
    found = job_for(access, pk)
    asked = ExportRequest(
        assessment=found.assessment,
        kind=found.kind,
        scope_kind=found.scope_kind,
        scope_pk=found.scope_pk,
        title=found.title,
        filters=found.filters,
    )
    return start_export(request, access, asked, back=request.path)
