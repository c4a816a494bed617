"""Imports through the API: an organisation's departments and teams, a round's personal
invitations, from a CSV or XLSX file sent as multipart/form-data (field ``file``).

``?dry_run=true`` answers the preview (what each line would do) and keeps nothing; without it
the file is imported at once, all or nothing, with the checks of the pages' preview and
confirm (``assessments.imports``). The same people may import as on the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import parsers, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from assessments.api.base import OrgApiView
from assessments.imports import departments, invitations, services
from assessments.imports.forms import UploadForm
from assessments.imports.models import ImportBatch
from assessments.imports.parsing import Column, Table, UploadProblem
from assessments.imports.plans import Plan
from assessments.imports.selectors import departments_plan, file_preview, invitations_plan
from assessments.organisations.access import require_manager
from assessments.rounds.access import assessment_for_manager
from assessments.rounds.models import Assessment

NO_FILE = (
    "Send the file as multipart/form-data, in a field named \u201cfile\u201d (a .csv or .xlsx)."
)
DRY_RUN = OpenApiParameter(
    "dry_run",
    bool,
    description="true: answer what each line would do, and keep nothing. "
    "Otherwise the file is imported, all or nothing.",
)


class ImportFileSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A .csv (any usual export) or .xlsx file, up to 2 MB.")


class ImportLineSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="The line's number, as a spreadsheet shows it.")
    values = serializers.DictField(child=serializers.CharField())
    outcome = serializers.ChoiceField(choices=["new", "unchanged", "problem"])
    text = serializers.CharField(help_text="What happens to the line, or what is wrong with it.")


class WrittenLineSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    text = serializers.CharField()


class ImportPreviewSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    detail = serializers.CharField(help_text="In short, what happened or would happen.")
    columns = serializers.ListField(child=serializers.CharField())
    ignored_columns = serializers.ListField(child=serializers.CharField())
    new = serializers.IntegerField(help_text="Lines that add something.")
    unchanged = serializers.IntegerField(help_text="Lines with nothing to add.")
    problems = serializers.IntegerField(help_text="Lines that can't be imported as they are.")
    can_import = serializers.BooleanField()
    lines = ImportLineSerializer(many=True)
    written = WrittenLineSerializer(many=True, help_text="What the import added (not dry runs).")


def _preview(
    table: Table, plan: Plan[Any], keys: tuple[str, ...], *, dry_run: bool, detail: str
) -> dict[str, Any]:
    return {
        "dry_run": dry_run,
        "detail": detail,
        "columns": list(table.columns),
        "ignored_columns": list(table.ignored),
        "new": sum(line.adds for line in plan.lines),
        "unchanged": plan.unchanged,
        "problems": plan.problems,
        "can_import": plan.can_confirm,
        "lines": [
            {
                "line": line.number,
                "values": dict(zip(keys, line.cells, strict=True)),
                "outcome": line.outcome.value,
                "text": line.text,
            }
            for line in plan.lines
        ],
        "written": [],
    }


class _ImportView(OrgApiView):
    """Read the upload with the pages' form; preview it, or import it."""

    parser_classes = [parsers.MultiPartParser, parsers.FormParser, parsers.JSONParser]
    serializer_class = ImportPreviewSerializer
    kind: str
    keys: tuple[str, ...]

    def _file(self, request: Request) -> tuple[str, bytes]:
        form = UploadForm(data=request.POST, files=request.FILES)
        if "file" not in request.FILES:
            raise serializers.ValidationError({"file": [NO_FILE]})
        if not form.is_valid():
            raise serializers.ValidationError({"file": form.errors["file"]})
        name, data = form.cleaned_data["file"]
        return name, data

    def _answer(
        self,
        request: Request,
        columns: tuple[Column, ...],
        plan_for: Callable[[Table], Plan[Any]],
        assessment: Assessment | None = None,
        link_for: Callable[[str], str] | None = None,
    ) -> Response:
        name, data = self._file(request)
        dry_run = request.query_params.get("dry_run", "").lower() in {"true", "1", "yes"}
        try:
            table, plan = file_preview(data, columns, plan_for)
        except UploadProblem as problem:
            raise serializers.ValidationError({"file": [str(problem)]}) from problem
        if dry_run or not plan.writes or plan.problems:
            return self._without_writing(table, plan, dry_run=dry_run)
        try:
            result = services.file_import(
                organisation=self.access.organisation,
                uploaded_by=request.user,
                kind=self.kind,
                data=data,
                filename=name,
                columns=columns,
                assessment=assessment,
                link_for=link_for,
            )
        except services.ImportRefused as refused:  # something changed since it was read
            body = _preview(table, refused.plan or plan, self.keys, dry_run=False, detail="")
            body["detail"] = str(refused)
            return Response(body, status=status.HTTP_409_CONFLICT)
        body = _preview(table, plan, self.keys, dry_run=False, detail=result["summary"])
        body["written"] = [{"line": n, "text": text} for n, text in result["lines"]]
        return Response(body, status=status.HTTP_201_CREATED)

    def _without_writing(self, table: Table, plan: Plan[Any], *, dry_run: bool) -> Response:
        if plan.problems:
            many = "lines" if plan.problems != 1 else "line"
            detail = f"{plan.problems} {many} can't be imported as they are: nothing was added."
            if dry_run:
                detail = f"{plan.problems} {many} can't be imported as they are."
        elif not plan.writes:
            detail = "Nothing to add: every line is there already."
        else:
            detail = f"Ready to import: {len(plan.writes)} to add."
        body = _preview(table, plan, self.keys, dry_run=dry_run, detail=detail)
        refused = plan.problems and not dry_run
        return Response(body, status=status.HTTP_400_BAD_REQUEST if refused else status.HTTP_200_OK)


class DepartmentsImport(_ImportView):
    """Import departments and teams from a file (columns: department, team). Organisation
    admins and consultants, as on the pages. Departments and teams already there are matched
    by name and left as they are."""

    kind = ImportBatch.Kind.DEPARTMENTS
    keys = ("department", "team")

    @extend_schema(
        request={"multipart/form-data": ImportFileSerializer},
        parameters=[DRY_RUN],
        responses={200: ImportPreviewSerializer, 201: ImportPreviewSerializer},
    )
    def post(self, request: Request, slug: str) -> Response:
        require_manager(self.access)
        organisation = self.access.organisation
        return self._answer(
            request, departments.COLUMNS, lambda table: departments_plan(organisation, table)
        )


class InvitationsImport(_ImportView):
    """Import a round's personal invitations from a file (columns: email, name, team). Whoever
    runs the round, as on its page; each new person is emailed their personal link, and an
    address already invited is not emailed again."""

    kind = ImportBatch.Kind.INVITATIONS
    keys = ("email", "name", "team")

    @extend_schema(
        request={"multipart/form-data": ImportFileSerializer},
        parameters=[DRY_RUN],
        responses={200: ImportPreviewSerializer, 201: ImportPreviewSerializer},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        assessment = assessment_for_manager(self.access, pk)
        columns = invitations.columns(several_teams=len(assessment.teams.all()) > 1)
        return self._answer(
            request,
            columns,
            lambda table: invitations_plan(assessment, table),
            assessment=assessment,
            link_for=lambda token: request.build_absolute_uri(
                reverse("respond:start", args=[token])
            ),
        )
