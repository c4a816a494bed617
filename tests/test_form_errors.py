"""Every form, sent back empty, ties each error to its field (WCAG 3.3.1, 1.3.1, 4.1.2).

For every page the permission matrix knows, as every role that may see it, each form that
posts something a person fills in is sent with that left empty. On the page that comes back
(and on every page as first shown), each `aria-describedby` names an element that exists,
each field marked `aria-invalid="true"` is described by its message, each message describes
a field marked invalid, and the error summary's links go to a field that is there.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from tests.factories import answer_all, build_url_world
from tests.form_errors import FormPost, empty_posts, error_markup_problems
from tests.test_permissions import MATRIX, ROLES

# Django's admin is staff-only and not our design; the API answers JSON, and its documentation
# page is Swagger UI's (tests/api/test_docs.py checks it keeps our CSP).
NOT_OURS = ("admin:", "healthz", "api:")
FILES = (".csv", ".xlsx", ".json", ".pdf", ".ics", "/download", "/file")  # downloads, not pages

pytestmark = pytest.mark.django_db

# The forms the brief names, by the URL they post to: each must be reached in its error state.
MUST_REACH = {
    "orgs:assessment_create",
    "orgs:charter_edit",
    "orgs:questionnaire_statement_edit",
    "orgs:review_create",
    "orgs:review_edit",
    "orgs:review_evidence_add",
    "orgs:review_moderate",
    "login",
    "signup",
}


def pages_for(role: str, world: dict) -> list[str]:
    """Every HTML page the matrix says this visitor may open."""
    return [
        template.format(**world)
        for name, (method, template, expected) in MATRIX.items()
        if method == "get"
        and expected[role] == 200
        and not name.startswith(NOT_OURS)
        and not template.split("?")[0].endswith(FILES)
    ]


def client_for(role: str, world: dict) -> Client:
    client = Client()
    if role in world["users"]:
        client.force_login(world["users"][role])
    return client


def url_name(path: str) -> str:
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return path
    return f"{match.namespace}:{match.url_name}" if match.namespace else str(match.url_name)


def error_states(world: dict) -> tuple[dict[str, str], dict[str, str]]:
    """Every page as first shown and every form's error state, by where they were seen."""
    shown: dict[str, dict[str, str]] = {}
    for role in ROLES:
        client = client_for(role, world)
        shown[role] = {}
        for page in pages_for(role, world):
            response = client.get(page)
            if response.status_code == 200 and "text/html" in response["Content-Type"]:
                shown[role][page] = response.content.decode()
    every = {
        f"{role} {page}": html for role, pages in shown.items() for page, html in pages.items()
    }
    return every, send_forms_empty(world, shown)


def send_forms_empty(world: dict, shown: dict[str, dict[str, str]]) -> dict[str, str]:
    """Each distinct form on the pages each role was shown, sent back empty as that role:
    the pages that came back with errors, by who sent what to where."""
    errors: dict[str, str] = {}
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for role, pages in shown.items():
        client = client_for(role, world)
        for page, html in pages.items():
            for post in empty_posts(html, page):
                if (post.action, post.fields) not in seen:
                    seen.add((post.action, post.fields))
                    _send(client, role, post, errors)
    return errors


def _send(client: Client, role: str, post: FormPost, errors: dict[str, str]) -> None:
    response = client.post(post.action, post.data)
    html = response.content.decode() if "text/html" in response.get("Content-Type", "") else ""
    if 'aria-invalid="true"' in html or "data-error-summary" in html:
        where = f"{role} {post.action} {url_name(post.action)} (empty {', '.join(post.fields)})"
        errors[where] = html


@pytest.mark.long
def test_every_form_ties_its_errors_to_its_fields():
    world = build_url_world()
    from assessments.models import Assessment, Team

    answer_all(
        Assessment.objects.get(pk=world["assessment"]), Team.objects.get(pk=world["team"]), 3
    )
    shown, errors = error_states(world)
    reached = {where.split(" ")[2] for where in errors}
    assert MUST_REACH - reached == set(), sorted(errors)
    assert len(errors) >= 25, sorted(errors)  # 28 when written
    problems = {
        where: found
        for where, html in [*shown.items(), *errors.items()]
        if (found := error_markup_problems(html))
    }
    assert problems == {}
