"""Every GET with parameters and every POST, sent what a fuzzer sends: never a server error.

Unicode digits ("²" is a digit to ``str.isdigit`` but not to ``int``), very long values,
broken multipart bodies, bodies of the wrong type, and uploads larger than we take.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from tests.test_permissions import MATRIX

pytestmark = pytest.mark.django_db

ODD = ["²", "٣", "１２", "1²", "-0", " 7 ", "x" * 20_000, "\x00", "%", "[]"]
# Every query parameter a page of ours reads.
PARAMS = [
    "since",
    "dept",
    "department",
    "role",
    "show",
    "sort",
    "base",
    "enabler",
    "follow",
    "next",
    "personas",
    "section",
    "start",
    "statement",
    "what",
    "page",
    "q",
    # The API's (/api/v1/): a results scope and its id, and a list's page size.
    "scope",
    "id",
    "page_size",
]
# /healthz/ reads no input, and answers 503 by design here: no background worker runs.
HEALTH = "/healthz/"
GETS = sorted({t for method, t, _ in MATRIX.values() if method == "get"} - {HEALTH})
POSTS = sorted({t for _, t, _ in MATRIX.values()} - {HEALTH})
BROKEN = [
    (b"x", "multipart/form-data"),
    (
        b"--XX\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--X",
        "multipart/form-data; boundary=XX",
    ),
    (b"a" * 100, "multipart/form-data; boundary="),
    (b'{"name": "x"', "application/json"),
    (b"<x/>", "text/xml"),
    (b"name=%ZZ&&=", "application/x-www-form-urlencoded"),
]


def _client(world, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf, raise_request_exception=False)
    client.force_login(world["users"]["owner"])
    return client


@pytest.mark.parametrize("value", ODD)
def test_every_page_takes_odd_parameters_without_a_server_error(world, value):
    client = _client(world)
    query = dict.fromkeys(PARAMS, value)
    for template in GETS:
        response = client.get(template.format(**world), query)
        assert response.status_code < 500, (template, value)


@pytest.mark.parametrize(("body", "content_type"), BROKEN)
@pytest.mark.parametrize("csrf", [False, True])
def test_broken_bodies_are_refused_never_a_server_error(world, body, content_type, csrf):
    client = _client(world, csrf=csrf)
    client.get("/")  # the CSRF cookie, as a browser would hold it
    for template in [*POSTS, "/nowhere/", "/o/nowhere/x/"]:
        with transaction.atomic():
            response = client.generic(
                "POST", template.format(**world), data=body, content_type=content_type
            )
            transaction.set_rollback(True)
        assert response.status_code < 500, (template, content_type)


def test_a_broken_multipart_body_is_a_plain_400(world):
    client = _client(world, csrf=True)
    client.get("/")
    response = client.generic("POST", "/nowhere/", data=b"x", content_type="multipart/form-data")
    assert response.status_code == 400
    assert b"arrived broken" in response.content


def test_an_upload_too_large_is_refused_by_its_length_before_it_is_read(world, settings):
    settings.MAX_REQUEST_BYTES = 1024
    client = _client(world)

    class Unread:
        """A body that fails the test if anything reads it."""

        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    response = client.generic(
        "POST",
        f"/o/{world['org']}/teams/new/",
        data=b"",
        content_type="multipart/form-data; boundary=XX",
        CONTENT_LENGTH="60000000",
        **{"wsgi.input": Unread()},
    )
    assert response.status_code == 413
    assert b"more than we can take" in response.content


def test_a_comparison_since_a_unicode_digit_is_the_page_without_it(world):
    client = _client(world)
    url = f"/o/{world['org']}/assessments/{world['assessment']}/compare/"
    assert client.get(url, {"since": "²"}).status_code == 200
