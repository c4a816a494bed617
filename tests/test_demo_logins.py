"""What `make run` prints: where the app is, the demo logins, a respondent's link and a
token to try the API with."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


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
    assert "API docs: http://127.0.0.1:8000/api/v1/docs/" in text


def _printed_token(text: str) -> tuple[str, str]:
    line = next(line for line in text.splitlines() if "Try the API" in line)
    return line.split("Bearer ")[1].split("'")[0], line.split("8000")[-1]


def test_demo_logins_print_a_read_token_that_works_until_the_next_start(client, sample_version):
    call_command("load_demo", force=True, stdout=StringIO())
    first, second = StringIO(), StringIO()
    call_command("demo_logins", stdout=first)
    token, path = _printed_token(first.getvalue())
    answer = client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 200
    assert answer.json()["name"] == "Brightwater Group"
    assert client.post(path, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 403, "read only"
    call_command("demo_logins", stdout=second)
    assert client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    newer, _ = _printed_token(second.getvalue())
    assert client.get(path, HTTP_AUTHORIZATION=f"Bearer {newer}").status_code == 200


def test_demo_accounts_are_refused_in_production(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing to create demo accounts"):
        call_command("load_demo")
