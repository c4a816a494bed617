"""Page-weight bench: what a first visit to the heavy pages costs the browser.

Starts, on loopback only and in a throw-away folder: a PostgreSQL server and gunicorn with
the production profile (DEBUG=false, collectstatic, WhiteNoise serving compressed static
files with far-future caching), loads the frameworks and the demo organisation, adds a big
round to it (20 teams of 100 people, benchmarks/realistic.py's data) and signs in as the
demo head of product. Then headless Chromium opens the big round's report, the Checkout
team's report, the demo's whole-round report and Checkout's roadmap board, each several
times in a fresh browser context (an empty cache: a first visit), and measures:

- bytes transferred: every response's over-the-wire size, headers included (Chromium's
  own count, ``encodedDataLength`` of the DevTools ``Network.loadingFinished`` events);
- the page's own HTML, as sent (compressed; our own guard, not the issue's);
- charts drawn: from navigation start until every plotly chart on the page has drawn
  its SVG (``performance.now()`` in the page).

No warm-up: the big round's report is the very first page the server renders after it
starts (issue 26), and that first visit is reported on its own as well as in the median
of every visit. With two workers the second visit may reach the other, as cold, worker.

Prints each figure (medians) beside its target with PASS / FAIL and writes
var/bench-pages.json; exits 1 on any FAIL.
Usage: make bench   (or .venv/bin/python benchmarks/pages.py --loads 5)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from harness import database, django_on, production_env, signed_in, start_gunicorn  # noqa: E402
from realistic import data_label  # noqa: E402

PY = sys.executable
CHROMIUM = "/usr/bin/chromium"
# Shared by this process (which signs the session) and the server.
SECRET = "pages-bench-" + os.urandom(32).hex()

# Issue 11: a first report load within 450 kB, charts drawn within 0.9 s on a cold cache;
# issue 26: within 0.9 s on a big round too, even on the first visit after the server starts.
MAX_KB = 450.0
MAX_DRAWN_MS = 900.0
# Our own guard that pages travel compressed: as sent they are 8-12 kB, uncompressed 50-95.
MAX_HTML_KB = 25.0
TIMEOUT_MS = 20_000
BIG_TEAMS, BIG_TEAM_SIZE = 20, 100
BIG_ROUND = f"Whole-round report ({data_label(BIG_TEAMS * BIG_TEAM_SIZE)})"

# Watches every frame from the page's first (an init script, so before any of the page's
# own): when each plotly chart has its traces drawn, and when app.js says all are drawn
# (pmChartsDrawn turns true after plotly's promises resolve). A chart may be drawn while the
# rest of the page is still read, so "drawn" is the frame when the last chart's traces were
# first seen (or all were said drawn, for a chart with no trace).
WATCH = """(() => {
  const seen = new Map();
  const look = () => {
    const now = performance.now();
    const charts = [...document.querySelectorAll("[data-plotly]")];
    charts.forEach((el) => {
      if (!seen.has(el) && el.querySelector(".main-svg .trace")) seen.set(el, now);
    });
    if (window.pmChartsDrawn === true) {
      window.pmBenchDrawnAt = Math.max(0, ...charts.map((el) => seen.get(el) ?? now));
    } else {
      requestAnimationFrame(look);
    }
  };
  requestAnimationFrame(look);
})();"""
DRAWN = "() => window.pmBenchDrawnAt !== undefined"


@dataclass
class Load:
    """One cold load of one page."""

    total_bytes: int = 0
    html_bytes: int = 0
    drawn_ms: float = 0.0
    ready_ms: float = 0.0  # DOMContentLoaded: when app.js starts drawing
    first_byte_ms: float = 0.0  # the page's first byte: the server's time, mostly
    requests: int = 0
    # URL (without the origin) -> (content encoding, bytes over the wire)
    resources: dict[str, tuple[str, int]] = field(default_factory=dict)
    accept_encoding: str = ""
    errors: list[str] = field(default_factory=list)


def prepare(db_url: str) -> dict[str, Any]:
    """Migrate, load the frameworks and the demo; the pages to open and hannah's session."""
    django_on(db_url, SECRET)
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from assessments.demo.load import demo_load
    from assessments.models import Assessment

    org = demo_load()
    # The closed baseline: every team has submitted answers and Checkout has a roadmap.
    baseline = (
        Assessment.objects.filter(organisation=org, roadmaps__team__name="Checkout")
        .order_by("opens_at")
        .first()
    )
    assert baseline is not None
    checkout = baseline.teams.get(name="Checkout")
    hannah = get_user_model().objects.get(username="hannah")
    session = signed_in(hannah)
    args = {"slug": org.slug, "pk": baseline.pk}
    big = big_round(org, baseline.framework_version)
    return {
        "session": session,
        "pages": {
            # First: the first page the server renders after it starts.
            BIG_ROUND: reverse("orgs:report", kwargs={"slug": org.slug, "pk": big.pk}),
            "Team report": reverse("orgs:report_team", kwargs={**args, "obj_pk": checkout.pk}),
            "Round report": reverse("orgs:report", kwargs=args),
            "Roadmap board": reverse("orgs:roadmap", kwargs={**args, "team_pk": checkout.pk}),
        },
    }


def big_round(org: Any, version: Any) -> Any:
    """A closed round of 2,000 people in new teams of the demo organisation, results stored."""
    from reports import _round  # benchmarks/reports.py: bulk-made answers

    from assessments.models import Team
    from assessments.reports import store

    teams = Team.objects.bulk_create(
        [Team(organisation=org, name=f"Bench team {i:02d}") for i in range(BIG_TEAMS)]
    )
    sizes = {t.pk: BIG_TEAM_SIZE for t in teams}
    assessment = _round(org, teams, version, sizes, "Bench round of 2,000")
    store.refresh(assessment)
    return assessment


def start_server(folder: Path, db_url: str) -> tuple[subprocess.Popen, int]:
    env = production_env(folder, db_url, SECRET)
    return start_gunicorn(env, (folder / "server.log").open("w"), "--workers", "2")


def cold_load(browser: Any, base: str, path: str, session: str) -> Load:
    """Open one page in a fresh context (empty cache) and count what came over the wire."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
    page = context.new_page()
    page.add_init_script(WATCH)
    cdp = context.new_cdp_session(page)
    load = Load()
    documents: set[str] = set()
    responses: dict[str, tuple[str, str]] = {}

    def received(event: dict) -> None:
        response = event["response"]
        if event.get("type") == "Document":
            documents.add(event["requestId"])
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        responses[event["requestId"]] = (
            response["url"].removeprefix(base),
            headers.get("content-encoding", "identity"),
        )

    def finished(event: dict) -> None:
        size = int(event["encodedDataLength"])
        load.total_bytes += size
        load.requests += 1
        if event["requestId"] in documents:
            load.html_bytes += size
        url, encoding = responses.get(event["requestId"], ("?", "?"))
        if not url.startswith("data:"):  # images inlined in a stylesheet: nothing sent
            load.resources[url] = (encoding, size)

    def sent(event: dict) -> None:
        # The request headers Chromium really sent on the wire.
        headers = {k.lower(): v for k, v in event.get("headers", {}).items()}
        if headers.get("accept-encoding") and not load.accept_encoding:
            load.accept_encoding = headers["accept-encoding"]

    cdp.on("Network.responseReceived", received)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.requestWillBeSentExtraInfo", sent)
    cdp.send("Network.enable")

    def console(message: Any) -> None:
        if message.type == "error":
            load.errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda e: load.errors.append(str(e)))
    try:
        page.goto(base + path, wait_until="load")
        page.wait_for_function(DRAWN, timeout=TIMEOUT_MS)
        load.drawn_ms = float(page.evaluate("window.pmBenchDrawnAt"))
        timing = page.evaluate(
            "(() => { const t = performance.getEntriesByType('navigation')[0];"
            " return [t.domContentLoadedEventStart, t.responseStart]; })()"
        )
        load.ready_ms, load.first_byte_ms = float(timing[0]), float(timing[1])
        page.wait_for_load_state("networkidle")  # count late requests too (favicon)
    except PlaywrightTimeout:
        load.errors.append(f"charts not drawn within {TIMEOUT_MS} ms")
        load.drawn_ms = TIMEOUT_MS
    finally:
        context.close()
    return load


def measure(port: int, data: dict[str, Any], loads: int) -> dict[str, list[Load]]:
    from playwright.sync_api import sync_playwright

    base = f"http://127.0.0.1:{port}"
    found: dict[str, list[Load]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            # No warm-up: the first load of the first page is the server's first render.
            for name, path in data["pages"].items():
                found[name] = [
                    cold_load(browser, base, path, data["session"]) for _ in range(loads)
                ]
        finally:
            browser.close()
    return found


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def rows_for(found: dict[str, list[Load]]) -> list[tuple[str, float, float]]:
    """(figure, median value, most allowed) for every page; the first visit's, for the
    first page opened after the server started."""
    rows: list[tuple[str, float, float]] = []
    for number, (name, loads) in enumerate(found.items()):
        if number == 0:
            first = (f"{name}: charts drawn, first visit after start (ms)", loads[0].drawn_ms)
            rows.append((*first, MAX_DRAWN_MS))
        kb = median([x.total_bytes for x in loads]) / 1000
        html_kb = median([x.html_bytes for x in loads]) / 1000
        drawn = median([x.drawn_ms for x in loads])
        errors = max(len(x.errors) for x in loads)
        rows += [
            (f"{name}: kB transferred", kb, MAX_KB),
            (f"{name}: HTML as sent (kB)", html_kb, MAX_HTML_KB),
            (f"{name}: charts drawn, cold, median (ms)", drawn, MAX_DRAWN_MS),
            (f"{name}: console errors", errors, 0),
        ]
    return rows


def details(found: dict[str, list[Load]]) -> dict[str, Any]:
    """What the targets do not judge but a reader wants: every load, requests, encodings."""
    return {
        name: {
            "requests": loads[0].requests,
            "accept_encoding": loads[0].accept_encoding,
            "first_byte_ms": [round(x.first_byte_ms) for x in loads],
            "dom_ready_ms": [round(x.ready_ms) for x in loads],
            "charts_drawn_ms": [round(x.drawn_ms) for x in loads],
            "bytes": [x.total_bytes for x in loads],
            "resources": {
                url: {"encoding": encoding, "bytes": size}
                for url, (encoding, size) in sorted(loads[0].resources.items())
            },
            "errors": sorted({e for x in loads for e in x.errors}),
        }
        for name, loads in found.items()
    }


def describe(pages: dict[str, Any]) -> None:
    for name, page in pages.items():
        print(f"{name}: {page['requests']} requests, Accept-Encoding {page['accept_encoding']!r}")
        print(f"  first byte, each load (ms)    {page['first_byte_ms']}")
        print(f"  DOM ready, each load (ms)     {page['dom_ready_ms']}")
        print(f"  charts drawn, each load (ms)  {page['charts_drawn_ms']}")
        for url, sent in page["resources"].items():
            print(f"  {sent['bytes'] / 1000:7.1f} kB  {sent['encoding']:9} {url}")
        for error in page["errors"]:
            print(f"  console error: {error}")
    print()


def report(rows: list[tuple[str, float, float]], pages: dict[str, Any], json_path: Path) -> None:
    """Print each figure beside its target (as benchmarks/run.py and load.py do); write JSON."""
    results = []
    width = max(len(name) for name, _, _ in rows)
    print(f"{'figure':{width}} {'value':>10} {'target':>10}")
    for name, value, target in rows:
        verdict = "PASS" if value <= target else "FAIL"
        print(f"{name:{width}} {value:>10.1f} ≤{target:>9.1f}  {verdict}")
        results.append(
            {"name": name, "value": round(value, 1), "target": target, "result": verdict}
        )
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(
        json.dumps({"results": results, "pages": pages}, indent=2) + "\n", encoding="utf-8"
    )
    print(f"\nResults written to {json_path}")
    if any(r["result"] == "FAIL" for r in results):
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--loads", type=int, default=5, help="cold loads of each page")
    parser.add_argument("--json", default=str(ROOT / "var" / "bench-pages.json"))
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"FAIL: Chromium not found at {CHROMIUM} (apt-get install chromium)")
    folder = Path(tempfile.mkdtemp(prefix="pmpages-"))
    pg = database(folder)
    gunicorn = None
    try:
        data = prepare(pg.url)
        gunicorn, port = start_server(folder, pg.url)
        found = measure(port, data, args.loads)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        pg.stop()
        shutil.rmtree(folder, ignore_errors=True)
    pages = details(found)
    describe(pages)
    report(rows_for(found), pages, Path(args.json))


if __name__ == "__main__":
    main()
