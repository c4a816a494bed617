"""Started means one thing everywhere: saved at least one answer, submitted or not. The
round's page and the team's report count the same people."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from assessments.models import Assessment
from assessments.rounds import services
from assessments.rounds.selectors import PARTICIPATION_WORDS
from frameworks.models import ScaleOption, Statement
from tests.background import run_tasks
from tests.factories import answer_all

pytestmark = pytest.mark.django_db


def _person(assessment, team, email, *, role="", saves=False):
    invitation = services.invitation_create_personal(
        assessment=assessment, team=team, email=email, name=email.split("@")[0]
    )
    respondent = services.respondent_for_personal_link(invitation=invitation)
    if role:
        services.respondent_set_profile(respondent=respondent, role=role, name=respondent.name)
    if saves:
        version = assessment.framework_version
        statement = Statement.objects.filter(version=version).first()
        option = ScaleOption.objects.filter(version=version, scale__key="agreement").first()
        services.answers_save(
            respondent=respondent,
            statements={statement.pk: {"option_id": option.pk}},
            activities={},
        )
    return respondent


@pytest.fixture
def mixed_team(assessment, team):
    """A named round's team: three submitted, one who saved an answer and stopped, one who
    only chose a role, one who only opened the link."""
    Assessment.objects.filter(pk=assessment.pk).update(anonymity="named")
    assessment.refresh_from_db()
    answer_all(assessment, team, 3)
    _person(assessment, team, "saver@example.com", role="engineer", saves=True)
    _person(assessment, team, "chooser@example.com", role="designer")
    _person(assessment, team, "opener@example.com")
    run_tasks()
    return assessment


def test_the_round_page_and_the_team_report_count_the_same_people_as_started(
    client, owner, mixed_team, team
):
    client.force_login(owner)
    slug = mixed_team.organisation.slug
    page = client.get(reverse("orgs:assessment", args=[slug, mixed_team.pk])).content.decode()
    report = client.get(
        reverse("orgs:report_team", args=[slug, mixed_team.pk, team.pk])
    ).content.decode()
    on_page = int(re.search(r'data-count="started">(\d+)<', page).group(1))
    in_report = int(re.search(r"\((\d+) started, \d+ invited\)", report).group(1))
    assert on_page == in_report == 4  # three submitted and the one who saved an answer
    assert int(re.search(r'data-total="started">(\d+)<', page).group(1)) == 4
    assert "Opened, nothing saved yet" in page  # the chooser and the opener, named
    assert PARTICIPATION_WORDS["started"] in page


def test_the_word_is_explained_once_where_scores_are(client, owner):
    client.force_login(owner)
    page = client.get(reverse("orgs:how_scores_work")).content.decode()
    for word, meaning in PARTICIPATION_WORDS.items():
        assert f"{word.capitalize()}</dt>" in page
        assert meaning[1:] in page
