"""Faults for benchmarks/load.py, and what people see during each: the background worker
started (and killed) as production runs it, /healthz/ asked as a load balancer would, the
statuses respondents' saves got, and a PDF whose worker is killed while it is made."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import IO, Any

from harness import Http

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
# As the README recommends: the worker takes only CPU time the web workers leave idle.
WORKER_PRIORITY = ["chrt", "--idle", "0"]


def start_worker(env: dict[str, str], log: IO[str]) -> subprocess.Popen:
    """The background worker as the README runs it, in a session of its own so that killing
    it takes its Chromium too (as a machine or container dying would)."""
    command = ["manage.py", "worker", "--queue-name", "*", "--no-reload", "--interval", "0.5"]
    return subprocess.Popen(
        [*WORKER_PRIORITY, PY, *command],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )


class HealthProbe(threading.Thread):
    """Asks /healthz/ twice a second, as a load balancer would, and keeps every answer."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.port = port
        self.stop = threading.Event()
        self.seen: list[tuple[float, int, str]] = []

    def run(self) -> None:
        client = Http(self.port)
        while not self.stop.is_set():
            try:
                status, _, body = client.request("GET", "/healthz/")
                reason = json.loads(body).get("reason", "")
            except (OSError, http.client.HTTPException, ValueError):
                status, reason = 0, "no answer"
            self.seen.append((time.monotonic(), status, reason))
            self.stop.wait(0.5)

    def during(self, start: float, end: float) -> str:
        answers = [(status, reason) for at, status, reason in self.seen if start <= at < end]
        counts = Counter(status for status, _ in answers)
        reasons = sorted({reason for status, reason in answers if status != 200})
        text = ", ".join(f"{status or 'no answer'}×{n}" for status, n in sorted(counts.items()))
        return text + (f" ({'; '.join(reasons)})" if reasons else "")


def what_respondents_saw(saves: list[Any], start: float, end: float) -> tuple[str, float]:
    """The statuses of the saves (load.Save) in a fault's window, and the seconds from the
    fault until saves succeeded again (0 when none failed)."""
    saves = sorted(saves, key=lambda save: save.at)
    counts = Counter(save.status for save in saves)
    text = ", ".join(f"{code or 'no answer'}×{n}" for code, n in sorted(counts.items()))
    failed = [save.at for save in saves if not save.ok]
    if not failed:
        return text, 0.0
    back = next((save.at for save in saves if save.ok and save.at > failed[-1]), end)
    return text, round(back - start, 2)


def kill_worker_mid_pdf(
    port: int, data: dict, worker: subprocess.Popen, env: dict[str, str], log: IO[str]
) -> tuple[subprocess.Popen, float, list[str]]:
    """Someone asks for a PDF; while it is being made its worker is killed (SIGKILL, with its
    Chromium) and started again two seconds later. Returns the new worker, the seconds from
    the kill until the PDF was ready (nan if never) and what the progress page said meanwhile."""
    client = Http(port, {"sessionid": data["sessions"][0]})
    token = client.csrf(data["report"])
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://127.0.0.1:{port}/",
    }
    _, job, _ = client.request("POST", data["report"], f"csrfmiddlewaretoken={token}", headers)
    deadline = time.monotonic() + 60
    state: dict[str, Any] = {}
    while time.monotonic() < deadline and state.get("status") != "running":
        state = json.loads(client.request("GET", job + "status.json")[2])
        if state["finished"]:
            return worker, float("nan"), ["(made before the worker could be killed)"]
        time.sleep(0.05)
    killed = time.monotonic()
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    time.sleep(2)  # as make run's loop, or systemd's RestartSec=2
    worker = start_worker(env, log)
    said: list[str] = []
    while time.monotonic() < killed + 150:
        state = json.loads(client.request("GET", job + "status.json")[2])
        if state["text"] not in said:
            said.append(state["text"])
        if state["finished"]:
            ready = state["status"] == "ready"
            return worker, round(time.monotonic() - killed, 1) if ready else float("nan"), said
        time.sleep(1.0)  # as often as the progress page asks
    return worker, float("nan"), said
