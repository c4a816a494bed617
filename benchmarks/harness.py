"""What the benches run against: ports, a throw-away PostgreSQL server, gunicorn, a small HTTP
client, and a profile of a slow page."""

from __future__ import annotations

import cProfile
import http.client
import os
import pstats
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A loopback port nobody listens on: one of BENCH_PORTS (e.g. "8100-8199") when set, so
    a bench keeps to the ports it was given; else one the system picks."""
    wanted = os.environ.get("BENCH_PORTS", "")
    first, _, last = wanted.partition("-")
    candidates = range(int(first), int(last or first) + 1) if first else [0]
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue  # taken: the next one
            return int(s.getsockname()[1])
    sys.exit(f"FAIL: no free port in BENCH_PORTS={wanted}")


# Another program may take a free port between our check and the server binding it: a server
# that fails to start is started again on another port, this many times at most.
START_ATTEMPTS = 3


class ExternalPostgres:
    """BENCH_DATABASE_URL: an empty PostgreSQL database the bench may fill (and not restart)."""

    restartable = False

    def __init__(self, url: str) -> None:
        self.url = url

    def stop(self) -> None:
        pass


def database(folder: Path) -> Postgres | ExternalPostgres:
    """The PostgreSQL database a bench runs on: BENCH_DATABASE_URL when set, else a throw-away
    server of our own on a free loopback port."""
    url = os.environ.get("BENCH_DATABASE_URL")
    return ExternalPostgres(url) if url else Postgres(folder)


def as_postgres(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: drop to the postgres user when we are root."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def children_of(parent: int) -> list[int]:
    """The processes whose parent is ``parent``."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        if int(fields[1]) == parent:
            children.append(int(stat.parent.name))
    return children


class Postgres:
    restartable = True

    def __init__(self, folder: Path) -> None:
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        if not found:
            sys.exit("FAIL: PostgreSQL not found (apt-get install postgresql-15)")
        self.bin = found[-1].parent
        self.folder = folder
        self.data = folder / "pgdata"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        for attempt in range(START_ATTEMPTS):
            try:
                self.start()
                break
            except subprocess.CalledProcessError:
                if attempt == START_ATTEMPTS - 1:
                    raise
                self.port = free_port()  # taken meanwhile: another one
        subprocess.run(
            [
                str(self.bin / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "pmmaturity",
            ],
            check=True,
        )

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/pmmaturity"

    def run(self, tool: str, *args: str) -> None:
        subprocess.run(as_postgres([str(self.bin / tool), *args]), check=True, capture_output=True)

    def ctl(self, action: str) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder}"
        log = str(self.folder / "pg.log")
        self.run(
            "pg_ctl", "-D", str(self.data), "-l", log, "-w", "-m", "fast", "-o", options, action
        )

    def start(self) -> None:
        self.ctl("start")

    def restart(self) -> None:
        self.ctl("restart")

    def processes(self) -> list[int]:
        """The server's processes: the postmaster and everything it started."""
        master = int((self.data / "postmaster.pid").read_text().split()[0])
        return [master, *children_of(master)]

    def stop(self) -> None:
        subprocess.run(
            as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"]),
            capture_output=True,
        )


class Http:
    """One keep-alive connection with our own cookie jar (secure cookies over loopback)."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.port = port
        self.cookies = dict(cookies or {})
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: str = "", headers: dict | None = None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        all_headers = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=all_headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location"), data

    def csrf(self, path: str) -> str:
        """Open a page with a form (following redirects) for its CSRF cookie."""
        for _ in range(5):
            status, location, _ = self.request("GET", path)
            if status not in (301, 302) or not location:
                break
            path = location
        if "csrftoken" not in self.cookies:
            raise RuntimeError(f"no CSRF cookie from {path} (HTTP {status})")
        return self.cookies["csrftoken"]


def production_env(folder: Path, db_url: str, secret: str) -> dict[str, str]:
    """The production profile (DEBUG=false) on loopback, in a throw-away folder, static
    files collected (hashed and compressed, as WhiteNoise serves them)."""
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secret,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": db_url,
        # Plain HTTP on loopback: no redirect to HTTPS (the bytes are the same either way).
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "files"),
        "PMMATURITY_VAR_DIR": str(folder / "var"),
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return env


def start_gunicorn(
    env: dict[str, str], log: IO[str], *options: str
) -> tuple[subprocess.Popen, int]:
    """gunicorn on a free loopback port, with the production settings (pmmaturity/gunicorn_conf.py)
    and these options over them, once it reaches its database."""
    for _ in range(START_ATTEMPTS):
        started = _gunicorn_on(free_port(), env, log, options)
        if started is not None:
            return started
    sys.exit(f"FAIL: gunicorn did not start; see {log.name}")


def _gunicorn_on(
    port: int, env: dict[str, str], log: IO[str], options: tuple[str, ...]
) -> tuple[subprocess.Popen, int] | None:
    """gunicorn on this port; None if it stopped at once (the port was taken meanwhile)."""
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            *("-c", str(ROOT / "pmmaturity" / "gunicorn_conf.py")),
            "pmmaturity.wsgi",
            *options,
            *("--bind", f"127.0.0.1:{port}", "--graceful-timeout", "5"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _, body = Http(port).request("GET", "/healthz/")
            # Up once it reaches its database; a bench with no background worker gets a
            # 503 that says only the task queue is down.
            if status == 200 or (status == 503 and b'"database": "ok"' in body):
                return gunicorn, port
        except OSError:
            pass
        if gunicorn.poll() is not None:
            return None
        time.sleep(0.3)
    gunicorn.terminate()
    return None


def print_profile(get: Callable[[], object], path: str, requests: int = 5) -> None:
    """Over a few requests of the slowest page: the top 15 of the project's own code (and
    Django's render) by cumulative time, and the top 15 of everything by own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        get()
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    print(f"\nProfile of GET {path} ({requests} requests): the project's code, cumulative:")
    ours = rf"^{ROOT}/(?!\.venv/|benchmarks/|pmmaturity/middleware)|django/shortcuts\.py"
    stats.sort_stats("cumulative").print_stats(ours, 15)
    print("Everything, by own time:")
    stats.sort_stats("tottime").print_stats(15)


def django_on(db_url: str, secret: str) -> None:
    """This process as the servers are: the same database and secret (so the sessions it
    signs are theirs), migrated, with the cache table and the frameworks loaded."""
    os.environ["DATABASE_URL"] = db_url
    os.environ["SECRET_KEY"] = secret
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmmaturity.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_frameworks", verbosity=0)


def signed_in(user: object) -> str:
    """A session key for this user, as a login would leave it (benches time pages, not
    logins), naming the backend that logs people in."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)  # type: ignore[attr-defined]
    store["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[-1]
    store["_auth_user_hash"] = user.get_session_auth_hash()  # type: ignore[attr-defined]
    store.create()
    return str(store.session_key)
