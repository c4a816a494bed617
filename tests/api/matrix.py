"""The API's rows of the permission matrix (tests/test_permissions.py).

The matrix's visitors are session logins, so the API answers them through its session
authentication: no account (anonymous, a respondent's link) is a 401; outside the visitor's
organisations everything is a 404, as on the pages; inside, a role the page refuses is a 403.
A write with an empty JSON body is refused with its reasons (400) to those who may write; a
valid one answers 201 (made) or 200 (changed), and the database says what changed.
"""

from __future__ import annotations

from typing import Any

from tests.matrix_rows import Expect, MatrixRows

API = "/api/v1/organisations/{org}"
NO_ACCOUNT = {"anonymous": 401, "respondent": 401}


def _names(model_name: str) -> Any:
    def names(world: dict[str, Any]) -> list[str]:
        from assessments import models

        model = getattr(models, model_name)
        rows = model.objects.filter(organisation__slug=world["org"]).order_by("pk")
        return list(rows.values_list("name", flat=True))

    return names


def _foreign_team_name(world: dict[str, Any]) -> str:
    from assessments.models import Team

    return Team.objects.get(pk=world["foreign_team"]).name


def api_rows(expect: Expect, login: dict[str, int]) -> MatrixRows:
    read = expect(200, **NO_ACCOUNT, outsider=404, staff=404)
    foreign = expect(404, **NO_ACCOUNT)
    # Departments and teams are made and renamed by organisation admins and consultants.
    manage = expect(400, **NO_ACCOUNT, member=403, team_lead=403, outsider=404, staff=404)
    made = {**manage, "owner": 201, "consultant": 201}
    changed = {**manage, "owner": 200, "consultant": 200}
    return MatrixRows(
        urls={
            # The schema and its documentation page are public: they describe, they hold nothing.
            "api:schema": ("get", "/api/v1/schema/", expect(200)),
            "api:docs": ("get", "/api/v1/docs/", expect(200)),
            # Everyone signed in has a list of their own organisations (maybe empty).
            "api:organisations": ("get", "/api/v1/organisations/", expect(200, **NO_ACCOUNT)),
            "api:organisation": ("get", f"{API}/", read),
            "api:departments": ("get", f"{API}/departments/", read),
            "api department, created": ("post", f"{API}/departments/", manage),
            "api:department": ("get", f"{API}/departments/{{department}}/", read),
            "api department, renamed": ("patch", f"{API}/departments/{{department}}/", manage),
            "api: another organisation's department": (
                "get",
                f"{API}/departments/{{foreign_department}}/",
                foreign,
            ),
            "api:teams": ("get", f"{API}/teams/", read),
            "api team, created": ("post", f"{API}/teams/", manage),
            "api:team": ("get", f"{API}/teams/{{team}}/", read),
            "api team, renamed": ("patch", f"{API}/teams/{{team}}/", manage),
            "api: another organisation's team, renamed": (
                "patch",
                f"{API}/teams/{{foreign_team}}/",
                expect(404, **NO_ACCOUNT, member=403, team_lead=403),
            ),
        },
        writes={
            "api department, created": ({"name": "Growth"}, "api departments"),
            "api department, renamed": ({"name": "Payments"}, "api departments"),
            "api team, created": ({"name": "Search", "department": "{department}"}, "api teams"),
            "api team, renamed": ({"name": "Basket"}, "api teams"),
            "api: another organisation's team, renamed": ({"name": "Mine now"}, "foreign team"),
        },
        statuses={
            "api department, created": made,
            "api department, renamed": changed,
            "api team, created": made,
            "api team, renamed": changed,
        },
        states={
            "api departments": _names("Department"),
            "api teams": _names("Team"),
            "foreign team": _foreign_team_name,
        },
    )
