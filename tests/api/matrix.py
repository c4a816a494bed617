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


def _round_opens(world: dict[str, Any]) -> Any:
    from assessments.models import Assessment

    return Assessment.objects.get(pk=world["assessment"]).opens_at


def _round_dates(world: dict[str, Any]) -> Any:
    from assessments.models import Assessment

    return Assessment.objects.values_list("closes_at", "closed_early_at").get(
        pk=world["assessment"]
    )


def _rounds(world: dict[str, Any]) -> int:
    from assessments.models import Assessment

    return Assessment.objects.filter(organisation__slug=world["org"]).count()


def _tokens(world: dict[str, Any]) -> list[tuple[int, Any]]:
    from assessments.models import ApiToken

    return list(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at"))


def _opens_tomorrow(world: dict[str, Any]) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from assessments.models import Assessment

    tomorrow = timezone.now() + timedelta(days=1)
    Assessment.objects.filter(pk=world["assessment"]).update(opens_at=tomorrow)


def api_rows(expect: Expect, login: dict[str, int]) -> MatrixRows:
    read = expect(200, **NO_ACCOUNT, outsider=404, staff=404)
    foreign = expect(404, **NO_ACCOUNT)
    # Departments and teams are made and renamed by organisation admins and consultants.
    manage = expect(400, **NO_ACCOUNT, member=403, team_lead=403, outsider=404, staff=404)
    made = {**manage, "owner": 201, "consultant": 201}
    changed = {**manage, "owner": 200, "consultant": 200}
    # A round is run by organisation admins, consultants and the lead of its team (as on its
    # page); team leads and admins set one up (a lead, for their own team).
    run = expect(400, **NO_ACCOUNT, member=403, outsider=404, staff=404)
    run_read = {**run, "owner": 200, "consultant": 200, "team_lead": 200}
    ran = run_read
    rounds = f"{API}/rounds"
    # The account page for tokens: each person's own; anyone signed in may make one for an
    # organisation of theirs (the outsider and a rival are members of none of the world's).
    page = expect(200, **login)
    form = expect(400, **login)
    made_token = expect(200, **login, outsider=400, staff=400, rival=400)
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
            "api:rounds": ("get", f"{rounds}/", read),
            "api round, set up": ("post", f"{rounds}/", run),
            "api:round": ("get", f"{rounds}/{{assessment}}/", run_read),
            "api: another organisation's round": (
                "get",
                f"{rounds}/{{foreign_assessment}}/",
                foreign,
            ),
            # It is open already: refused, saying so (opened in the writes, once set for later).
            "api:round_open": ("post", f"{rounds}/{{assessment}}/open/", run),
            "api:round_close": ("post", f"{rounds}/{{assessment}}/close/", ran),
            "api:round_extend": ("post", f"{rounds}/{{assessment}}/extend/", run),
            "orgs:api_tokens": ("get", "/account/api-tokens/", page),
            "api token, made": ("post", "/account/api-tokens/", form),
            "orgs:api_token_revoke": (
                "post",
                "/account/api-tokens/{api_token}/revoke/",
                expect(404, **login, owner=302, consultant=404),
            ),
        },
        writes={
            "api department, created": ({"name": "Growth"}, "api departments"),
            "api department, renamed": ({"name": "Payments"}, "api departments"),
            "api team, created": ({"name": "Search", "department": "{department}"}, "api teams"),
            "api team, renamed": ({"name": "Basket"}, "api teams"),
            "api: another organisation's team, renamed": ({"name": "Mine now"}, "foreign team"),
            "api round, set up": (
                {"name": "Autumn check", "teams": ["{team}"], "closes_at": "2099-01-01T09:00Z"},
                "api rounds",
            ),
            "api:round_open": ({}, "api round opens"),
            "api:round_close": ({}, "api round dates"),
            "api:round_extend": ({"closes_at": "2099-01-01T09:00:00Z"}, "api round dates"),
            "api token, made": (
                {"name": "Nightly", "organisation": "{org}", "scope": "read"},
                "api tokens",
            ),
            "orgs:api_token_revoke": ({}, "api tokens"),
        },
        statuses={
            "api department, created": made,
            "api department, renamed": changed,
            "api team, created": made,
            "api team, renamed": changed,
            "api round, set up": {**run, "owner": 201, "consultant": 201, "team_lead": 201},
            "api:round_open": run_read,
            "api:round_extend": run_read,
            "api token, made": made_token,
        },
        states={
            "api departments": _names("Department"),
            "api teams": _names("Team"),
            "foreign team": _foreign_team_name,
            "api rounds": _rounds,
            "api round opens": _round_opens,
            "api round dates": _round_dates,
            "api tokens": _tokens,
        },
        prepare={"api:round_open": _opens_tomorrow},
    )
