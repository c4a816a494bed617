"""The image and the stack (Dockerfile, compose.yaml, deploy.env.example), checked without Docker.

`make lint` runs hadolint on the Dockerfile and checks compose.yaml against the Compose
Specification's schema; these tests check what the deployment needs of them, and run the
image's collectstatic step exactly as the Dockerfile writes it.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from pmmaturity import healthcheck
from tests.test_settings import run_manage

ROOT = Path(__file__).resolve().parent.parent
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]
ENV_EXAMPLE = (ROOT / "deploy.env.example").read_text()
APP_SERVICES = ("migrate", "web", "worker")
APP_USER = "10001:10001"
# Third-party images that start as root by design; compose.yaml says why beside each.
IMAGE_USER_KEPT = {"minio", "bucket"}
SECRETISH = re.compile(r"PASSWORD|SECRET|_KEY")


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) of each Dockerfile instruction, continuations joined."""
    instructions, pending = [], ""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.lstrip().startswith("#") or not line.strip():
            continue
        pending += line.rstrip().removesuffix("\\") + " "
        if not line.rstrip().endswith("\\"):
            keyword, _, arguments = pending.strip().partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
            pending = ""
    return instructions


def final_stage() -> list[tuple[str, str]]:
    """The instructions after the last FROM: what the image that runs is made of."""
    steps = dockerfile()
    last_from = max(i for i, (keyword, _) in enumerate(steps) if keyword == "FROM")
    return steps[last_from + 1 :]


def test_the_stack_has_its_database_bucket_migrations_web_and_workers():
    assert set(SERVICES) == {"db", "minio", "bucket", "migrate", "web", "worker"}
    assert SERVICES["db"]["image"] == "postgres:15"


@pytest.mark.parametrize("service", ["web", "worker"])
def test_web_and_workers_start_only_after_the_migrations_succeed(service):
    depends = SERVICES[service]["depends_on"]
    assert depends["migrate"] == {"condition": "service_completed_successfully"}
    assert depends["bucket"] == {"condition": "service_completed_successfully"}
    migrate = SERVICES["migrate"]
    assert migrate["depends_on"]["db"] == {"condition": "service_healthy"}
    assert "python manage.py migrate --no-input" in " ".join(migrate["command"])
    assert migrate["restart"] == "no"


def test_the_worker_runs_the_worker_command_as_make_run_does():
    command = SERVICES["worker"]["command"]
    assert command[:3] == ["python", "manage.py", "worker"]
    assert command[3:5] == ["--queue-name", "*"]
    assert "manage.py worker --queue-name '*'" in (ROOT / "Makefile").read_text()


def test_web_serves_with_the_images_gunicorn_and_its_health_check():
    steps = dict(final_stage())
    cmd = steps["CMD"]
    assert '"gunicorn", "-c", "pmmaturity/gunicorn_conf.py", "pmmaturity.wsgi"' in cmd
    assert '"--bind", "0.0.0.0:8000"' in cmd
    assert healthcheck.URL == "http://127.0.0.1:8000/healthz/"
    assert '"python", "-m", "pmmaturity.healthcheck"' in steps["HEALTHCHECK"]
    web = SERVICES["web"]
    assert "command" not in web
    assert "healthcheck" not in web  # the image's, not disabled
    assert web["ports"] == ["127.0.0.1:8000:8000"]


def test_no_service_runs_as_root_where_it_can_choose():
    users = [args for keyword, args in final_stage() if keyword == "USER"]
    assert users == [APP_USER]
    for name, service in SERVICES.items():
        if name in IMAGE_USER_KEPT:
            assert "user" not in service
            continue
        user = service.get("user")
        assert user == (APP_USER if name in APP_SERVICES else "postgres"), name
    for name in APP_SERVICES:
        assert SERVICES[name]["cap_drop"] == ["ALL"]
        assert SERVICES[name]["security_opt"] == ["no-new-privileges:true"]


def test_every_long_running_service_says_whether_it_is_healthy():
    assert SERVICES["db"]["healthcheck"]["test"][0] == "CMD-SHELL"
    assert "pg_isready" in SERVICES["db"]["healthcheck"]["test"][1]
    assert SERVICES["minio"]["healthcheck"]["test"] == ["CMD", "mc", "ready", "local"]
    # The image's check asks a web server that the worker and the migrations do not run.
    for name in ("worker", "migrate"):
        assert SERVICES[name]["healthcheck"] == {"disable": True}
    for name in ("db", "minio", "web", "worker"):
        assert SERVICES[name]["restart"] == "unless-stopped"


def test_the_database_and_the_bucket_keep_their_data_in_named_volumes_and_nothing_else_does():
    assert SERVICES["db"]["volumes"] == ["db-data:/var/lib/postgresql/data"]
    assert SERVICES["minio"]["volumes"] == ["bucket-data:/data"]
    assert set(COMPOSE["volumes"]) == {"db-data", "bucket-data"}
    # Web and workers share no disk, so they run on any number of machines.
    for name in APP_SERVICES:
        assert "volumes" not in SERVICES[name]


def _environments() -> list[tuple[str, str, str]]:
    return [
        (name, key, str(value))
        for name, service in SERVICES.items()
        for key, value in service.get("environment", {}).items()
    ]


def test_no_secret_is_written_into_compose_yaml():
    required = re.compile(r"\$\{[A-Z_]+:\?[^}]+\}")
    for name, key, value in _environments():
        if SECRETISH.search(key):
            assert required.fullmatch(value), f"{name}: {key} must come from deploy.env"
        # Credentials inside an address (user:password@host) come from deploy.env too.
        masked = required.sub("<from deploy.env>", value)
        for password in re.findall(r"://[^/@:]*:([^/@]*)@", masked):
            assert password == "<from deploy.env>", f"{name}: {key} carries a written password"
    assert "env_file" not in SERVICES["db"]  # PostgreSQL gets only its own password
    for name in APP_SERVICES:
        assert SERVICES[name]["env_file"] == "deploy.env"


def _example_values() -> dict[str, str]:
    return dict(
        line.split("=", 1) for line in ENV_EXAMPLE.splitlines() if re.match(r"[A-Z_]+=", line)
    )


def test_deploy_env_example_leaves_every_secret_empty():
    values = _example_values()
    secrets = {key for key in values if SECRETISH.search(key)}
    assert secrets >= {"SECRET_KEY", "POSTGRES_PASSWORD", "AWS_SECRET_ACCESS_KEY"}
    assert {key: values[key] for key in secrets} == dict.fromkeys(secrets, "")
    assert values["MACHINES"] == "1"


def _variables_the_app_reads() -> set[str]:
    read = re.compile(
        r'(?:os\.environ\.get|os\.getenv|env_int|env_bool|env_list)\(\s*"([A-Z_0-9]+)"'
    )
    found = set()
    for folder in ("pmmaturity", "assessments", "frameworks"):
        for path in (ROOT / folder).rglob("*.py"):
            found |= set(read.findall(path.read_text()))
    return found


def test_deploy_env_example_lists_every_variable_the_app_and_compose_read():
    listed = set(re.findall(r"^(?:# )?([A-Z_0-9]+)=", ENV_EXAMPLE, re.MULTILINE))
    interpolated = set(re.findall(r"\$\{([A-Z_0-9]+)", (ROOT / "compose.yaml").read_text()))
    expected = _variables_the_app_reads() | interpolated | {"WEB_CONCURRENCY"}
    assert "SECRET_KEY" in expected
    assert expected - listed == set()


def _collectstatic_step() -> tuple[dict[str, str], list[str]]:
    """The environment (the final stage's ENV, then the command's own assignments) and the
    command of the Dockerfile's collectstatic step."""
    env: dict[str, str] = {}
    for keyword, arguments in final_stage():
        if keyword == "ENV":
            env |= dict(pair.split("=", 1) for pair in shlex.split(arguments))
        if keyword == "RUN" and "collectstatic" in arguments:
            words = shlex.split(arguments.split("&&")[0])
            while "=" in words[0]:
                key, value = words.pop(0).split("=", 1)
                env[key] = value
            return env, words
    raise AssertionError("the Dockerfile collects no static files")


def test_the_images_collectstatic_step_serves_vendor_files_hashed_and_compressed(tmp_path):
    env, command = _collectstatic_step()
    assert command[:3] == ["python", "manage.py", "collectstatic"]
    assert env["DEBUG"] == "false"
    static_root = tmp_path / "static"
    result = run_manage(
        *command[2:], env={**env, "STATIC_ROOT": str(static_root)}, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr
    # The production profile's storage: the manifest the running app looks names up in.
    assert (static_root / "staticfiles.json").is_file()
    names = {p.relative_to(static_root).as_posix() for p in static_root.rglob("*")}
    for base in ("vendor/bootstrap/css/bootstrap.min", "vendor/plotly/plotly-radar.min", "css/app"):
        ext = ".js" if "plotly" in base else ".css"
        hashed = [
            n for n in names if n.startswith(base + ".") and n.endswith(ext) and n != base + ext
        ]
        assert hashed, f"no hashed copy of {base}{ext}"
        assert f"{hashed[0]}.gz" in names
        assert f"{hashed[0]}.br" in names
    # Only what we use is published from the packages, not their whole folders.
    assert not any(n.startswith("vendor/plotly/datasets") for n in names)


def test_the_images_build_secret_starts_nothing_but_collectstatic(tmp_path):
    env, _ = _collectstatic_step()
    assert env["SECRET_KEY"].startswith("build-only-")
    refusal = "SECRET_KEY is the image build's placeholder"
    result = run_manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert refusal in result.stderr
    # gunicorn, as the image starts it (the same settings, reached through the WSGI module).
    gunicorn = [sys.executable, "-m", "gunicorn", "--check-config", "-c"]
    clean = {k: v for k, v in os.environ.items() if k not in env and k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [*gunicorn, "pmmaturity/gunicorn_conf.py", "pmmaturity.wsgi"],
        cwd=ROOT,
        env={**clean, **env, "PMMATURITY_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert refusal in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("allowed", "host"),
    [
        ("pm.example.com,other.example.com", "pm.example.com"),
        (" .example.com ", "example.com"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_the_health_check_names_a_host_the_app_accepts(allowed, host):
    assert healthcheck.probe_host(allowed) == host


@pytest.mark.parametrize(
    ("status", "body", "healthy"),
    [
        (200, b'{"status": "ok", "reason": "ok", "database": "ok"}', True),
        # No worker: the workers' trouble, not this container's.
        (503, b'{"reason": "task queue down", "database": "ok", "queue": "down"}', True),
        (503, b'{"reason": "database unreachable", "database": "unreachable"}', False),
        (500, b"<html>Server Error</html>", False),
        (400, b"[]", False),
    ],
)
def test_the_container_is_healthy_while_it_answers_and_reaches_its_database(status, body, healthy):
    assert healthcheck.verdict(status, body)[0] is healthy


def test_the_health_checks_request_passes_the_production_host_and_https_checks(
    client, settings, db
):
    settings.ALLOWED_HOSTS = ["pm.example.com"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/healthz/", headers={"Host": "pm.example.com"}).status_code == 301
    headers = healthcheck.request_headers("pm.example.com")
    response = client.get("/healthz/", headers=headers)
    assert response.status_code == 503  # no worker in this test: the queue is down
    assert healthcheck.verdict(response.status_code, response.content) == (
        True,
        "web ok; task queue down: no background worker running (last heard from never)",
    )


def test_the_image_is_built_on_the_debian_release_ci_tests_on_with_only_the_served_assets():
    froms = [args for keyword, args in dockerfile() if keyword == "FROM"]
    assert froms == ["node:22-bookworm-slim AS assets", "python:3.11-slim-bookworm"]
    copies = [args for keyword, args in final_stage() if keyword == "COPY" and "--from" in args]
    assert copies == [
        "--from=assets /build/node_modules/bootstrap/dist/ node_modules/bootstrap/dist/",
        "--from=assets /build/node_modules/.pmbuild/ node_modules/.pmbuild/",
    ]
