"""What the load bench runs against: a throw-away PostgreSQL server and a small HTTP client."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def as_postgres(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: drop to the postgres user when we are root."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class Postgres:
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
        self.start()
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
