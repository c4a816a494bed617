"""The API data endpoints' rows of the permission matrix (tests/test_permissions.py).

As the pages: a scope's results to those who may read its report (a team's to its own people,
the round's and a department's to admins and consultants), the comparison to admins and
consultants, a team's roadmap and its actions to those who may see the team's report, and a
firm's clients and reviews to its own consultants. No account is a 401 (the API's session
login); outside the visitor's organisations, a 404. An empty body is a 400 to those who may
write; a valid one writes (201 or 200) and changes the database.
"""

from __future__ import annotations

from typing import Any

from tests.matrix_rows import Expect, MatrixRows

ROUND = "/api/v1/organisations/{org}/rounds/{assessment}"
ACTIONS = f"{ROUND}/roadmaps/{{team}}/actions/"


def _actions(world: dict[str, Any]) -> list[tuple[str, str, str]]:
    from assessments.roadmaps.models import RoadmapAction

    return list(
        RoadmapAction.objects.filter(roadmap__team_id=world["team"])
        .order_by("pk")
        .values_list("title", "status", "notes")
    )


def api_data_rows(expect: Expect, login: dict[str, int]) -> MatrixRows:
    """Every data endpoint for every kind of visitor (``login`` is the pages'; here 401)."""
    no_account = dict.fromkeys(login, 401)
    managers = expect(200, **no_account, member=403, team_lead=403, outsider=404, staff=404)
    team_people = expect(200, **no_account, member=403, teammate=200, outsider=404, staff=404)
    team_write_empty = expect(400, **no_account, member=403, teammate=400, outsider=404, staff=404)
    in_organisation = expect(200, **no_account, outsider=404, staff=404)
    firm_people = expect(404, **no_account, consultant=200, rival=200)
    return MatrixRows(
        urls={
            "api:round_results": ("get", f"{ROUND}/results/", managers),
            "api:round_results, a department": (
                "get",
                f"{ROUND}/results/?scope=department&id={{department}}",
                managers,
            ),
            "api:round_results, a team": (
                "get",
                f"{ROUND}/results/?scope=team&id={{team}}",
                team_people,
            ),
            "api:round_comparison": ("get", f"{ROUND}/comparison/", managers),
            "api:round_comparison, another organisation's round": (
                "get",
                "/api/v1/organisations/{org}/rounds/{foreign_assessment}/comparison/",
                expect(404, **no_account),
            ),
            "api:round_roadmaps": ("get", f"{ROUND}/roadmaps/", in_organisation),
            "api:team_actions": ("get", ACTIONS, team_people),
            "api:team_actions, adding one": ("post", ACTIONS, team_write_empty),
            "api:team_action": ("patch", f"{ACTIONS}{{action}}/", team_write_empty),
            "api:firm_clients": ("get", "/api/v1/firm/clients/", firm_people),
            "api:firm_reviews": ("get", "/api/v1/firm/reviews/", firm_people),
        },
        writes={
            "api:team_actions, adding one": (
                {"title": "Agree a charter", "horizon": "now"},
                "api actions",
            ),
            "api:team_action": ({"notes": "Owner to confirm", "status": "done"}, "api actions"),
        },
        statuses={
            "api:team_actions, adding one": expect(
                201, **no_account, member=403, teammate=201, outsider=404, staff=404
            ),
            "api:team_action": team_people,
        },
        states={"api actions": _actions},
    )
