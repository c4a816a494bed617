"""Bad input gets a clear message, never a server error: every form and endpoint, fuzzed."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.roadmaps.models import RoadmapAction
from assessments.rounds.models import Answer, Respondent
from tests.test_permissions import MATRIX

pytestmark = pytest.mark.django_db

# Every URL of the app, posted to as the organisation admin (who may use every form); the
# respondent pages need only the link in the URL.
# /healthz/ reads no input, and answers 503 by design here: no background worker runs.
URLS = sorted({template for _method, template, _expected in MATRIX.values()} - {"/healthz/"})
NASTY = [
    "",
    "\x00",
    "a\x00b",
    "\x01\x1f\x7f",
    "-1",
    "0",
    "1e309",
    "NaN",
    "99999999999999999999999",
    "2026-13-45",
    "to:nowhere",
    "' OR 1=1 --",
    "<script>x</script>",
    "\ufeff",
    "x" * 5000,
]
FIELDS = [
    "name",
    "email",
    "emails",
    "role",
    "team",
    "department",
    "departments",
    "access_code",
    "opens_at",
    "closes_at",
    "framework_version",
    "teams",
    "include_maturity",
    "include_activities",
    "anonymity",
    "min_group_size",
    "auto_remind_days_before_close",
    "follows",
    "follow",
    "carry",
    "previous_link",
    "status",
    "horizon",
    "owner",
    "due_date",
    "notes",
    "title",
    "direction",
    "go",
    "what",
    "next",
    "username",
    "password1",
    "password2",
    # allauth's account forms: login, sign-up, email addresses, password change.
    "login",
    "password",
    "remember",
    "first_name",
    "last_name",
    "oldpassword",
    "action_send",
    "action_remove",
    "action_primary",
    "target-purpose",
    "reason-purpose",
    # The People and teams page: handing the admin role over.
    "to",
    "then_role",
    "then_team",
]
values = st.one_of(st.sampled_from(NASTY), st.text(max_size=60), st.integers().map(str))


def item_fields(world):
    """Questionnaire field names for the world's real statements and activities."""
    names = []
    for pk in world["statements"]:
        names += [f"s-{pk}", f"c-s-{pk}"]
    for pk in world["activities"]:
        names += [f"a-{pk}-leader", f"a-{pk}-perf", f"c-a-{pk}"]
    return names


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_form_or_endpoint_answers_malformed_input_with_a_server_error(world, data):
    url = data.draw(st.sampled_from(URLS)).format(**world)
    # Any of the app's field names may come, each with any value, plus names of no field.
    known = st.fixed_dictionaries({}, optional=dict.fromkeys(FIELDS + item_fields(world), values))
    body = {**data.draw(st.dictionaries(st.text(max_size=20), values, max_size=3))}
    body.update(data.draw(known))
    client = Client()  # re-raises any exception in a view: that fails the test
    client.force_login(world["users"]["owner"])
    with transaction.atomic():  # each example leaves the world as it found it
        response = client.post(url, body)
        transaction.set_rollback(True)
    assert response.status_code < 500, (url, body)


@pytest.mark.parametrize("value", ["a\x00b", "\x01\x7f", "-1", "9" * 30, "x" * 5000])
def test_every_url_takes_the_same_bad_value_in_every_field_without_a_server_error(world, value):
    client = Client()
    client.force_login(world["users"]["owner"])
    body = dict.fromkeys(FIELDS + item_fields(world), value)
    for template in URLS:
        url = template.format(**world)
        with transaction.atomic():
            response = client.post(url, body)
            transaction.set_rollback(True)
        assert response.status_code < 500, url


# The account forms that are for people signed out (the tests above post as the owner).
SIGNED_OUT_FORMS = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]


@pytest.mark.parametrize("value", ["", "a\x00b", "\x01\x7f", "-1", "9" * 30, "x" * 5000, "A@B.C"])
def test_the_account_forms_take_bad_values_signed_out_without_a_server_error(world, value):
    body = dict.fromkeys(FIELDS, value)
    for url in SIGNED_OUT_FORMS:
        with transaction.atomic():
            response = Client().post(url, body)
            transaction.set_rollback(True)
        assert response.status_code < 500, url
        assert response.status_code == 200 or response["Location"] == "/accounts/confirm-email/"


def test_a_nul_byte_in_one_comment_never_blocks_the_answers_sent_with_it(world):
    client = Client()
    first, second = world["statements"][:2]
    option = Answer._meta.get_field("option").related_model.objects.filter(
        version__statement=first, scale__key="agreement", score__isnull=False
    )[0]
    response = client.post(
        f"/r/{world['token']}/save/",
        {f"s-{first}": option.pk, f"c-s-{first}": "fine\x00 really", f"s-{second}": option.pk},
    )
    assert response.status_code == 200, response.content
    respondent = Respondent.objects.get(invitation__pk=world["personal_invitation"])
    saved = {a.statement_id: a for a in respondent.answers.all()}
    assert {first, second} <= set(saved)
    assert saved[first].comment == "fine really"


def test_a_body_in_another_character_set_is_refused_with_a_400(world):
    client = Client()
    response = client.generic(
        "POST",
        f"/r/{world['token']}/save/",
        data="c-s-1=abc".encode("utf-16"),
        content_type="application/x-www-form-urlencoded; charset=utf-16",
    )
    assert response.status_code == 400
    assert b"only UTF-8" in response.content
    ok = client.generic(
        "POST",
        f"/r/{world['token']}/save/",
        data=b"",
        content_type="application/x-www-form-urlencoded; charset=UTF-8",
    )
    assert ok.status_code == 200


def test_an_owner_that_is_not_a_number_is_a_message_not_an_error(world):
    client = Client()
    client.force_login(world["users"]["owner"])
    url = (
        f"/o/{world['org']}/assessments/{world['assessment']}/roadmap/team/{world['team']}"
        f"/actions/{world['action']}/"
    )
    response = client.post(url, {"owner": "abc", "notes": "x\x00y"}, follow=True)
    assert response.status_code == 200
    assert b"The owner must be someone in this organisation" in response.content
    assert RoadmapAction.objects.get(pk=world["action"]).owner_id is None
    client.post(url, {"notes": "x\x00y"})
    assert RoadmapAction.objects.get(pk=world["action"]).notes == "xy"
    client.post(url.split("/actions/")[0] + "/add/", {"title": "A\x01 title", "horizon": "now"})
    assert RoadmapAction.objects.filter(title="A title").exists()


def test_pages_to_read_refuse_a_post_instead_of_doing_the_work(world):
    client = Client()
    client.force_login(world["users"]["owner"])
    base = f"/o/{world['org']}/assessments/{world['assessment']}"
    for path in (
        f"{base}/report/",
        f"{base}/report/export.csv",
        f"{base}/roadmap/team/{world['team']}/summary/",
        f"/o/{world['org']}/",
        f"/o/{world['org']}/exports/",
    ):
        assert client.post(path).status_code == 405, path
        assert client.get(path).status_code == 200, path


def test_an_id_too_large_for_the_database_is_a_404_or_a_form_error(world):
    client = Client()
    client.force_login(world["users"]["owner"])
    huge = "9" * 25
    assert client.get(f"/o/{world['org']}/assessments/{huge}/").status_code == 404
    response = client.post(f"/o/{world['org']}/assessments/new/", {"teams": [huge, "x"]})
    assert response.status_code == 200  # the form again, with its errors
    assert response.context["form"].errors["teams"]
