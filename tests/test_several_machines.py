"""Several machines: two web servers and two workers, each in an empty folder of its own (no
disk shared), one PostgreSQL and one S3-compatible bucket, each a process of its own on
loopback. Everything is asked and checked over HTTP, as a browser would, against both web
servers: what one machine made or received, every other one serves.

The servers run the production profile (DEBUG=false, gunicorn with pmmaturity/gunicorn_conf.py,
MACHINES=2 with STORAGE_URL) but for how static files are named (tests/machines_settings.py).
On PostgreSQL only (CI runs this module alone after its PostgreSQL pass): the servers reach
the test's own database, and a test's data must be committed for them to see it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assessments.exports import making
from assessments.exports.models import ExportJob, RenderSlot
from assessments.organisations.models import Team
from assessments.reviews.models import Evidence, Review
from assessments.rounds.models import Assessment
from pmmaturity.models import WorkerHeartbeat
from tests.conftest import IN_CI
from tests.factories import (
    PASSWORD,
    OrganisationFactory,
    TeamFactory,
    answer_all,
    load_sample_version,
    open_round,
    people,
)
from tests.reviews.world import PDF_BYTES, firm_with_consultant
from tests.test_shared_storage import free_port, s3_endpoint, storage_url  # noqa: F401

pytestmark = [
    pytest.mark.several_machines,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("restore_shipped_content"),
]

ROOT = Path(__file__).resolve().parent.parent
START_SECONDS = 60


def needs(ok: bool, message: str) -> None:
    if not ok:
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@dataclass
class Machines:
    """The servers, each started in an empty folder of its own."""

    base_env: dict[str, str]
    folders: Path
    webs: list[str] = field(default_factory=list)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def start(self, name: str, command: list[str], **env: str) -> subprocess.Popen:
        folder = self.folders / name
        folder.mkdir()
        log = (self.folders / f"{name}.log").open("w")
        process = subprocess.Popen(
            command,
            cwd=folder,  # nothing of the checkout's var/ or files: only what the machine has
            env={
                **self.base_env,
                "HOME": str(folder),
                "PMMATURITY_VAR_DIR": str(folder / "var"),
                "MEDIA_ROOT": str(folder / "files"),
                **env,
            },
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # killed with its Chromium
        )
        log.close()
        self.processes[name] = process
        return process

    def start_worker(self, name: str, **env: str) -> subprocess.Popen:
        command = ["worker", "--queue-name", "*", "--interval", "0.1", "--no-reload"]
        manage = str(ROOT / "manage.py")
        return self.start(name, [sys.executable, manage, *command, "--no-startup-delay"], **env)

    def kill(self, name: str) -> None:
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def logs(self) -> str:
        return "\n".join(
            f"--- {log.stem}\n{log.read_text()[-2000:]}" for log in self.folders.glob("*.log")
        )

    def files_kept_locally(self) -> list[str]:
        return sorted(
            str(path.relative_to(self.folders))
            for path in self.folders.glob("*/files/**/*")
            if path.is_file()
        )


def servers_database_url() -> str:
    db = connection.settings_dict
    password = db["PASSWORD"] or ""
    return f"postgres://{db['USER']}:{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture(scope="module")
def machines(django_db_setup, s3_endpoint, tmp_path_factory) -> Iterator[Machines]:  # noqa: F811
    needs(connection.vendor == "postgresql", "needs DATABASE_URL on PostgreSQL")
    needs(Path(os.environ.get("PDF_CHROMIUM", "/usr/bin/chromium")).exists(), "needs Chromium")
    base_env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")} | {
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.machines_settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
        "DATABASE_URL": servers_database_url(),
        "MACHINES": "2",
        "STORAGE_URL": storage_url(s3_endpoint),
        "WORKER_HEARTBEAT_SECONDS": "0.5",
        "EXPORT_RENDER_REST": "0",
        "RESULTS_REFRESH_DELAY_SECONDS": "1",
        # Pages never compute results themselves here: what they show, a worker refreshed.
        "RESULTS_MAX_STALE_SECONDS": "3600",
        "LOG_LEVEL": "WARNING",
    }
    started = Machines(base_env, tmp_path_factory.mktemp("machines"))
    try:
        for name in ("web-a", "web-b"):
            port = free_port()
            started.base_env = {**base_env, "GUNICORN_CMD_ARGS": f"--bind 127.0.0.1:{port}"}
            gunicorn = Path(sys.executable).parent / "gunicorn"
            conf = ROOT / "pmmaturity" / "gunicorn_conf.py"
            started.start(
                name, [str(gunicorn), "-c", str(conf), "pmmaturity.wsgi"], WEB_CONCURRENCY="2"
            )
            started.webs.append(f"http://127.0.0.1:{port}")
        started.base_env = base_env
        for name in ("worker-1", "worker-2"):
            started.start_worker(name)
        wait_for(lambda: all(healthy(web) for web in started.webs), START_SECONDS, "both up")
        yield started
    except BaseException:
        print(started.logs())
        raise
    finally:
        started.stop_all()
    assert "Traceback" not in started.logs(), started.logs()
    assert started.files_kept_locally() == [], "a machine kept a file on its own disk"


def healthy(web: str) -> bool:
    try:
        return requests.get(f"{web}/healthz/", timeout=10).status_code == 200
    except (requests.ConnectionError, requests.Timeout):
        return False


def wait_for(check: Callable[[], Any], seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.1)
    pytest.fail(f"{what} within {seconds} s")


class Browser:
    """One person's browser. Both servers are one site (one host, as behind a load
    balancer): a cookie set by one goes to the other. Every answer is checked: never a 5xx."""

    def __init__(self) -> None:
        self.session = requests.Session()
        self.seen: list[tuple[str, int]] = []

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        response = self.session.request(method, url, allow_redirects=False, timeout=30, **kwargs)
        self.seen.append((url, response.status_code))
        for cookie in self.session.cookies:
            # The production profile's cookies are Secure: sent back over plain HTTP on
            # loopback, as through a proxy that ends TLS in front of the servers.
            cookie.secure = False
        assert response.status_code < 500, f"{method} {url}: {response.status_code}"
        return response

    def get(self, url: str) -> requests.Response:
        return self.request("GET", url)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        headers = {"X-CSRFToken": self.session.cookies.get("csrftoken", "")}
        return self.request("POST", url, headers=headers, **kwargs)

    def log_in(self, web: str, username: str) -> None:
        self.get(f"{web}/accounts/login/")  # its CSRF cookie
        said = self.post(f"{web}/accounts/login/", data={"login": username, "password": PASSWORD})
        assert said.status_code == 302, said.text[:500]


@dataclass
class World:
    org: str
    assessment: Assessment
    team_pk: int
    review: int
    enabler_key: str


@pytest.fixture
def world(machines) -> World:
    """A round of one team that three people answered, and a consultant's review of it;
    committed, so the servers see it. Passwords are hashed as the servers check them."""
    organisation = OrganisationFactory(name="Acme Products")
    team = TeamFactory(organisation=organisation, department__organisation=organisation)
    users = people(organisation, team)
    firm, users["consultant"] = firm_with_consultant("Laine Partners", "consultant", organisation)
    hashed = PBKDF2PasswordHasher().encode(PASSWORD, "machines", iterations=1000)
    for user in users.values():
        type(user).objects.filter(pk=user.pk).update(password=hashed)
    version = load_sample_version()
    assessment = open_round(organisation, team, version, users["owner"])
    answer_all(assessment, team, 3)
    review = Review.objects.create(
        organisation=organisation, firm=firm, title="Spring review", created_by=users["consultant"]
    )
    review.rounds.add(assessment)
    review.consultants.add(users["consultant"])
    enabler = version.enabler_set.order_by("order", "pk").first()
    assert enabler is not None
    return World(organisation.slug, assessment, team.pk, review.pk, enabler.key)


def owner_browser(machines: Machines) -> Browser:
    browser = Browser()
    browser.log_in(machines.webs[0], "owner")  # on A; the session is good on B too
    return browser


def ask_pdf(browser: Browser, web: str, world: World) -> ExportJob:
    ask = reverse(
        "orgs:report_team_export", args=[world.org, world.assessment.pk, world.team_pk, "pdf"]
    )
    asked = browser.post(f"{web}{ask}")
    assert asked.status_code == 302, asked.text[:500]
    return ExportJob.objects.select_related("organisation").latest("pk")


def status(browser: Browser, web: str, job: ExportJob) -> dict[str, Any]:
    url = reverse("orgs:export_status", args=[job.organisation.slug, job.pk])
    return browser.get(f"{web}{url}").json()


def downloaded(browser: Browser, web: str, job: ExportJob) -> bytes:
    url = reverse("orgs:export_download", args=[job.organisation.slug, job.pk])
    answer = browser.get(f"{web}{url}")
    assert answer.status_code == 200, answer.text[:500]
    return answer.content


def made_by(job: ExportJob) -> list[int]:
    """The pids of the workers that ran the job's tasks (as their heartbeats say)."""
    ran = DBTaskResult.objects.filter(
        task_path="assessments.exports.tasks.make_export", args_kwargs__args=[job.pk]
    )
    ids = [worker for task in ran for worker in task.worker_ids]
    return list(WorkerHeartbeat.objects.filter(worker_id__in=ids).values_list("pid", flat=True))


def test_a_pdf_asked_on_one_server_is_made_by_a_worker_and_downloads_from_the_other(
    machines, world
):
    browser = owner_browser(machines)
    web_a, web_b = machines.webs
    job = ask_pdf(browser, web_a, world)
    state = wait_for(lambda: (s := status(browser, web_b, job))["finished"] and s, 60, "made")
    assert state["status"] == "ready", state
    assert downloaded(browser, web_b, job).startswith(b"%PDF-")
    workers = {machines.processes[name].pid for name in machines.processes if "worker" in name}
    assert made_by(job), "a worker made it"
    assert set(made_by(job)) <= workers, "one of the two workers made it"


def test_evidence_uploaded_on_one_server_downloads_byte_identical_from_the_other(machines, world):
    browser = Browser()
    web_a, web_b = machines.webs
    browser.log_in(web_a, "consultant")
    content = PDF_BYTES + os.urandom(2**20)
    review = f"/o/{world.org}/reviews/{world.review}/"
    added = browser.post(
        f"{web_a}{review}evidence/new/",
        data={"kind": "document", "enabler": world.enabler_key, "title": "Interviews"},
        files={"document": ("interviews.pdf", content, "application/pdf")},
    )
    assert added.status_code == 302, added.text[:1000]
    evidence = Evidence.objects.get(title="Interviews")
    download = browser.get(f"{web_b}{review}evidence/{evidence.pk}/file")
    assert download.status_code == 200
    assert download.content == content
    assert download.headers["Content-Type"] == "application/pdf"


def test_a_worker_killed_mid_export_leaves_the_job_to_the_other_and_no_page_fails(machines, world):
    browser = owner_browser(machines)
    web_a, web_b = machines.webs
    job = ask_pdf(browser, web_a, world)

    def rendering() -> int | None:
        job.refresh_from_db()
        assert job.status != ExportJob.Status.READY, "made before a worker could be killed"
        pids = made_by(job) if job.status == ExportJob.Status.RUNNING else []
        return pids[0] if pids else None

    pid = wait_for(rendering, 60, "a worker making the PDF")
    killed = next(name for name, p in machines.processes.items() if p.pid == pid)
    machines.kill(killed)  # SIGKILL, with its Chromium: no goodbye, its lease left running
    job.refresh_from_db()
    assert job.status == ExportJob.Status.RUNNING, "killed mid-export"
    # Its lease would run out LEASE (30 s) after its last renewal: as the lease tests do,
    # the test moves it to its end rather than waiting.
    assert job.lease_until is not None
    assert job.lease_until - timezone.now() <= making.LEASE
    ended = timezone.now() - making.RENEW_EVERY / 10
    ExportJob.objects.filter(pk=job.pk).update(lease_until=ended)
    RenderSlot.objects.filter(job=job).update(lease_until=ended)

    said = []
    for web in machines.webs * 300:
        state = status(browser, web, job)  # never a 5xx on either server
        said.append(state["text"])
        if state["finished"]:
            break
        time.sleep(0.1)
    assert state["status"] == "ready", said
    job.refresh_from_db()
    assert job.attempts == 2
    assert downloaded(browser, web_b, job).startswith(b"%PDF-")
    survivor = next(p.pid for name, p in machines.processes.items() if "worker" in name)
    assert survivor in made_by(job), "the other worker made it again"
    # As `make run`'s loop or systemd would: a new worker, in a new empty folder.
    machines.start_worker(f"{killed}-again")


def radar(browser: Browser, web: str, world: World) -> Any:
    page = browser.get(
        web + reverse("orgs:report_team", args=[world.org, world.assessment.pk, world.team_pk])
    )
    assert page.status_code == 200
    found = re.search(r'<script id="fig-radar" type="application/json">(.*?)</script>', page.text)
    assert found, page.text[:1000]
    return json.loads(found.group(1))


def test_results_a_worker_refreshed_show_the_same_on_both_servers(machines, world):
    browser = owner_browser(machines)
    web_a, web_b = machines.webs

    def refreshed() -> bool:
        return Assessment.objects.get(pk=world.assessment.pk).results_stale_since is None

    wait_for(refreshed, 30, "the first answers' refresh")
    before = radar(browser, web_a, world)
    assert radar(browser, web_b, world) == before
    answer_all(
        world.assessment, Team.objects.get(pk=world.team_pk), 3, agree="disagree"
    )  # three more submit
    wait_for(refreshed, 30, "a worker refreshed the round")
    after = radar(browser, web_a, world)
    assert after != before, "the new answers show"
    assert radar(browser, web_b, world) == after
    refreshes = DBTaskResult.objects.filter(
        task_path="assessments.reports.tasks.refresh_results", status="SUCCESSFUL"
    )
    assert refreshes.count() >= 2, "one refresh for each three who submitted"
    ran_them = {worker for task in refreshes for worker in task.worker_ids}
    ours = set(WorkerHeartbeat.objects.values_list("worker_id", flat=True))
    assert ran_them, "refreshed by workers, never by a page"
    assert ran_them <= ours, "by our workers"
