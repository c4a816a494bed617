"""Autosave: cheap enough to run on every change, and never wrong about what it saved."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.rounds import selectors, services
from assessments.rounds.access import respondent_from_token
from assessments.rounds.models import ActivityAnswer, Answer, Respondent
from frameworks.models import Activity, ActivityLeader, ScaleOption, Statement
from tests.factories import personal_link_for

pytestmark = pytest.mark.django_db


def option(version, key, scale="agreement"):
    return ScaleOption.objects.get(version=version, scale__key=scale, key=key).pk


def statement(version, key):
    return Statement.objects.get(version=version, key=key).pk


def activity(version, key):
    return Activity.objects.get(version=version, key=key).pk


def leader(version, key):
    return ActivityLeader.objects.get(version=version, key=key).pk


def save_url(token):
    return reverse("respond:autosave", kwargs={"token": token})


def start(client, token, role):
    client.post(reverse("respond:start", kwargs={"token": token}), {"role": role})


@pytest.fixture
def engineer(client, personal_link, sample_version):
    """An engineer who has saved already: the version is frozen and its questionnaire kept."""
    invitation, token = personal_link
    start(client, token, "engineer")
    for _ in range(2):  # the first freezes the version, the second keeps its questionnaire
        client.post(
            save_url(token),
            {f"s-{statement(sample_version, 'p-fire')}": option(sample_version, "agree")},
        )
    return token, Respondent.objects.get(invitation=invitation)


# --- what it costs ---------------------------------------------------------------------------


def test_an_autosave_takes_at_most_three_queries(client, engineer, sample_version):
    token, respondent = engineer
    charter = statement(sample_version, "p-charter")
    data = {f"s-{charter}": option(sample_version, "disagree")}
    # One read (the respondent, their link and round, what they answered, which statements
    # the round asks) and one upsert. The questionnaire comes from the process's cache, the
    # version is frozen already.
    with CaptureQueriesContext(connection) as queries:
        assert client.post(save_url(token), data).status_code == 200
    assert len(queries) == 2, [q["sql"] for q in queries]
    # Once a minute the save also notes when the respondent last saved: the third.
    Respondent.objects.filter(pk=respondent.pk).update(
        last_saved_at=timezone.now() - timedelta(minutes=2)
    )
    with CaptureQueriesContext(connection) as queries:
        client.post(save_url(token), {f"c-s-{charter}": "Not sure."})
    assert len(queries) == 3, [q["sql"] for q in queries]
    last_saved = Respondent.objects.get(pk=respondent.pk).last_saved_at
    assert last_saved is not None
    assert last_saved > timezone.now() - timedelta(minutes=1)


def test_answering_everything_one_change_at_a_time_takes_at_most_three_queries_a_save(
    client, engineer, assessment, team, sample_version
):
    # Someone new on a round already answered (the version is frozen and its questionnaire
    # kept), who answers every question asked, one change at a time, and then comments.
    invitation = services.invitation_create_personal(
        assessment=assessment, team=team, email="bo@example.com"
    )
    token = services.invitation_token(invitation)
    start(client, token, "engineer")
    q = selectors.questionnaire(assessment, "engineer")
    agree, nobody = option(sample_version, "agree"), leader(sample_version, "nobody")
    items = [s.pk for section in q.sections for s in section.statements]
    changes = [{f"s-{pk}": agree} for pk in items]
    changes += [{f"a-{a.pk}-leader": nobody} for section in q.sections for a in section.activities]
    changes.append({f"c-s-{items[0]}": "Mostly."})
    counts = []
    for change in changes:
        with CaptureQueriesContext(connection) as queries:
            reply = client.post(save_url(token), change)
        assert reply.status_code == 200, reply.content
        counts.append(len(queries))
    # The first save also notes when they last saved; the others, within the minute, need not.
    assert counts == [3] + [2] * (len(changes) - 1)
    assert reply.json()["progress"]["answered"] == q.total
    assert Answer.objects.filter(respondent__invitation=invitation).count() == len(items)


@pytest.mark.django_db(transaction=True)  # a connection closed inside a transaction stays closed
def test_a_save_on_a_new_database_connection_reads_as_before(client, engineer, sample_version):
    """After a database blip the next save opens another connection: on PostgreSQL the read
    is prepared again on it (a prepared statement lives as long as its connection)."""
    token, respondent = engineer
    charter = statement(sample_version, "p-charter")
    connection.close()  # as after a restart of the database: the next save opens another
    reply = client.post(save_url(token), {f"s-{charter}": option(sample_version, "agree")})
    assert reply.status_code == 200, reply.content
    assert Answer.objects.get(respondent=respondent, statement_id=charter).option_id == option(
        sample_version, "agree"
    )


def test_several_quick_changes_in_one_request_cost_one_upsert(client, engineer, sample_version):
    token, _ = engineer
    data = {
        f"s-{statement(sample_version, 'p-fire')}": option(sample_version, "disagree"),
        f"s-{statement(sample_version, 'p-charter')}": option(sample_version, "agree"),
    }
    with CaptureQueriesContext(connection) as queries:
        client.post(save_url(token), data)
    assert len(queries) == 2
    assert sum(q["sql"].startswith("INSERT") for q in queries) == 1


def test_a_submitted_respondent_s_autosave_also_marks_the_results_stale(
    client, engineer, sample_version
):
    token, respondent = engineer
    services.respondent_submit(respondent=respondent)
    data = {f"s-{statement(sample_version, 'p-charter')}": option(sample_version, "agree")}
    # The round is marked stale already (by the submit): its results are refreshed soon.
    with CaptureQueriesContext(connection) as queries:
        assert client.post(save_url(token), data).status_code == 200
    # Two more than a save of someone who has not submitted: the results marked stale, in the
    # same transaction as the answer (whose BEGIN and COMMIT, two more statements, don't show
    # inside a test's transaction), and, as they were marked already, the mark moved a
    # microsecond so a refresh already running knows its results miss this answer.
    assert len(queries) == 4, [q["sql"] for q in queries]
    assert any("results_stale_since" in q["sql"] for q in queries)


# --- the questionnaire, kept per frozen version -------------------------------------------------


def test_a_draft_version_s_questionnaire_is_built_every_time(assessment, sample_version):
    assert not sample_version.is_frozen
    with CaptureQueriesContext(connection) as first:
        selectors.questionnaire(assessment, "engineer")
    with CaptureQueriesContext(connection) as again:
        selectors.questionnaire(assessment, "engineer")
    assert len(again) == len(first) > 1
    # Content still changes before the version is frozen, and shows at once.
    enabler = sample_version.enabler_set.get()
    Statement.objects.create(
        version=sample_version,
        enabler=enabler,
        level=sample_version.level_set.first(),
        key="p-new",
        text="A new statement.",
        order=9,
    )
    texts = [s.text for s in selectors.questionnaire(assessment, "engineer").sections[0].statements]
    assert "A new statement." in texts


def test_a_frozen_version_s_questionnaire_is_built_once_per_kind_of_respondent(
    assessment, sample_version
):
    from frameworks.services import version_freeze

    version_freeze(version=sample_version)
    assessment.framework_version.refresh_from_db()
    product = selectors.questionnaire(assessment, "product_manager")
    with CaptureQueriesContext(connection) as queries:
        again = selectors.questionnaire(assessment, "product_owner")
    assert again is product
    assert len(queries) == 1  # only which statements the round asks, if it is a re-check
    engineer = selectors.questionnaire(assessment, "engineer")
    lead = statement(sample_version, "p-lead")  # for product people only
    assert lead in product.statement_sections
    assert lead not in engineer.statement_sections
    assert engineer.total == product.total - 1
    assert selectors.questionnaire(assessment, "designer") is engineer
    assert selectors.questionnaire(assessment) is product  # no role: every question


def test_a_re_check_round_keeps_its_own_questionnaire(assessment, sample_version):
    from frameworks.services import version_freeze

    version_freeze(version=sample_version)
    assessment.framework_version.refresh_from_db()
    full = selectors.questionnaire(assessment, "engineer")
    assessment.only_statements.set([statement(sample_version, "p-charter")])
    recheck = selectors.questionnaire(assessment, "engineer")
    assert recheck is not full
    assert list(recheck.statement_sections) == [statement(sample_version, "p-charter")]


# --- saving ----------------------------------------------------------------------------------


def test_each_save_changes_only_the_fields_it_carries(client, engineer, sample_version):
    token, respondent = engineer
    fire = statement(sample_version, "p-fire")
    research = activity(sample_version, "market-research")
    pm = leader(sample_version, "product-management")
    well = option(sample_version, "well", "performance")
    client.post(save_url(token), {f"c-s-{fire}": "Most days."})
    client.post(save_url(token), {f"a-{research}-perf": well})
    client.post(save_url(token), {f"a-{research}-leader": pm, f"c-a-{research}": "Us."})
    # A choice on one item and a comment on another, in the same request.
    client.post(
        save_url(token),
        {f"s-{fire}": option(sample_version, "dont-know"), f"c-a-{research}": ""},
    )
    answer = Answer.objects.get(respondent=respondent, statement_id=fire)
    assert (answer.option_id, answer.comment) == (option(sample_version, "dont-know"), "Most days.")
    about = ActivityAnswer.objects.get(respondent=respondent, activity_id=research)
    assert (about.leader_id, about.performance_id, about.comment) == (pm, well, "")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_shipped_content")
def test_two_tabs_saving_the_same_item_at_once_both_succeed(engineer, sample_version):
    """Eight saves of one statement at once (tabs, double clicks): none fails, one row."""
    token, respondent = engineer
    fire = statement(sample_version, "p-fire")
    choices = [option(sample_version, k) for k in ("agree", "disagree")]
    start_together = threading.Barrier(8)
    failed: list[Exception] = []

    def save_once(n: int) -> None:
        found = respondent_from_token(token)
        assert isinstance(found, Respondent)
        found.assessment = found.invitation.assessment
        values = {"option_id": choices[n % 2], "comment": f"tab {n}"}
        services.answers_save(respondent=found, statements={fire: values}, activities={})

    def save(n: int) -> None:
        start_together.wait()
        try:
            while True:
                try:
                    return save_once(n)
                except OperationalError:  # SQLite in memory fails a busy table at once
                    time.sleep(0.01)
        except Exception as error:  # reported by the test, in the main thread
            failed.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failed == []
    answer = Answer.objects.get(respondent=respondent, statement_id=fire)
    assert answer.option_id in choices
    assert answer.comment.startswith("tab ")


def test_progress_counts_what_is_done_for_the_questions_asked(
    client, personal_link, sample_version
):
    invitation, token = personal_link
    start(client, token, "product_manager")
    research, build = (activity(sample_version, k) for k in ("market-research", "design-build"))
    lead, fire = statement(sample_version, "p-lead"), statement(sample_version, "p-charter")
    steps = [
        ({f"s-{lead}": option(sample_version, "agree")}, 1, {"purpose": 1}),
        ({f"c-s-{fire}": "A comment is not an answer."}, 1, {"purpose": 1}),
        # Who leads it, but not yet how well: not done. Nobody leads it: done, no rating.
        ({f"a-{research}-leader": leader(sample_version, "product-management")}, 1, {}),
        ({f"a-{build}-leader": leader(sample_version, "nobody")}, 2, {"activities-inbound": 1}),
        ({f"a-{research}-perf": option(sample_version, "poorly", "performance")}, 3, {}),
    ]
    for data, answered, sections in steps:
        body = client.post(save_url(token), data).json()
        assert body["progress"]["answered"] == answered
        assert body["sections"].items() >= sections.items()
    assert body["progress"] == {"answered": 3, "total": 5, "percent": 60}
    assert body["sections"] == {"purpose": 1, "activities-strategic": 1, "activities-inbound": 1}
    # The same as the pages count, from every answer.
    respondent = Respondent.objects.get(invitation=invitation)
    q = selectors.questionnaire(respondent.assessment, respondent.role)
    assert selectors.response_state(respondent, q).answered(q) == 3
    # An engineer is not asked the statement for product people: its answer no longer counts.
    Respondent.objects.filter(pk=respondent.pk).update(role="engineer")
    body = client.post(save_url(token), {f"c-s-{fire}": "Still no answer."}).json()
    assert body["progress"] == {"answered": 2, "total": 4, "percent": 50}


def test_a_bad_value_is_a_400_that_names_the_field_and_saves_the_rest(
    client, engineer, sample_version
):
    token, respondent = engineer
    fire, charter = statement(sample_version, "p-fire"), statement(sample_version, "p-charter")
    response = client.post(
        save_url(token),
        {
            f"s-{fire}": "not-a-number",
            f"s-{charter}": option(sample_version, "agree"),
            f"c-s-{charter}": "x" * 2001,
        },
    )
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False
    assert body["errors"] == {
        f"s-{fire}": "That is not one of the choices for this statement. Please choose again.",
        f"c-s-{charter}": "Comments can be up to 2,000 characters; this one has 2,001. "
        "Shorten it and it will be saved.",
    }
    assert body["progress"]["answered"] == 2
    saved = Answer.objects.get(respondent=respondent, statement_id=charter)
    assert (saved.option_id, saved.comment) == (option(sample_version, "agree"), "")


def test_an_answer_for_another_round_s_version_is_refused(client, engineer, shipped_version):
    token, _ = engineer
    other = shipped_version.statement_set.first()
    agree = ScaleOption.objects.filter(version=shipped_version, scale__key="agreement")[0]
    response = client.post(save_url(token), {f"s-{other.pk}": agree.pk})
    assert response.status_code == 200
    assert response.json()["saved"] == 0
    assert not Answer.objects.filter(statement=other).exists()


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ("revoke", "This link has been withdrawn"),
        ("close", "This assessment has closed"),
        ("not_open", "This assessment has not opened yet"),
    ],
)
def test_a_respondent_s_save_on_a_link_that_cannot_be_used_says_why_and_saves_nothing(
    client, engineer, sample_version, change, says
):
    token, respondent = engineer
    assessment = respondent.assessment
    if change == "revoke":
        services.invitation_revoke(invitation=respondent.invitation)
    elif change == "close":
        services.assessment_close(assessment=assessment)
    else:
        assessment.opens_at = timezone.now() + timedelta(days=1)
        assessment.closes_at = timezone.now() + timedelta(days=2)
        assessment.save()
    charter = statement(sample_version, "p-charter")
    response = client.post(save_url(token), {f"s-{charter}": option(sample_version, "agree")})
    assert response.status_code == 410
    assert response.json()["ok"] is False
    assert response.json()["message"].startswith(says)
    assert not Answer.objects.filter(respondent=respondent, statement_id=charter).exists()


def test_a_save_on_a_link_nobody_has_is_a_410_not_an_error(client, db):
    response = client.post(save_url("not-a-real-token-at-all-0123456789abcdef"), {"s-1": "1"})
    assert response.status_code == 410
    assert response.json()["message"].startswith("We don\u2019t recognise this link")


def test_the_first_save_of_a_personal_link_records_the_respondent(client, assessment, team):
    _, token = personal_link_for(assessment, team)
    version = assessment.framework_version
    assert Respondent.objects.count() == 0
    response = Client().post(
        save_url(token), {f"s-{statement(version, 'p-fire')}": option(version, "agree")}
    )
    assert response.status_code == 200
    assert Answer.objects.get().respondent == Respondent.objects.get()


def test_progress_after_any_sequence_of_saves_matches_a_full_count(
    client, personal_link, sample_version
):
    """Autosave counts progress from what it read before saving and what it saved; a page
    counts it from every answer. Forty random saves later, they still agree."""
    import random

    invitation, token = personal_link
    start(client, token, "product_manager")
    respondent = Respondent.objects.get(invitation=invitation)
    statements = list(sample_version.statement_set.values_list("pk", flat=True))
    activities = list(sample_version.activity_set.values_list("pk", flat=True))
    agreement = list(
        ScaleOption.objects.filter(version=sample_version, scale__key="agreement").values_list(
            "pk", flat=True
        )
    )
    performance = list(
        ScaleOption.objects.filter(version=sample_version, scale__key="performance").values_list(
            "pk", flat=True
        )
    )
    leaders = list(sample_version.activityleader_set.values_list("pk", flat=True))
    fields = [(f"s-{pk}", agreement) for pk in statements]
    fields += [(f"c-s-{pk}", ["a comment", ""]) for pk in statements]
    fields += [(f"a-{pk}-leader", leaders) for pk in activities]
    fields += [(f"a-{pk}-perf", performance) for pk in activities]
    rng = random.Random(11)
    for _ in range(40):
        data = {name: rng.choice(values) for name, values in rng.sample(fields, rng.randint(1, 3))}
        body = client.post(save_url(token), data).json()
        q = selectors.questionnaire(respondent.assessment, "product_manager")
        state = selectors.response_state(respondent, q)
        assert body["progress"]["answered"] == state.answered(q), data
        assert body["sections"] == {s.key: state.answered_in(s) for s in q.sections}, data


def test_a_re_check_round_saves_and_counts_only_the_statements_it_asks(
    client, personal_link, sample_version
):
    invitation, token = personal_link
    charter, fire = statement(sample_version, "p-charter"), statement(sample_version, "p-fire")
    invitation.assessment.only_statements.set([charter])
    invitation.assessment.include_activities = False
    invitation.assessment.save()
    start(client, token, "engineer")
    agree = option(sample_version, "agree")
    body = client.post(save_url(token), {f"s-{charter}": agree, f"s-{fire}": agree}).json()
    assert body["progress"] == {"answered": 1, "total": 1, "percent": 100}
    assert body["sections"] == {"purpose": 1}
    assert list(Answer.objects.values_list("statement_id", flat=True)) == [charter]
