"""Freshness bench: how soon a submit shows in the report, with a worker and without one.

Starts, on loopback only and in a throw-away folder: a PostgreSQL server (or the one named
by BENCH_DATABASE_URL), gunicorn with the production profile and the background worker as
the README runs them. Builds a named round of 2,000 people (20 teams, one answer in ten
commented, all seven roles; a named round, because an anonymous one shows a new answer only
with a batch of them) and stores its results. Then:

1. **With a worker**: a respondent submits through the review page, and the head of
   product's report of the round is asked every 0.2 s until it counts them. Several
   submits, one after the other: the median and the slowest, each at most 5 s.
2. **With no worker**: the worker is stopped, one more person submits and the round's
   refresh is made overdue. The report of the 2,000-person round (too big to score while
   someone waits) must answer within 1 s, with its last results marked as updating; the
   report of a round of RESULTS_INLINE_MAX_PEOPLE people, scored while the person waits,
   within 1 s too.

Prints each figure beside its target with PASS / FAIL, writes var/bench-freshness.json and
exits 1 on any FAIL. Usage: make bench   (or .venv/bin/python benchmarks/freshness.py)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from faults import start_worker  # noqa: E402
from harness import Http, database, django_on, production_env, signed_in, start_gunicorn  # noqa: E402
from realistic import data_label  # noqa: E402

SECRET = "freshness-bench-" + os.urandom(32).hex()
PEOPLE = 2000
SHOWN_S = 5.0  # issue 26: a submit shows in the report at most this long after
PAGE_S = 1.0  # and with no worker, no page computes for longer than this
COUNTED = re.compile(rb"<strong>(\d+)</strong> submitted response")


def prepare(db_url: str) -> dict[str, Any]:
    """The frameworks, a named round of 2,000 people stored, people ready to submit, a round
    of RESULTS_INLINE_MAX_PEOPLE, and a signed-in admin."""
    django_on(db_url, SECRET)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from reports import _round

    from assessments.models import Assessment, Membership, Organisation, Team
    from assessments.reports import store
    from assessments.rounds import services
    from frameworks.models import FrameworkVersion, Statement

    version = FrameworkVersion.objects.order_by("-pk")[0]
    org = Organisation.objects.create(name="Freshness", slug="freshness")
    user = get_user_model().objects.create_user("freshness-admin")
    Membership.objects.create(user=user, organisation=org, role="admin")
    teams = Team.objects.bulk_create(
        [Team(organisation=org, name=f"Team {i:02d}") for i in range(20)]
    )
    big = _round(org, teams, version, {t.pk: PEOPLE // 20 for t in teams}, "Big round")
    inline = settings.RESULTS_INLINE_MAX_PEOPLE
    small = _round(org, teams[:10], version, {t.pk: inline // 10 for t in teams[:10]}, "Small")
    Assessment.objects.filter(pk__in=[big.pk, small.pk]).update(anonymity="named")
    for a in (big, small):
        a.refresh_from_db()
        store.refresh(a)
    option = version.scaleoption_set.get(scale__key="agreement", key="agree")
    tokens = []
    for n in range(6):
        invitation = services.invitation_create_personal(
            assessment=big, team=teams[n], email=f"fresh{n}@example.com", name=f"Fresh {n}"
        )
        respondent = services.respondent_for_personal_link(invitation=invitation)
        services.respondent_set_profile(respondent=respondent, role="designer", name=f"Fresh {n}")
        statements = Statement.objects.filter(version=version, audience="everyone")
        services.answers_save(
            respondent=respondent,
            statements={s.pk: {"option_id": option.pk, "comment": ""} for s in statements},
            activities={},
        )
        tokens.append(services.invitation_token(invitation))
    return {
        "big": f"/o/freshness/assessments/{big.pk}/report/",
        "small": f"/o/freshness/assessments/{small.pk}/report/",
        "ids": (big.pk, small.pk),
        "inline": inline,
        "tokens": tokens,
        "session": signed_in(user),
    }


def counted(client: Http, path: str) -> tuple[int, bytes, float]:
    start = time.perf_counter()
    status, _, body = client.request("GET", path)
    seconds = time.perf_counter() - start
    found = COUNTED.search(body)
    if status != 200 or not found:
        raise RuntimeError(f"GET {path}: HTTP {status}")
    return int(found.group(1)), body, seconds


def submit(port: int, token: str) -> None:
    client = Http(port)
    csrf = client.csrf(f"/r/{token}/review/")
    status, _, _ = client.request(
        "POST",
        f"/r/{token}/review/",
        f"csrfmiddlewaretoken={csrf}",
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}/",
        },
    )
    if status != 302:
        raise RuntimeError(f"submit answered HTTP {status}")


def until_counted(admin: Http, path: str, people: int, limit: float = 60) -> float:
    """Seconds from now until the report counts ``people``."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if counted(admin, path)[0] >= people:
            return time.monotonic() - start
        time.sleep(0.2)
    return float("inf")


def overdue(ids: tuple[int, ...]) -> None:
    from django.conf import settings
    from django.db import close_old_connections
    from django.utils import timezone

    from assessments.models import Assessment

    close_old_connections()
    late = timezone.now() - timedelta(seconds=settings.RESULTS_MAX_STALE_SECONDS + 1)
    Assessment.objects.filter(pk__in=ids).update(results_stale_since=late)


def run(args: argparse.Namespace) -> list[tuple[str, float, float]]:
    folder = Path(tempfile.mkdtemp(prefix="pmbench-fresh-"))
    db = database(folder)
    db_url = db.url
    processes: list[subprocess.Popen] = []
    try:
        data = prepare(db_url)
        env = production_env(folder, db_url, SECRET)
        log = (folder / "servers.log").open("w")
        gunicorn, port = start_gunicorn(env, log)
        worker = start_worker(env, log)
        processes += [gunicorn, worker]
        admin = Http(port, {"sessionid": data["session"]})
        people = counted(admin, data["big"])[0]
        time.sleep(3)  # the worker is up and polling
        waits = []
        for token in data["tokens"][: args.submits]:
            submit(port, token)
            people += 1
            waits.append(until_counted(admin, data["big"], people))
            print(f"  submit shown after {waits[-1]:.2f} s", flush=True)
        worker.terminate()
        worker.wait(10)
        submit(port, data["tokens"][-1])
        overdue(data["ids"])
        shown, body, big_s = counted(admin, data["big"])
        updating = b"updating with the latest answers" in body and shown == people
        small_s = counted(admin, data["small"])[2]
        label = data_label(PEOPLE)
        return [
            (
                f"Submit shown in the report, median (s), worker running ({label})",
                statistics.median(waits),
                SHOWN_S,
            ),
            (
                f"Submit shown in the report, slowest (s), worker running ({label})",
                max(waits),
                SHOWN_S,
            ),
            (f"Report with its refresh overdue, no worker (s) ({label})", big_s, PAGE_S),
            (
                "  ... shows its last results, marked as updating (1 = yes)",
                1.0 if updating else 0.0,
                -1,
            ),
            (
                f"Report scored while the person waits (s) ({data['inline']} people)",
                small_s,
                PAGE_S,
            ),
        ]
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                process.wait(10)
        db.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--submits", type=int, default=5)
    parser.add_argument("--json", default=str(ROOT / "var" / "bench-freshness.json"))
    args = parser.parse_args()
    rows = run(args)
    results = []
    print(f"\n{'figure':96} {'value':>8} {'target':>9}")
    for name, value, target in rows:
        if target < 0:  # a yes/no: 1 passes
            verdict = "PASS" if value == 1 else "FAIL"
            print(f"{name:96} {value:8.0f} {'= 1':>9}  {verdict}")
        else:
            verdict = "PASS" if value <= target else "FAIL"
            print(f"{name:96} {value:8.2f} {'≤ ' + format(target, 'g'):>9}  {verdict}")
        results.append(
            {"name": name, "value": round(value, 3), "target": target, "result": verdict}
        )
    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"results": results}, indent=2) + "\n", encoding="utf-8")
    print(f"\nResults written to {path}")
    if any(r["result"] == "FAIL" for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
