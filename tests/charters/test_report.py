"""The report says where the answers go against the published charter that applies."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from assessments.charters import services
from assessments.charters.services import PrincipleIn
from assessments.charters.template import charter_template
from frameworks.audiences import PRODUCT_ROLES, roles_named
from frameworks.models import Statement
from tests.factories import DepartmentFactory, answer_all, open_round

pytestmark = pytest.mark.django_db

ROADMAP = PrincipleIn("Product managers make the final call", "", "pm-decides-roadmap")
TESTING = PrincipleIn("We check ideas first", "", "test-before-building")
HEADING = "Where the answers go against your charter"


def publish(organisation, owner, *principles, department=None):
    services.charter_save(
        organisation=organisation,
        department=department,
        principles=list(principles),
        note="",
        user=owner,
        publish=True,
    )


@pytest.fixture
def shipped_round(organisation, team, shipped_version, owner):
    return open_round(organisation, team, shipped_version, owner)


def team_report(client, user, assessment, team):
    client.force_login(user)
    path = reverse("orgs:report_team", args=[assessment.organisation.slug, assessment.pk, team.pk])
    return client.get(path).content.decode()


def test_a_warning_sign_that_still_shows_contradicts_the_charter(
    client, organisation, owner, team, shipped_round
):
    publish(organisation, owner, ROADMAP)
    answer_all(shipped_round, team, 3, agree="agree")
    html = team_report(client, owner, shipped_round, team)
    assert HEADING in html
    assert (
        "Your charter says: Product managers make the final call. Yet 100% of the 3 people who "
        "answered it say: “One-off customer deals often push planned work off our roadmap.”"
    ) in html


def product_practice(version):
    """A template principle that links a practice the version asks of product people only,
    with that statement and the warning signs the principle also links (read from the content,
    so the tests follow it from version to version)."""
    statements = {s.key: s for s in Statement.objects.filter(version=version)}
    for principle in charter_template().principles:
        for link in principle.links:
            found = statements.get(link.statement)
            if (
                link.expect == "met"
                and found is not None
                and roles_named(found.audience) == PRODUCT_ROLES
            ):
                signs = [
                    statements[x.statement]
                    for x in principle.links
                    if x.expect == "absent" and x.statement in statements
                ]
                return PrincipleIn(principle.title, "", principle.key), found, signs
    raise AssertionError("no template principle links a practice for product people only")


def test_a_practice_not_in_place_contradicts_the_charter(
    client, organisation, owner, team, shipped_round
):
    principle, practice, signs = product_practice(shipped_round.framework_version)
    publish(organisation, owner, principle)
    answer_all(shipped_round, team, 5, agree="disagree")
    html = team_report(client, owner, shipped_round, team)
    # Asked of product people only: the three product managers of the five rated it.
    assert (
        f"Your charter says: {principle.title}. Yet none of the 3 people who answered it say: "
        f"\u201c{escape(practice.text)}\u201d"
    ) in html
    findings = html.split(HEADING)[1].split("</section>")[0]
    assert signs  # a warning sign everyone says is absent is no finding
    for sign in signs:
        assert escape(sign.text) not in findings


def test_a_statement_for_product_people_is_not_told_from_fewer_than_the_threshold(
    client, organisation, owner, team, shipped_round
):
    """Two product managers of three: in an anonymous round their answers are not shown apart
    from everyone else's, so the charter finding is not stated on their word alone."""
    principle, practice, _ = product_practice(shipped_round.framework_version)
    publish(organisation, owner, principle)
    answer_all(shipped_round, team, 3, agree="disagree")
    html = team_report(client, owner, shipped_round, team)
    assert f"people who answered it say: \u201c{escape(practice.text)}" not in html
    assert "Rated by too few people to count" in html  # said as it is: not rated


def test_nothing_is_said_when_the_answers_agree_with_the_charter(
    client, organisation, owner, team, shipped_round
):
    publish(organisation, owner, TESTING, PrincipleIn("Our own words, linked to nothing"))
    answer_all(shipped_round, team, 3, agree="agree")
    assert HEADING not in team_report(client, owner, shipped_round, team)


def test_nothing_is_said_without_a_published_charter(
    client, organisation, owner, team, shipped_round
):
    services.charter_save(
        organisation=organisation, department=None, principles=[ROADMAP], note="", user=owner
    )
    answer_all(shipped_round, team, 3, agree="agree")
    assert HEADING not in team_report(client, owner, shipped_round, team)


def test_a_withheld_report_shows_nothing_of_the_charter(
    client, organisation, owner, team, shipped_round
):
    publish(organisation, owner, ROADMAP)
    answer_all(shipped_round, team, 1, agree="agree")
    assert HEADING not in team_report(client, owner, shipped_round, team)


def test_the_departments_own_charter_applies_instead_of_the_organisations(
    client, organisation, owner, team, shipped_round
):
    publish(organisation, owner, ROADMAP)
    publish(organisation, owner, TESTING, department=team.department)
    answer_all(shipped_round, team, 3, agree="agree")
    assert HEADING not in team_report(client, owner, shipped_round, team)
    # Another department's charter is not this team's.
    publish(organisation, owner, TESTING, department=DepartmentFactory(organisation=organisation))
    round_path = reverse("orgs:report", args=[organisation.slug, shipped_round.pk])
    assert HEADING in client.get(round_path).content.decode()  # the round reads the org's
