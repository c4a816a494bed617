"""Reviews bench: the consultant's pages, on the demo and on a firm with many clients.

Loads the frameworks and the demo into a throw-away SQLite database (Chris's firm, seven
clients, a delivered review), times each consultant page as Chris (Django's test client,
warmed once, median of --repeat requests) and counts its queries; then gives the firm
--clients more clients, each with an answered round, and times the pages whose cost could
grow with the number of clients: the workspace, the benchmark and the calibration across
clients. The workspace and the benchmark must read the same number of queries however many
clients the firm has. Prints each figure beside its target with PASS / FAIL, writes
var/bench-reviews.json and exits 1 on any FAIL.
Usage: make bench   (or .venv/bin/python benchmarks/reviews.py --clients 40)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import timed  # noqa: E402  (benchmarks/run.py: median and max of repeated calls)

# Page -> target median server time in ms on the 2-core machine.
TARGETS = {
    "workspace": 120,
    "review": 200,
    "review report": 150,
    "benchmark": 80,
    "firm calibration": 150,
    "questionnaire": 120,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--clients", type=int, default=40, help="the firm's clients at scale")
    parser.add_argument("--json", default=str(ROOT / "var" / "bench-reviews.json"))
    args = parser.parse_args()
    os.environ.setdefault("PMMATURITY_VAR_DIR", tempfile.mkdtemp(prefix="pmbench-reviews-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmmaturity.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_frameworks", verbosity=0)
    call_command("load_demo", verbosity=0)
    rows = measure(args.repeat, args.clients)
    failed = report(rows)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(rows, indent=2))
    print(f"Results written to {args.json}")
    sys.exit(1 if failed else 0)


def _pages() -> dict[str, str]:
    from assessments.models import Review

    delivered = Review.objects.get(status="delivered")
    fork = "/o/kestrel/questionnaires/"
    slug = delivered.organisation.slug
    return {
        "workspace": "/firm/",
        "review": f"/o/{slug}/reviews/{delivered.pk}/",
        "review report": f"/o/{slug}/reviews/{delivered.pk}/report/",
        "benchmark": f"/o/{slug}/benchmark/",
        "firm calibration": "/firm/calibration/",
        "questionnaire": fork,
    }


def _time(client: Any, path: str, repeat: int) -> tuple[float, float, int]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    reset_queries()  # request_started clears the log; start from empty
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    median, worst = timed(lambda: client.get(path), repeat)
    return median, worst, len(queries.captured_queries)


def _grow(clients: int) -> int:
    """Give the firm more clients, each with an answered round of two teams."""
    from django.contrib.auth import get_user_model

    from assessments.demo.consulting import _client, _latest_version, client_round
    from assessments.firms.models import Firm, FirmClient
    from assessments.organisations.models import Organisation

    firm = Firm.objects.get(slug="laine-partners")
    people = [get_user_model().objects.get(username=name) for name in ("chris", "priya")]
    version = _latest_version()
    assert version is not None, "the frameworks are loaded first"
    rng = random.Random(11)
    have = FirmClient.objects.filter(firm=firm).count()
    for n in range(have, clients):
        org = Organisation.objects.create(name=f"Client {n:03d}", slug=f"client-{n:03d}")
        _client(firm, org, *people)
        shape = {
            "Product": {f"Team {n}-{t}": [rng.uniform(0.2, 0.8) for _ in range(5)] for t in "ab"}
        }
        client_round(org, version, shape, _plan(), rng, people[0])
    return FirmClient.objects.filter(firm=firm).count()


def _plan() -> Any:
    from assessments.demo.consulting import CLIENT_ROUND

    return CLIENT_ROUND


def measure(repeat: int, clients: int) -> list[dict[str, Any]]:
    from django.test import Client

    client = Client()
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="chris"))
    pages = _pages()
    rows = []
    small = {}
    for name, path in pages.items():
        median, worst, queries = _time(client, path, repeat)
        small[name] = queries
        rows.append(_row(f"{name} (7 clients)", median, worst, queries, TARGETS[name]))
    grown = _grow(clients)
    for name in ("workspace", "benchmark", "firm calibration"):
        median, worst, queries = _time(client, pages[name], repeat)
        row = _row(f"{name} ({grown} clients)", median, worst, queries, TARGETS[name])
        if name != "firm calibration":
            row["flat"] = queries == small[name]
        rows.append(row)
    return rows


def _row(name: str, median: float, worst: float, queries: int, target: float) -> dict[str, Any]:
    return {
        "name": name,
        "median_ms": round(median, 1),
        "max_ms": round(worst, 1),
        "queries": queries,
        "target_ms": target,
    }


def report(rows: list[dict[str, Any]]) -> bool:
    failed = False
    print(f"{'Reviews bench':<34}{'median':>9}{'max':>9}{'queries':>9}{'target':>9}  result")
    for row in rows:
        ok = row["median_ms"] <= row["target_ms"] and row.get("flat", True)
        failed |= not ok
        flat = "" if "flat" not in row else ("  queries flat" if row["flat"] else "  QUERIES GREW")
        print(
            f"{row['name']:<34}{row['median_ms']:>7.1f}ms{row['max_ms']:>7.1f}ms"
            f"{row['queries']:>9}{row['target_ms']:>7}ms  {'PASS' if ok else 'FAIL'}{flat}"
        )
    return failed


if __name__ == "__main__":
    main()
