"""The imports room's rows of the permission matrix (tests/test_permissions.py).

Departments and teams are imported by managers (admins and consultants); a round's invitations
by whoever runs the round (managers, and the lead of the round's only team). Members get a
403, anyone outside the organisation a 404. An upload is seen only by whoever made it (the
owner here, tests/imports/world.py): to anyone else who may import it is a 404. An empty POST
to the upload page is refused with the form (400); a confirm writes (302). The API's import
endpoints are sent JSON here, without a file: a 400 for those who may import (their writes are
tested in tests/imports/test_api.py, with files).
"""

from __future__ import annotations

from typing import Any

from tests.matrix_rows import Expect, MatrixRows

NO_ACCOUNT = {"anonymous": 401, "respondent": 401}


def _structure(world: dict[str, Any]) -> list[tuple[str, str | None]]:
    from assessments.organisations.models import Department, Team

    org = world["org"]
    return sorted(
        [
            *Department.objects.filter(organisation__slug=org).values_list(
                "name", "organisation__slug"
            ),
            *Team.objects.filter(organisation__slug=org).values_list("name", "department__name"),
        ]
    )


def _personal_links(world: dict[str, Any]) -> list[tuple[str, str]]:
    from assessments.rounds.models import Invitation

    return list(
        Invitation.objects.filter(assessment_id=world["assessment"], kind="personal")
        .order_by("pk")
        .values_list("email", "name")
    )


def import_rows(expect: Expect, login: dict[str, int]) -> MatrixRows:
    outside = {"outsider": 404, "staff": 404}
    managers = {**outside, "member": 403, "team_lead": 403}
    round_runners = {**outside, "member": 403}  # the world's round is of the lead's team
    d = "/o/{org}/departments/import"
    i = "/o/{org}/assessments/{assessment}/invite/import"
    api = "/api/v1/organisations/{org}"
    return MatrixRows(
        urls={
            "orgs:departments_import": ("get", f"{d}/", expect(200, **login, **managers)),
            "departments import, uploaded": ("post", f"{d}/", expect(400, **login, **managers)),
            "orgs:departments_import_template": (
                "get",
                f"{d}/template.xlsx",
                expect(200, **login, **managers),
            ),
            "orgs:departments_import_preview": (
                "get",
                f"{d}/{{dept_import}}/",
                expect(404, **login, **managers, owner=200, consultant=404),
            ),
            "orgs:departments_import_confirm": (
                "post",
                f"{d}/{{dept_import}}/confirm/",
                expect(404, **login, **managers, owner=302, consultant=404),
            ),
            "orgs:invitations_import": ("get", f"{i}/", expect(200, **login, **round_runners)),
            "invitations import, uploaded": (
                "post",
                f"{i}/",
                expect(400, **login, **round_runners),
            ),
            "orgs:invitations_import_template": (
                "get",
                f"{i}/template.csv",
                expect(200, **login, **round_runners),
            ),
            "orgs:invitations_import_preview": (
                "get",
                f"{i}/{{invitation_import}}/",
                expect(404, **login, **round_runners, owner=200, consultant=404),
            ),
            "orgs:invitations_import_confirm": (
                "post",
                f"{i}/{{invitation_import}}/confirm/",
                expect(404, **login, **round_runners, owner=302, consultant=404),
            ),
            # The API's: sent JSON by the matrix, so no file (400) for those who may import.
            "api:departments_import": (
                "post",
                f"{api}/departments/import/",
                expect(400, **NO_ACCOUNT, **managers),
            ),
            "api:invitations_import": (
                "post",
                f"{api}/rounds/{{assessment}}/invitations/import/",
                expect(400, **NO_ACCOUNT, **round_runners),
            ),
            "another organisation's round, invitations import": (
                "get",
                "/o/{org}/assessments/{foreign_assessment}/invite/import/",
                expect(404, **login),
            ),
        },
        writes={
            "orgs:departments_import_confirm": ({}, "departments and teams"),
            "orgs:invitations_import_confirm": ({}, "personal links"),
        },
        states={"departments and teams": _structure, "personal links": _personal_links},
    )
