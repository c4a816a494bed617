"""Bad input to the reviews room's forms, posted by the consultant who may use them all:
a clear message, never a server error. (The shared fuzz test posts as the client's admin,
who gets a 403 before any of these forms reads a field.)"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_malformed_input import NASTY
from tests.test_permissions import MATRIX

pytestmark = pytest.mark.django_db

ROOM = ("/reviews/", "/benchmark/", "/firm/calibration/")
URLS = sorted(
    {
        template
        for method, template, _expected in MATRIX.values()
        if method == "post" and any(part in template for part in ROOM)
    }
)
FIELDS = [
    "title",
    "rounds",
    "teams",
    "consultants",
    "starts_on",
    "due_on",
    "status",
    "kind",
    "enabler",
    "statement",
    "text",
    "url",
    "document",
    "result",
    "reason",
    "evidence",
    "executive_summary",
    "preview",
    "opt_out",
]
values = st.one_of(st.sampled_from(NASTY), st.text(max_size=60), st.integers().map(str))


def test_the_room_has_forms_to_fuzz():
    assert len(URLS) >= 8, URLS


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_form_of_the_room_answers_malformed_input_with_a_server_error(world, data):
    url = data.draw(st.sampled_from(URLS)).format(**world)
    body = data.draw(st.fixed_dictionaries({}, optional=dict.fromkeys(FIELDS, values)))
    client = Client()  # re-raises any exception in a view: that fails the test
    client.force_login(world["users"]["consultant"])
    with transaction.atomic():
        response = client.post(url, body)
        transaction.set_rollback(True)
    assert response.status_code < 500, (url, body)


@pytest.mark.parametrize(
    "value", ["a\x00b", "\x01\x7f", "-1", "9" * 30, "99999-01-01", "x" * 25000]
)
def test_every_form_of_the_room_takes_the_same_bad_value_everywhere(world, value):
    client = Client()
    client.force_login(world["users"]["consultant"])
    for template in URLS:
        body: dict = dict.fromkeys(FIELDS, value)
        body["document"] = SimpleUploadedFile("x.pdf", value.encode(), "application/pdf")
        with transaction.atomic():
            response = client.post(template.format(**world), body)
            transaction.set_rollback(True)
        assert response.status_code < 500, template
