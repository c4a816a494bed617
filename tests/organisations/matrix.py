"""The "People and teams" page's rows of the permission matrix (tests/test_permissions.py).

Organisation admins and consultants (managers) run the page; team leads and members get a
403; anyone outside the organisation a 404. An empty POST that cannot be right is refused with
the form again (400); a valid one writes (302). Handing the admin role over is for an admin
only: a consultant runs the organisation's structure but does not give its admin role away.
Deleting the world's own team or department is refused (409: its round rests on them); the
spare ones (tests/factories.py ``build_url_world``) go.
"""

from __future__ import annotations

from typing import Any

from tests.matrix_rows import Expect, MatrixRows


def _team_names(world: dict[str, Any]) -> list[str]:
    from assessments.organisations.models import Team

    return list(Team.objects.filter(organisation__slug=world["org"]).values_list("name", flat=True))


def _department_names(world: dict[str, Any]) -> list[str]:
    from assessments.organisations.models import Department

    return list(
        Department.objects.filter(organisation__slug=world["org"]).values_list("name", flat=True)
    )


def _team_department(world: dict[str, Any]) -> int | None:
    from assessments.organisations.models import Team

    return Team.objects.get(pk=world["team"]).department_id


def _memberships(world: dict[str, Any]) -> list[tuple[int, str, int | None]]:
    from assessments.organisations.models import Membership

    return list(
        Membership.objects.filter(organisation__slug=world["org"])
        .order_by("pk")
        .values_list("pk", "role", "team_id")
    )


def _teams_and_departments(world: dict[str, Any]) -> tuple[list[str], list[str]]:
    return _team_names(world), _department_names(world)


def people_rows(expect: Expect, login: dict[str, int]) -> MatrixRows:
    managers = {"outsider": 404, "staff": 404, "member": 403, "team_lead": 403}
    page = expect(200, **login, **managers)
    refused = expect(400, **login, **managers)
    writes = expect(302, **login, **managers)
    admin_page = expect(200, **login, **managers, consultant=403)
    admin_refused = expect(400, **login, **managers, consultant=403)
    admin_writes = expect(302, **login, **managers, consultant=403)
    elsewhere = expect(404, **login, member=403, team_lead=403)  # the role is asked first
    o = "/o/{org}"
    return MatrixRows(
        urls={
            "orgs:people": ("get", f"{o}/people/", page),
            "orgs:team_rename": ("post", f"{o}/teams/{{team}}/rename/", refused),
            "orgs:department_rename": ("post", f"{o}/departments/{{department}}/rename/", refused),
            # An empty choice is "no department": a valid move.
            "orgs:team_move": ("post", f"{o}/teams/{{team}}/move/", writes),
            "orgs:team_delete": ("get", f"{o}/teams/{{spare_team}}/delete/", page),
            "team delete, posted": ("post", f"{o}/teams/{{spare_team}}/delete/", writes),
            "team delete, answered in a round": (
                "post",
                f"{o}/teams/{{team}}/delete/",
                expect(409, **login, **managers),
            ),
            "orgs:department_delete": (
                "get",
                f"{o}/departments/{{spare_department}}/delete/",
                page,
            ),
            "department delete, posted": (
                "post",
                f"{o}/departments/{{spare_department}}/delete/",
                writes,
            ),
            "department delete, a round grouped teams under it": (
                "post",
                f"{o}/departments/{{department}}/delete/",
                expect(409, **login, **managers),
            ),
            "orgs:membership_change": (
                "post",
                f"{o}/people/{{member_membership}}/change/",
                refused,
            ),
            "orgs:membership_remove": ("get", f"{o}/people/{{spare_member}}/remove/", page),
            "membership remove, posted": ("post", f"{o}/people/{{spare_member}}/remove/", writes),
            "orgs:admin_hand_over": ("get", f"{o}/people/hand-over/", admin_page),
            "admin hand over, posted": ("post", f"{o}/people/hand-over/", admin_refused),
            # Another organisation's team, department or person, through this one: a 404.
            "another organisation's team, renamed": (
                "post",
                f"{o}/teams/{{foreign_team}}/rename/",
                elsewhere,
            ),
            "another organisation's team, deleted": (
                "get",
                f"{o}/teams/{{foreign_team}}/delete/",
                elsewhere,
            ),
            "another organisation's department, deleted": (
                "post",
                f"{o}/departments/{{foreign_department}}/delete/",
                elsewhere,
            ),
            "another organisation's person, changed": (
                "post",
                f"{o}/people/{{foreign_membership}}/change/",
                elsewhere,
            ),
            "another organisation's person, removed": (
                "post",
                f"{o}/people/{{foreign_membership}}/remove/",
                elsewhere,
            ),
        },
        writes={
            "orgs:team_rename": ({"name": "Payments"}, "team names"),
            "orgs:department_rename": ({"name": "Platform and data"}, "department names"),
            "orgs:team_move": ({"department": "{spare_department}"}, "team department"),
            "team delete, posted": ({}, "team names"),
            "team delete, answered in a round": ({}, "team names"),
            "department delete, posted": ({}, "department names"),
            "department delete, a round grouped teams under it": ({}, "structure"),
            "orgs:membership_change": ({"role": "team_lead", "team": "{team}"}, "memberships"),
            "membership remove, posted": ({}, "memberships"),
            "admin hand over, posted": (
                {"to": "{member_membership}", "then_role": "member"},
                "memberships",
            ),
        },
        statuses={
            "orgs:team_rename": writes,
            "orgs:department_rename": writes,
            "orgs:membership_change": writes,
            "admin hand over, posted": admin_writes,
        },
        states={
            "team names": _team_names,
            "department names": _department_names,
            "team department": _team_department,
            "memberships": _memberships,
            "structure": _teams_and_departments,
        },
    )
