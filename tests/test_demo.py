"""The demo organisation that `make run` loads."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from assessments.models import Answer, Assessment, Department, Organisation, Respondent, Team

pytestmark = pytest.mark.django_db


def test_the_demo_has_departments_teams_two_rounds_and_varied_answers(sample_version):
    call_command("load_demo", force=True, stdout=StringIO())
    org = Organisation.objects.get(slug="brightwater")
    assert Department.objects.filter(organisation=org).count() == 3
    assert Team.objects.filter(organisation=org).count() == 8
    baseline, current = Assessment.objects.filter(organisation=org).order_by("opens_at")
    assert baseline.closes_at < current.opens_at
    assert 50 <= baseline.respondents.count() <= 75
    # The current round is under way: some submitted, some part-way, some not started.
    submitted = current.respondents.filter(submitted_at__isnull=False).count()
    assert 0 < submitted < current.respondents.count()
    assert current.invitations.filter(kind="personal", respondents__isnull=True).exists()
    # Teams disagree internally: some statement gets both ends of the scale within one team.
    split = False
    for team in Team.objects.filter(organisation=org):
        scores = {}
        for a in Answer.objects.filter(
            respondent__team=team, respondent__assessment=baseline
        ).select_related("option"):
            if a.option.score is not None:
                scores.setdefault(a.statement_id, set()).add(a.option.score)
        split = split or any(min(s) <= 25 and max(s) >= 75 for s in scores.values())
    assert split
    assert Respondent.objects.exclude(role="").values("role").distinct().count() >= 5


def test_loading_the_demo_twice_changes_nothing(sample_version):
    call_command("load_demo", force=True, stdout=StringIO())
    counts = (Respondent.objects.count(), Answer.objects.count())
    call_command("load_demo", force=True, stdout=StringIO())
    assert (Respondent.objects.count(), Answer.objects.count()) == counts


def test_demo_accounts_are_refused_in_production(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing to create demo accounts"):
        call_command("load_demo")


def test_demo_logins_print_the_url_the_accounts_and_a_working_respondent_link(
    client, sample_version
):
    call_command("load_demo", force=True, stdout=StringIO())
    out = StringIO()
    call_command("demo_logins", "--url", "http://127.0.0.1:8000/", stdout=out)
    text = out.getvalue()
    assert "pmmaturity is starting at http://127.0.0.1:8000/" in text
    assert "hannah" in text
    assert "pmmaturity-demo" in text
    link = next(line for line in text.splitlines() if "Answer as a respondent" in line).split(
        "8000"
    )[1]
    assert client.get(link).status_code == 200
