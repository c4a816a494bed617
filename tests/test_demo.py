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


def _evidence(answers) -> float:
    values = [
        100 - a.option.score if a.statement.reverse_scored else a.option.score
        for a in answers
        if a.option.score is not None
    ]
    return sum(values) / len(values)


def test_the_demo_findings_come_from_how_people_really_differ(shipped_version):
    from assessments.demo import STATEMENT_COMMENTS
    from assessments.roadmaps import selectors
    from assessments.roadmaps.models import RoadmapAction

    call_command("load_demo", force=True, stdout=StringIO())
    spring, autumn = Assessment.objects.filter(organisation__slug="brightwater").order_by(
        "opens_at"
    )
    assert spring.framework_version == shipped_version
    answers = Answer.objects.select_related("option", "statement", "respondent")

    # Splits follow roles: in Mobile App, leaders and product people rate strategy far
    # higher than the engineers and designers who live with the backlog.
    strategy = answers.filter(
        respondent__assessment=spring,
        respondent__team__name="Mobile App",
        statement__enabler__key="strategy-roadmaps-portfolio",
    )
    upbeat = _evidence(strategy.filter(respondent__role__in=["leadership", "product_manager"]))
    makers = _evidence(strategy.filter(respondent__role__in=["engineer", "designer"]))
    assert upbeat - makers >= 30

    # Every comment fits its statement and the answer beside it.
    commented = answers.exclude(comment="")
    assert commented.count() >= 10
    for a in commented:
        agrees, disagrees = STATEMENT_COMMENTS[a.statement.key]
        assert a.comment == (agrees if (a.option.score or 0) > 50 else disagrees)

    # Statements for product people were put to product roles only.
    assert not answers.filter(statement__audience="product").exclude(
        respondent__role__in=Respondent.PRODUCT_ROLES
    )

    # Progress between rounds only where Checkout did (or started) its roadmap actions.
    road = selectors.roadmap_of(spring, Team.objects.get(name="Checkout"))
    worked_on = {
        pk
        for action in road.actions.filter(
            status__in=[RoadmapAction.Status.DONE, RoadmapAction.Status.IN_PROGRESS],
            recommendation__isnull=False,
        )
        for pk in action.recommendation.statements.values_list("pk", flat=True)
    }
    assert worked_on

    def change(statements):
        mine = answers.filter(
            respondent__team__name="Checkout", respondent__submitted_at__isnull=False
        )
        later = _evidence(mine.filter(respondent__assessment=autumn, statement__in=statements))
        earlier = _evidence(mine.filter(respondent__assessment=spring, statement__in=statements))
        return later - earlier

    rest = shipped_version.statement_set.exclude(pk__in=worked_on)
    assert change(worked_on) >= 15
    assert abs(change(rest)) <= 8

    # Product people pulled into sales support show up as the firefighting gap, and product
    # owners are named as leaders where they lead.
    partner = selectors.team_report(spring, Team.objects.get(name="Partner API"))
    gaps = {row.activity.key: row.result.gaps for row in partner.activities}
    assert "product-leads" in gaps["sales-support"]
    checkout = selectors.team_report(spring, Team.objects.get(name="Checkout"))
    leaders = {row.activity.key: row.result.top_leader for row in checkout.activities}
    assert leaders["requirements"] == "product-owner"
