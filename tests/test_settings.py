"""Configuration from the environment, and the production profile's refusals."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_SECRET = "k3J9-x!vQ2mZ8pL4rT7wB1nC6yH0sD5fG2jK9aE3uV8qX4zR7tY1"
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": GOOD_SECRET,
    "ALLOWED_HOSTS": "pm.example.com",
    "DATABASE_URL": "postgres://pm:secret@db.internal:5432/pmmaturity",
}


def run_manage(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a real deployment has not.
    skip = {*PRODUCTION, "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in skip}
    clean["PMMATURITY_VAR_DIR"] = str(tmp_path)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


SHOW_DB = [
    "shell",
    "--no-imports",
    "-c",
    "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
]


def test_with_no_configuration_it_uses_sqlite_and_a_generated_secret(tmp_path):
    result = run_manage(*SHOW_DB, env={}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"
    secret = (tmp_path / "dev-secret-key").read_text()
    assert secret.startswith("dev-only-")
    assert len(secret) > 50


def test_database_url_switches_to_postgresql(tmp_path):
    result = run_manage(
        *SHOW_DB, env={"DATABASE_URL": PRODUCTION["DATABASE_URL"]}, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


@pytest.mark.parametrize(
    ("override", "problem"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY is not set (or is the development secret)"),
        (
            {"SECRET_KEY": "dev-only-" + "x" * 60},
            "SECRET_KEY is not set (or is the development secret)",
        ),
        ({"SECRET_KEY": "short"}, "SECRET_KEY is too short or too simple"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS is empty"),
        ({"DATABASE_URL": ""}, "DATABASE_URL must point at PostgreSQL"),
        ({"DATABASE_URL": "sqlite:///tmp/db.sqlite3"}, "DATABASE_URL must point at PostgreSQL"),
    ],
)
def test_production_refuses_an_unsafe_configuration(tmp_path, override, problem):
    result = run_manage("check", env={**PRODUCTION, **override}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "Refusing to start with DEBUG=false" in result.stderr
    assert problem in result.stderr


def test_production_passes_the_deploy_check_without_warnings(tmp_path):
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


SHARED_BUCKET = "s3://pm-files/app?endpoint_url=https://objects.internal:9000&region=eu-west-2"


def test_production_on_several_machines_refuses_files_in_a_folder_of_one(tmp_path):
    result = run_manage("check", env={**PRODUCTION, "MACHINES": "2"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "(pmmaturity.E001) MACHINES=2, but files are kept in a folder" in result.stderr
    assert "Set STORAGE_URL" in result.stderr
    # gunicorn runs no checks: the WSGI application refuses to load all the same.
    serve = "import pmmaturity.wsgi"
    result = run_manage(
        "shell", "--no-imports", "-c", serve, env={**PRODUCTION, "MACHINES": "2"}, tmp_path=tmp_path
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: ?: (pmmaturity.E001) MACHINES=2" in result.stderr


def test_production_on_several_machines_with_a_bucket_passes_the_deploy_check(tmp_path):
    env = {**PRODUCTION, "MACHINES": "2", "STORAGE_URL": SHARED_BUCKET}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_several_machines_may_share_a_folder_only_when_it_is_declared_shared(settings):
    from pmmaturity.checks import files_reach_every_machine
    from pmmaturity.env import storage_from_url

    settings.DEBUG, settings.MACHINES = False, 3
    assert [e.id for e in files_reach_every_machine()] == ["pmmaturity.E001"]
    settings.MEDIA_ROOT_SHARED = True  # a volume every machine mounts
    assert files_reach_every_machine() == []
    settings.MEDIA_ROOT_SHARED = False
    settings.STORAGES = {**settings.STORAGES, "default": storage_from_url(SHARED_BUCKET)}
    assert files_reach_every_machine() == []


def test_a_storage_url_names_a_private_bucket_with_short_signed_addresses():
    from pmmaturity.env import storage_from_url

    found = storage_from_url(SHARED_BUCKET + "&addressing_style=path&acl=private")
    assert found["BACKEND"] == "storages.backends.s3.S3Storage"
    options = found["OPTIONS"]
    assert {k: v for k, v in options.items() if k != "client_config"} == {
        "bucket_name": "pm-files",
        "location": "app",
        "endpoint_url": "https://objects.internal:9000",
        "region_name": "eu-west-2",
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
        "max_memory_size": 2_621_440,
    }
    assert options["client_config"].s3 == {"addressing_style": "path"}
    # With no acl asked for, none is sent: the bucket's own (private) rules apply.
    assert "default_acl" not in storage_from_url("s3://pm-files")["OPTIONS"]


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://pm-files", "must start with s3://"),
        ("s3://key:secret@pm-files", "and no keys"),
        ("s3://pm-files?acl=public-read", "acl must keep files private"),
        ("s3://pm-files?endpoint=http://x", "unknown options (endpoint)"),
        ("s3://pm-files?addressing_style=sideways", "addressing_style must be one of"),
        ("s3://pm-files?endpoint_url=objects.internal", "endpoint_url must start with https://"),
    ],
)
def test_a_storage_url_that_cannot_work_is_a_clear_error(url, problem):
    from django.core.exceptions import ImproperlyConfigured

    from pmmaturity.env import storage_from_url

    with pytest.raises(ImproperlyConfigured, match="STORAGE_URL") as refused:
        storage_from_url(url)
    assert problem in str(refused.value)


def test_a_bad_boolean_is_a_clear_error(tmp_path):
    result = run_manage("check", env={"DEBUG": "maybe"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr


# collectstatic with the production profile's storage: tests/test_deploy.py runs it as the
# image's build does.


OUTAGE_PROBE = """
from django.conf import settings
from django.test import Client
settings.DEBUG = False  # as in production: the styled error pages, not the debug page
client = Client(raise_request_exception=False)
health = client.get("/healthz/")
print("healthz", health.status_code, health.json()["reason"])
page = client.get("/r/some-respondent-link/")
print("respondent", page.status_code, "Your answers so far are saved" in page.content.decode())
page = client.get("/")  # the home page reads the current framework version
print("page", page.status_code, "Something went wrong on our side" in page.content.decode())
"""


def test_with_the_database_down_health_says_503_and_pages_say_so_plainly(tmp_path):
    # CI's PostgreSQL pass stops its server and names it here; elsewhere nothing listens on
    # port 1, so every connection is refused as with a stopped server.
    stopped = os.environ.get("STOPPED_DATABASE_URL", "postgres://postgres@127.0.0.1:1/pmmaturity")
    down = {"DATABASE_URL": stopped}
    result = run_manage("shell", "--no-imports", "-c", OUTAGE_PROBE, env=down, tmp_path=tmp_path)
    lines = result.stdout.splitlines()
    assert "healthz 503 database unreachable" in lines, result.stderr[-2000:]
    assert "respondent 500 True" in lines
    assert "page 500 True" in lines


def test_limits_are_counted_in_a_cache_every_worker_shares_by_default(tmp_path):
    show = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = run_manage("shell", "--no-imports", "-c", show, env={}, tmp_path=tmp_path)
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache", result.stderr


def test_no_page_template_has_an_inline_style_or_script():
    """What the policy would refuse. Only the PDF pages, printed offline by the worker and
    never served, carry styles and scripts inline, and even they write none: they inline
    files from static/ (``{% stylesheet … inline=True %}``), as the roadmap summary does when
    it is printed to PDF."""
    import re

    templates = Path(__file__).resolve().parent.parent / "templates"
    printed = {
        "reports/report_pdf.html",
        "comparisons/compare_pdf.html",
        "reviews/report_pdf.html",
    }
    for path in templates.rglob("*.html"):
        name = path.relative_to(templates).as_posix()
        text = path.read_text(encoding="utf-8")
        assert " style=" not in text, name
        assert not re.search(r"<style[ >]|<script>", text), name
        if name not in printed:
            assert "inline=True" not in text, name


@pytest.mark.django_db
def test_pages_carry_a_strict_script_policy_and_keep_link_tokens_on_this_site(client):
    response = client.get("/r/some-link-token-that-is-secret/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"  # no inline script, nothing from another host
    assert policy["style-src"] == "'self'"  # no inline style either
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_an_expired_form_explains_itself_in_the_sites_own_page(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "This form has expired" in html
    assert "Go back, reload the page and try again." in html
