"""Benchmarks: server time for loading content and rendering the heavy pages.

Runs against a throw-away SQLite database (or DATABASE_URL if set) and prints a table.
Usage: make bench   (or .venv/bin/python benchmarks/run.py --repeat 20)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    os.environ.setdefault("PMMATURITY_VAR_DIR", tempfile.mkdtemp(prefix="pmbench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmmaturity.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from frameworks.loader import content_files, load_content_files
    from frameworks.models import FrameworkVersion

    call_command("migrate", verbosity=0)
    rows: list[tuple[str, float, float | None, int | None]] = []
    start = time.perf_counter()
    load_content_files(content_files())
    rows.append(("load_frameworks, first load", (time.perf_counter() - start) * 1000, None, None))
    median, worst = timed(lambda: load_content_files(content_files()), args.repeat)
    rows.append(("load_frameworks, unchanged reload", median, worst, None))

    version = FrameworkVersion.objects.select_related("framework").first()
    assert version is not None
    client = Client()
    base = f"/instruments/{version.framework.slug}/{version.label}"
    for name, url in [
        ("Maturity Model page", f"{base}/maturity-model/"),
        ("Activities page", f"{base}/activities/"),
        ("Dashboard page (8 gauges)", f"{base}/dashboard/"),
        ("Home page", "/"),
    ]:
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        median, worst = timed(lambda u=url: client.get(u), args.repeat)  # type: ignore[misc]
        rows.append((name, median, worst, len(queries)))

    print(f"{'benchmark':40} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for name, med, most, nq in rows:
        worst_s = f"{most:8.1f}" if most is not None else f"{'':8}"
        nq_s = f"{nq:8d}" if nq is not None else f"{'':8}"
        print(f"{name:40} {med:10.1f} {worst_s} {nq_s}")


if __name__ == "__main__":
    main()
