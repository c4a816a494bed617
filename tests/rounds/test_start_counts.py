"""The respondent's intro says how many statements they will be asked: the count depends on
their role (statements meant for product people are put to product roles only)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from assessments.rounds import services
from assessments.rounds.models import Respondent
from assessments.rounds.selectors import questionnaire
from tests.factories import open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped_round(organisation, team, shipped_version, owner):
    return open_round(organisation, team, shipped_version, owner)


def _link(assessment, team, email="ana@example.com"):
    invitation = services.invitation_create_personal(assessment=assessment, team=team, email=email)
    return services.invitation_token(invitation)


def _stated(page: str) -> dict[str, int]:
    """Role label (lower case) -> the number of statements the intro promises it."""
    listed = re.search(r"<ul class=\"lead fs-6\" data-asked>(.*?)</ul>", page, re.S).group(1)
    stated = {}
    for roles, count in re.findall(r"<li>([^:<]+): (\d+) statements?", listed):
        for role in re.split(r", | or ", roles.lower()):
            stated[role] = int(count)
    return stated


@pytest.mark.parametrize("role", Respondent.Role.values)
def test_the_intro_states_the_number_of_statements_each_role_is_asked(
    client, shipped_round, team, role
):
    page = client.get(reverse("respond:start", args=[_link(shipped_round, team)])).content.decode()
    stated = _stated(page)
    label = Respondent.Role(role).label.lower()
    asked = questionnaire(shipped_round, role).statement_count
    assert stated[label] == asked
    # And the questions served once the role is chosen are that many.
    token = _link(shipped_round, team, email=f"{role}@example.com")
    client.post(reverse("respond:start", args=[token]), {"role": role})
    respondent = Respondent.objects.get(invitation__email=f"{role}@example.com")
    served = questionnaire(shipped_round, respondent.role)
    assert sum(len(s.statements) for s in served.sections) == stated[label]


def test_the_roles_are_asked_different_numbers_and_every_role_is_listed(
    client, shipped_round, team
):
    page = client.get(reverse("respond:start", args=[_link(shipped_round, team)])).content.decode()
    stated = _stated(page)
    assert set(stated) == {label.lower() for label in Respondent.Role.labels}
    product = stated["product manager"]
    assert product > stated["engineer"], "product people are asked the statements meant for them"
    assert f"Rate {product} short statements" not in page  # no one number for everybody


def test_when_every_role_is_asked_the_same_the_intro_gives_one_number(client, assessment, team):
    from frameworks.models import Statement

    Statement.objects.filter(version=assessment.framework_version).update(audience="everyone")
    page = client.get(reverse("respond:start", args=[_link(assessment, team)])).content.decode()
    count = questionnaire(assessment, "engineer").statement_count
    assert f"Rate {count} short statement" in page
    assert "depends on your role" not in page


def test_each_group_of_roles_asked_the_same_statements_gets_its_own_count(client, assessment, team):
    from frameworks.models import Statement

    statements = Statement.objects.filter(version=assessment.framework_version)
    statements.filter(key="p-fire").update(audience="leadership")
    statements.filter(key="p-charter").update(audience="product,designer,engineer")
    page = client.get(reverse("respond:start", args=[_link(assessment, team)])).content.decode()

    listed = re.search(r"<ul class=\"lead fs-6\" data-asked>(.*?)</ul>", page, re.S).group(1)
    assert re.findall(r"<li>([^:<]+): (\d+) statements?", listed) == [
        ("Product manager, product owner or product marketing", "2"),
        ("Designer or engineer", "1"),
        ("Leadership", "1"),
        ("Other", "0"),
    ]
    asked = {
        role: {s.key for x in questionnaire(assessment, role).sections for s in x.statements}
        for role in ["product_owner", "engineer", "leadership", "other", ""]
    }
    assert asked == {
        "product_owner": {"p-charter", "p-lead"},
        "engineer": {"p-charter"},
        "leadership": {"p-fire"},
        "other": set(),
        "": set(),  # no role chosen yet: only what is for everyone
    }
    preview = questionnaire(assessment)
    assert {s.key for x in preview.sections for s in x.statements} == {
        "p-fire",
        "p-charter",
        "p-lead",
    }
    # A role asked none of an enabler's statements is not shown the enabler as an empty page.
    assert [x.kind for x in questionnaire(assessment, "other").sections] == ["activities"] * len(
        [x for x in preview.sections if x.kind == "activities"]
    )
