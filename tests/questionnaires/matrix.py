"""The questionnaires room's rows of the permission matrix (tests/test_permissions.py).

Organisation admins and consultants see and adapt the questionnaires; anyone else in the
organisation gets a 403, and anyone outside it a 404. The world's client fork is a draft
owned by the organisation (its admins and consultants change it); the firm fork is a draft
owned by the firm serving it (only the firm's consultants change it; the client's admin
reads it)."""

from __future__ import annotations

from typing import Any

from tests.matrix_rows import Expect, MatrixRows

ROOM = "/o/{org}/questionnaires/"
FORK = ROOM + "{client_fork}/"
STATEMENT = FORK + "statements/{fork_statement}/"
DESCRIPTOR = FORK + "descriptors/{fork_descriptor}/"
RECOMMENDATION = FORK + "recommendations/{fork_recommendation}/"
ADD_STATEMENT = FORK + "statements/new/?enabler={enabler_key}"
ADD_RECOMMENDATION = FORK + "recommendations/new/?enabler={enabler_key}"

RECOMMENDATION_BODY = {
    "title": "Write down who decides what",
    "step": "immature-managed",
    "why": "So decisions stop bouncing between teams.",
    "done": "A page everyone can find.",
    "effort": "S",
    "decided_by": "team",
}


def _fork_versions(world: dict[str, Any]) -> Any:
    from frameworks.models import FrameworkVersion

    return FrameworkVersion.objects.filter(organisation__slug=world["org"]).count()


def _status(key: str) -> Any:
    def read(world: dict[str, Any]) -> Any:
        from frameworks.models import FrameworkVersion

        return FrameworkVersion.objects.get(pk=world[key]).status

    return read


def _statements(world: dict[str, Any]) -> Any:
    from frameworks.models import Statement

    return list(
        Statement.objects.filter(version_id=world["client_fork"])
        .order_by("order", "pk")
        .values_list("pk", "text", "level_id")
    )


def _descriptor(world: dict[str, Any]) -> Any:
    from frameworks.models import LevelDescriptor

    return LevelDescriptor.objects.get(pk=world["fork_descriptor"]).text


def _recommendations(world: dict[str, Any]) -> Any:
    from frameworks.models import Recommendation

    return list(
        Recommendation.objects.filter(version_id=world["client_fork"])
        .order_by("pk")
        .values_list("pk", "title", "why")
    )


def questionnaire_rows(expect: Expect, login: dict[str, int]) -> MatrixRows:
    """Every page and write of the room, for every kind of visitor."""
    managers = {**login, "member": 403, "team_lead": 403, "outsider": 404, "staff": 404}
    page = expect(200, **managers)
    post = expect(302, **managers)
    form = expect(400, **managers)  # an empty POST: the form again, with its reasons
    saved = {**form, "owner": 302, "consultant": 302}
    return MatrixRows(
        urls={
            "orgs:questionnaires": ("get", ROOM, page),
            "orgs:questionnaire_fork": ("post", ROOM + "fork/", form),
            "orgs:questionnaire": ("get", FORK, page),
            "orgs:questionnaire_preview": ("get", FORK + "preview/?section={enabler_key}", page),
            "orgs:questionnaire_publish": ("post", FORK + "publish/", post),
            "orgs:questionnaire_statement_add": ("get", ADD_STATEMENT, page),
            "questionnaire statement, added": ("post", ADD_STATEMENT, form),
            "orgs:questionnaire_statement_edit": ("get", STATEMENT, page),
            "questionnaire statement, saved": ("post", STATEMENT, form),
            "orgs:questionnaire_statement_remove": ("post", STATEMENT + "remove/", post),
            "orgs:questionnaire_statement_move": ("post", STATEMENT + "move/", post),
            "orgs:questionnaire_descriptor_edit": ("get", DESCRIPTOR, page),
            "questionnaire descriptor, saved": ("post", DESCRIPTOR, form),
            "orgs:questionnaire_recommendation_add": ("get", ADD_RECOMMENDATION, page),
            "questionnaire recommendation, added": ("post", ADD_RECOMMENDATION, form),
            "orgs:questionnaire_recommendation_edit": ("get", RECOMMENDATION, page),
            "questionnaire recommendation, saved": ("post", RECOMMENDATION, form),
            "orgs:questionnaire_recommendation_remove": ("post", RECOMMENDATION + "remove/", post),
            # The firm's fork: the client's admin reads it; only the firm's consultants change it.
            "the firm's questionnaire": ("get", ROOM + "{firm_fork}/", page),
            "the firm's questionnaire, published": (
                "post",
                ROOM + "{firm_fork}/publish/",
                expect(302, **managers, owner=403, consultant=302),
            ),
        },
        writes={
            "orgs:questionnaire_fork": (
                {"base": "{base_version}", "label": "0.9-ours", "owner": "organisation"},
                "adapted versions",
            ),
            "orgs:questionnaire_publish": ({}, "client fork status"),
            "the firm's questionnaire, published": ({}, "firm fork status"),
            "questionnaire statement, added": (
                {
                    "text": "We agree the week's priorities on Monday.",
                    "level": "{fork_level}",
                    "audience": "everyone",
                },
                "fork statements",
            ),
            "questionnaire statement, saved": (
                {
                    "text": "We keep a written charter.",
                    "level": "{fork_level}",
                    "audience": "everyone",
                    "meaning": "same",
                },
                "fork statements",
            ),
            "orgs:questionnaire_statement_remove": ({}, "fork statements"),
            "orgs:questionnaire_statement_move": ({"direction": "up"}, "fork statements"),
            "questionnaire descriptor, saved": ({"text": "Mostly reacting."}, "fork descriptor"),
            "questionnaire recommendation, added": (RECOMMENDATION_BODY, "fork recommendations"),
            "questionnaire recommendation, saved": (RECOMMENDATION_BODY, "fork recommendations"),
            "orgs:questionnaire_recommendation_remove": ({}, "fork recommendations"),
        },
        statuses={
            "orgs:questionnaire_fork": saved,
            "questionnaire statement, added": saved,
            "questionnaire statement, saved": saved,
            "questionnaire descriptor, saved": saved,
            "questionnaire recommendation, added": saved,
            "questionnaire recommendation, saved": saved,
        },
        states={
            "adapted versions": _fork_versions,
            "client fork status": _status("client_fork"),
            "firm fork status": _status("firm_fork"),
            "fork statements": _statements,
            "fork descriptor": _descriptor,
            "fork recommendations": _recommendations,
        },
    )
