"""Import pages: upload a file, check the preview, confirm; and the template to fill in.

Departments and teams are imported by an organisation's admins and consultants (as they are
added one by one on the organisation's page); a round's personal invitations by whoever runs
the round (as on the round's page). Thin: access, form, one service, render.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from assessments.imports import departments, invitations, services
from assessments.imports.access import batch_in
from assessments.imports.forms import UploadForm
from assessments.imports.models import ImportBatch
from assessments.imports.parsing import MAX_LINES, Column, UploadProblem
from assessments.imports.plans import Plan
from assessments.imports.samples import CSV_TYPE, XLSX_TYPE, sample_csv, sample_xlsx
from assessments.imports.selectors import (
    StoredLinesBroken,
    batch_table,
    departments_plan,
    invitations_plan,
    round_team_names,
)
from assessments.organisations.access import OrgAccess, org_access, require_manager
from assessments.rounds.access import assessment_for_manager
from assessments.rounds.models import Assessment

DEPARTMENTS = ImportBatch.Kind.DEPARTMENTS
INVITATIONS = ImportBatch.Kind.INVITATIONS


@dataclass(frozen=True)
class _Import:
    """What tells one kind of import from the other on the shared pages."""

    title: str
    columns: tuple[Column, ...]
    headers: tuple[str, ...]  # the preview table's value columns
    urls: dict[str, str]  # upload, template_csv, template_xlsx, back
    back_label: str
    assessment: Assessment | None = None

    def context(self, access: OrgAccess, **extra: Any) -> dict[str, Any]:
        return access.page_context(
            imp=self, assessment=self.assessment, max_lines=MAX_LINES, **extra
        )


def _departments(access: OrgAccess) -> _Import:
    slug = access.organisation.slug
    return _Import(
        title="Import departments and teams",
        columns=departments.COLUMNS,
        headers=("Department", "Team"),
        urls={
            "upload": reverse("orgs:departments_import", args=[slug]),
            "template_csv": reverse("orgs:departments_import_template", args=[slug, "csv"]),
            "template_xlsx": reverse("orgs:departments_import_template", args=[slug, "xlsx"]),
            "back": reverse("orgs:organisation", args=[slug]) + "#teams",
        },
        back_label=f"Back to {access.organisation.name}",
    )


def _invitations(access: OrgAccess, assessment: Assessment) -> _Import:
    args = [access.organisation.slug, assessment.pk]
    several = len(assessment.teams.all()) > 1
    return _Import(
        title="Import personal invitations",
        columns=invitations.columns(several_teams=several),
        headers=("Email", "Name", "Team"),
        urls={
            "upload": reverse("orgs:invitations_import", args=args),
            "template_csv": reverse("orgs:invitations_import_template", args=[*args, "csv"]),
            "template_xlsx": reverse("orgs:invitations_import_template", args=[*args, "xlsx"]),
            "back": reverse("orgs:assessment", args=args),
        },
        back_label=f"Back to {assessment.name}",
        assessment=assessment,
    )


def _upload(
    request: HttpRequest, access: OrgAccess, imp: _Import, kind: str, preview: Callable[[int], str]
) -> HttpResponse:
    posted = request.method == "POST"
    form = UploadForm(request.POST, request.FILES) if posted else UploadForm()
    if posted and form.is_valid():
        filename, data = form.cleaned_data["file"]
        try:
            batch = services.batch_upload(
                organisation=access.organisation,
                uploaded_by=request.user,
                kind=kind,
                assessment=imp.assessment,
                data=data,
                filename=filename,
                columns=imp.columns,
            )
        except UploadProblem as problem:
            form.add_error("file", str(problem))
        else:
            return redirect(preview(batch.pk))
    status = 400 if posted else 200
    return render(request, "imports/upload.html", imp.context(access, form=form), status=status)


def _template_file(imp: _Import, fmt: str, example: dict[str, str], name: str) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(sample_csv(imp.columns, example), content_type=CSV_TYPE)
    elif fmt == "xlsx":
        response = HttpResponse(sample_xlsx(imp.columns, example), content_type=XLSX_TYPE)
    else:
        raise Http404("We offer the template as .csv or .xlsx.")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _gone(request: HttpRequest, imp: _Import) -> HttpResponse:
    text = services.EXPIRED.format(hours=services.BATCH_HOURS)
    context = {"title": "This upload has expired", "text": text, "back": imp.urls["upload"]}
    return render(request, "problem.html", context, status=410)


def _preview(
    request: HttpRequest,
    access: OrgAccess,
    imp: _Import,
    batch: ImportBatch,
    plan_for: Callable[[Any], Plan[Any]],
    words: Any,
    confirm: str,
) -> HttpResponse:
    """The preview of a batch (its plan made now), or what it wrote once confirmed."""
    if batch.confirmed_at is not None:
        return render(request, "imports/result.html", imp.context(access, batch=batch))
    if batch.has_expired:
        return _gone(request, imp)
    try:
        table = batch_table(batch)
    except StoredLinesBroken:
        return _gone(request, imp)
    plan = plan_for(table)
    context = imp.context(
        access,
        batch=batch,
        table=table,
        plan=plan,
        summary=words.summary(plan),
        confirm_label=words.confirm_label(plan),
        confirm_url=confirm,
    )
    return render(request, "imports/preview.html", context)


# --- departments and teams -------------------------------------------------------------------


def _department_access(request: HttpRequest, slug: str) -> tuple[OrgAccess, _Import]:
    access = org_access(request, slug)
    require_manager(access)
    return access, _departments(access)


@login_required
def departments_import(request: HttpRequest, slug: str) -> HttpResponse:
    access, imp = _department_access(request, slug)
    return _upload(
        request,
        access,
        imp,
        DEPARTMENTS,
        lambda pk: reverse("orgs:departments_import_preview", args=[slug, pk]),
    )


@login_required
@require_safe
def departments_import_template(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    _access, imp = _department_access(request, slug)
    return _template_file(imp, fmt, departments.EXAMPLE, "departments-and-teams")


@login_required
@require_safe
def departments_import_preview(request: HttpRequest, slug: str, batch_pk: int) -> HttpResponse:
    access, imp = _department_access(request, slug)
    batch = batch_in(access, batch_pk, kind=DEPARTMENTS)
    return _preview(
        request,
        access,
        imp,
        batch,
        lambda table: departments_plan(access.organisation, table),
        departments,
        reverse("orgs:departments_import_confirm", args=[slug, batch.pk]),
    )


@login_required
@require_POST
def departments_import_confirm(request: HttpRequest, slug: str, batch_pk: int) -> HttpResponse:
    access, _imp = _department_access(request, slug)
    batch = batch_in(access, batch_pk, kind=DEPARTMENTS)
    try:
        result = services.departments_import_confirm(batch=batch)
    except services.ImportRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, result.get("summary", "Imported."))
    return redirect("orgs:departments_import_preview", slug=slug, batch_pk=batch.pk)


# --- a round's personal invitations -----------------------------------------------------------


def _round_access(
    request: HttpRequest, slug: str, pk: int
) -> tuple[OrgAccess, _Import, Assessment]:
    access = org_access(request, slug)
    assessment = assessment_for_manager(access, pk)
    return access, _invitations(access, assessment), assessment


@login_required
def invitations_import(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, imp, _assessment = _round_access(request, slug, pk)
    return _upload(
        request,
        access,
        imp,
        INVITATIONS,
        lambda batch_pk: reverse("orgs:invitations_import_preview", args=[slug, pk, batch_pk]),
    )


@login_required
@require_safe
def invitations_import_template(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    _access, imp, assessment = _round_access(request, slug, pk)
    example = invitations.example(round_team_names(assessment) or ["Your team"])
    return _template_file(imp, fmt, example, "personal-invitations")


@login_required
@require_safe
def invitations_import_preview(
    request: HttpRequest, slug: str, pk: int, batch_pk: int
) -> HttpResponse:
    access, imp, assessment = _round_access(request, slug, pk)
    batch = batch_in(access, batch_pk, kind=INVITATIONS, assessment=assessment)
    return _preview(
        request,
        access,
        imp,
        batch,
        lambda table: invitations_plan(assessment, table),
        invitations,
        reverse("orgs:invitations_import_confirm", args=[slug, pk, batch.pk]),
    )


@login_required
@require_POST
def invitations_import_confirm(
    request: HttpRequest, slug: str, pk: int, batch_pk: int
) -> HttpResponse:
    access, _imp, assessment = _round_access(request, slug, pk)
    batch = batch_in(access, batch_pk, kind=INVITATIONS, assessment=assessment)
    try:
        result = services.invitations_import_confirm(
            batch=batch,
            link_for=lambda token: request.build_absolute_uri(
                reverse("respond:start", args=[token])
            ),
        )
    except services.ImportRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, result.get("summary", "Imported."))
    return redirect("orgs:invitations_import_preview", slug=slug, pk=pk, batch_pk=batch.pk)
