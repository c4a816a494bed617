"""Respondents saving against the server, as benchmarks/load.py drives them: each on one
connection (kept open when the server allows), with every save's time and status, and what
it sent and was told."""

from __future__ import annotations

import http.client
import json
import os
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from harness import Http


@dataclass
class Save:
    at: float
    ms: float
    ok: bool
    status: int = 0  # the HTTP status, 0 when no answer came


@dataclass
class Respondent:
    token: str
    saves: list[Save] = field(default_factory=list)
    # (statement) -> options sent since the last acknowledged one, the acknowledged first.
    sent: dict[int, list[int]] = field(default_factory=dict)
    acked: dict[int, int] = field(default_factory=dict)


def autosave_loop(
    port: int,
    who: Respondent,
    data: dict,
    stop: threading.Event,
    pause: float,
    every: float = 0.0,
) -> None:
    """Save until ``stop``: ``pause`` seconds after each answer, or, with ``every``, one save
    starting every ``every`` seconds (at once when behind: a slow server is not let off)."""
    client = Http(port)
    token = client.csrf(f"/r/{who.token}/")
    n = 0
    due = time.monotonic() + random.uniform(0, every)
    while not stop.is_set():
        if every:
            stop.wait(max(0.0, due - time.monotonic()))
            due += every
        statement = data["statements"][n % len(data["statements"])]
        option = data["options"][(n // len(data["statements"]) + n) % len(data["options"])]
        n += 1
        who.sent.setdefault(statement, []).append(option)
        body = f"s-{statement}={option}"
        start = time.perf_counter()
        ok, status = False, 0
        try:
            status, _, reply = client.request(
                "POST",
                f"/r/{who.token}/save/",
                body,
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-CSRFToken": token,
                    "Referer": f"http://127.0.0.1:{port}/",
                },
            )
            ok = status == 200 and json.loads(reply).get("ok") is True
        except (OSError, http.client.HTTPException, ValueError):
            ok = False
        who.saves.append(Save(time.monotonic(), (time.perf_counter() - start) * 1000, ok, status))
        if ok:
            who.acked[statement] = option
            who.sent[statement] = [option]
        if pause:
            time.sleep(pause)


def p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def window(people: list[Respondent], start: float, end: float) -> list[Save]:
    return [s for who in people for s in who.saves if start <= s.at < end]


@dataclass
class Throughput:
    rate: float  # acknowledged saves per second
    ms: list[float]  # the time of each acknowledged save
    errors: int  # saves not acknowledged
    cores: dict[str, float]  # cores busy on average: the load generator, gunicorn, PostgreSQL


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time these processes have used so far (0 for any gone)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / tick


def throughput(
    port: int,
    people: list[Respondent],
    data: dict,
    seconds: float,
    servers: dict[str, Callable[[], list[int]]],
    rate: float = 0.0,
) -> Throughput:
    """Everyone saves without pause (or, given a ``rate``, together that many times a second,
    each on a schedule): acknowledged saves per second, their times, and how many cores each
    side kept busy (``servers``: how to find the processes of each side, asked after the
    warm-up)."""
    stop = threading.Event()
    every = len(people) / rate if rate else 0.0
    threads = [
        threading.Thread(target=autosave_loop, args=(port, who, data, stop, 0.0, every))
        for who in people
    ]
    for t in threads:
        t.start()
    time.sleep(3)  # warm up: connections, the questionnaire kept by each worker
    pids = {name: find() for name, find in servers.items()}
    used_before = {name: cpu_seconds(p) for name, p in pids.items()}
    mine_before = sum(os.times()[:2])
    start = time.monotonic()
    time.sleep(seconds)
    end = time.monotonic()
    cores = {"load generator": (sum(os.times()[:2]) - mine_before) / (end - start)}
    cores |= {
        name: (cpu_seconds(p) - used_before[name]) / (end - start) for name, p in pids.items()
    }
    stop.set()
    for t in threads:
        t.join(timeout=60)
    saves = window(people, start, end)
    acknowledged = [s.ms for s in saves if s.ok]
    return Throughput(
        len(acknowledged) / (end - start), acknowledged, len(saves) - len(acknowledged), cores
    )
