"""Export bench: time and worker memory of the raw-answers CSV, the XLSX and the scores CSV.

Builds a throw-away SQLite database with a 2,000-person and a 1,000-person anonymous round
(five people a team, every statement and activity answered), then measures each export in a
fresh process, so its memory figure starts clean: peak resident memory while the export is
made, minus the resident memory just before (Django set up, the framework loaded).

- Raw answers CSV, 2,000 people: made as the background worker makes it (to a file in the
  storage), and as the streaming download sends it (read to the end, then dropped).
- XLSX, 1,000 people: made as the background worker makes it.
- Scores CSV, 1,000 people: the download as a person gets it, with the queries it runs; it
  must read no raw answers.

Prints each figure beside its target with PASS / FAIL, writes var/bench-exports.json and
exits 1 on any FAIL.
Usage: make bench   (or .venv/bin/python benchmarks/exports.py --repeat 3)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from realistic import comment, data_label, role  # noqa: E402

BIG, MID = 2000, 1000  # people in the two rounds
TEAM_SIZE = 5
B, M = data_label(BIG), data_label(MID)  # named beside each figure
# name: (target, unit). ms: median time; MB: peak resident memory growth; queries: count.
TARGETS: dict[str, tuple[float, str]] = {
    f"Raw answers CSV, {B}, worker: time": (3000, "ms"),
    f"Raw answers CSV, {B}, worker: memory": (30, "MB"),
    f"Raw answers CSV, {B}, download: time": (3000, "ms"),
    f"Raw answers CSV, {B}, download: memory": (30, "MB"),
    f"XLSX, {M}, worker: time": (2000, "ms"),
    f"XLSX, {M}, worker: memory": (100, "MB"),
    f"Scores CSV, {M}, download: time": (100, "ms"),
    f"Scores CSV, {M}: queries on answer tables": (0, "queries"),
}

Row = tuple[str, float, float | None, int | None]  # name, median, max, queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--json",
        default=str(ROOT / "var" / "bench-exports.json"),
        help="where to write the results",
    )
    parser.add_argument(
        "--var-dir", help="keep the database here, and use the one already there (default: new)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)  # one measurement, in its own process
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child](args.repeat)))
        return
    var_dir = Path(args.var_dir or tempfile.mkdtemp(prefix="pmbench-exports-"))
    os.environ["PMMATURITY_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pmmaturity.settings"
    # The downloads are timed as downloads, however many people: never "made in the background".
    os.environ["EXPORT_INLINE_MAX_RESPONSES"] = str(10**9)
    start = time.perf_counter()
    if not (var_dir / "db.sqlite3").exists():
        prepare()
    print(f"Database ready in {time.perf_counter() - start:.0f} s; measuring.", flush=True)
    rows: list[Row] = []
    for child in CHILDREN:
        rows += as_rows(child, measure_in_child(child, args.repeat))
    report(rows, Path(args.json))


def prepare() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from frameworks.loader import content_files, load_content_files
    from frameworks.models import FrameworkVersion

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    load_content_files(content_files())
    version = FrameworkVersion.objects.order_by("-pk").first()
    assert version is not None
    make_round(version, "bench-big", BIG)
    make_round(version, "bench-mid", MID)


def make_round(version: Any, slug: str, people_count: int) -> None:
    """An organisation with one anonymous round, every statement and activity answered."""
    import random

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from assessments.models import (
        ActivityAnswer,
        Answer,
        Assessment,
        Invitation,
        Membership,
        Organisation,
        Respondent,
        Team,
    )

    rng = random.Random(7)
    org = Organisation.objects.create(name=f"Bench {people_count}", slug=slug)
    user = get_user_model().objects.create_user(f"{slug}-admin")
    Membership.objects.create(user=user, organisation=org, role="admin")
    teams = Team.objects.bulk_create(
        [Team(organisation=org, name=f"Team {i:03d}") for i in range(people_count // TEAM_SIZE)]
    )
    now = timezone.now()
    assessment = Assessment.objects.create(
        organisation=org,
        name=f"Bench round of {people_count}",
        framework_version=version,
        opens_at=now - timedelta(days=10),
        closes_at=now + timedelta(days=1),
        anonymity="anonymous",
    )
    assessment.teams.set(teams)
    invitations = Invitation.objects.bulk_create(
        [
            Invitation(
                assessment=assessment, team=t, kind="team", nonce=f"n{t.pk}", token_hash=f"h{t.pk}"
            )
            for t in teams
        ]
    )
    people = Respondent.objects.bulk_create(
        [
            Respondent(
                assessment=assessment,
                team_id=inv.team_id,
                invitation=inv,
                nonce=f"r{inv.pk}-{i}",
                token_hash=f"rh{inv.pk}-{i}",
                role=role(rng),
                submitted_at=now,
            )
            for inv in invitations
            for i in range(TEAM_SIZE)
        ],
        batch_size=2000,
    )
    options = list(version.scaleoption_set.filter(scale__key="agreement"))
    perf = [o for o in version.scaleoption_set.filter(scale__key="performance") if o.score]
    leaders = list(version.activityleader_set.all())
    statements = list(version.statement_set.all())
    activities = list(version.activity_set.all())
    Answer.objects.bulk_create(
        (
            Answer(
                respondent=p,
                statement=s,
                option=rng.choice(options),
                comment=comment(rng),
            )
            for p in people
            for s in statements
        ),
        batch_size=5000,
    )
    ActivityAnswer.objects.bulk_create(
        (
            ActivityAnswer(
                respondent=p, activity=a, leader=rng.choice(leaders), performance=rng.choice(perf)
            )
            for p in people
            for a in activities
        ),
        batch_size=5000,
    )
    # Reports read the stored results, which answers saved by bulk_create never refresh.
    from assessments.reports import store

    store.refresh(assessment)


# --- measurements, each run in a fresh process ---------------------------------------------


def measure_in_child(child: str, repeat: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", child, "--repeat", str(repeat)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=os.environ)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        sys.exit(f"FAIL: measuring {child} stopped with exit code {done.returncode}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _status(field: str) -> int:
    """A figure from /proc/self/status, in kB."""
    text = Path("/proc/self/status").read_text()
    found = re.search(rf"^{field}:\s+(\d+)", text, re.MULTILINE)
    assert found is not None, field
    return int(found.group(1))


def _reset_peak() -> bool:
    """Start the peak-memory count from now (Linux 4.0+); False where that is not allowed."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _measured(fn: Callable[[], object]) -> tuple[float, float]:
    """(ms, MB): how long fn took, and how far resident memory rose above where it started."""
    reset = _reset_peak()
    before_kb = _status("VmRSS")
    # Without a reset, the peak so far is the baseline: growth below it cannot be seen.
    baseline_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    fn()
    ms = (time.perf_counter() - start) * 1000
    peak_kb = _status("VmHWM") if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if not reset:
        before_kb = max(before_kb, baseline_peak)
    return ms, max(0, peak_kb - before_kb) / 1024


def _setup(slug: str) -> tuple[Any, Any]:
    """Django, the round and its admin, the framework loaded: the state an export starts from."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    import assessments.exports.making  # noqa: F401  (django.setup imported every maker)
    from assessments.models import Assessment
    from assessments.reports.selectors import framework_for

    assessment = Assessment.objects.get(organisation__slug=slug)
    framework_for(assessment)
    return assessment, get_user_model().objects.get(username=f"{slug}-admin")


def _worker(slug: str, kind: str, repeat: int) -> dict[str, Any]:
    """Make the export as the background worker does; time each, memory of the first."""
    assessment, user = _setup(slug)
    from assessments.exports import making
    from assessments.exports.models import ExportJob

    times, memory, size = [], [], 0
    for _ in range(repeat):
        job = ExportJob.objects.create(
            organisation_id=assessment.organisation_id,
            assessment=assessment,
            requested_by=user,
            kind=kind,
            scope_kind="round",
            title="bench",
        )
        ms, mb = _measured(partial(making.make, job))
        job.refresh_from_db()
        assert job.status == ExportJob.Status.READY, job.problem
        size = job.file.size
        job.file.delete(save=False)
        times.append(ms)
        memory.append(mb)
    return {"ms": times, "mb": memory[0], "bytes": size}


def answers_worker(repeat: int) -> dict[str, Any]:
    return _worker("bench-big", "report-answers", repeat)


def xlsx_worker(repeat: int) -> dict[str, Any]:
    return _worker("bench-mid", "report-xlsx", repeat)


def _client(user: Any) -> Any:
    from django.core.signals import request_finished
    from django.db import close_old_connections
    from django.test import Client

    # As in Django's test client: one connection across requests, so every query is seen.
    request_finished.disconnect(close_old_connections)
    client = Client()
    client.force_login(user)
    return client


def _read(response: Any) -> int:
    """Read the body as a browser would, keeping none of it; its length."""
    assert response.status_code == 200, response.status_code
    if not response.streaming:
        return len(response.content)
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    response.close()
    return size


def answers_download(repeat: int) -> dict[str, Any]:
    from django.urls import resolve

    assessment, user = _setup("bench-big")
    client = _client(user)
    path = f"/o/bench-big/assessments/{assessment.pk}/report/export.csv?what=answers"
    # A server has read its URLs (and the modules they import: the API's, the calendars'...)
    # by its first request; the first download is measured for the download, not for that.
    resolve(path.split("?")[0])
    sizes: list[int] = []
    runs = [_measured(lambda: sizes.append(_read(client.get(path)))) for _ in range(repeat)]
    return {"ms": [ms for ms, _ in runs], "mb": runs[0][1], "bytes": sizes[0]}


def scores_download(repeat: int) -> dict[str, Any]:
    assessment, user = _setup("bench-mid")
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from assessments.rounds.models import ActivityAnswer, Answer

    client = _client(user)
    path = f"/o/bench-mid/assessments/{assessment.pk}/report/export.csv"
    reset_queries()  # each request starts a new log: start from an empty one
    with CaptureQueriesContext(connection) as queries:
        size = _read(client.get(path))
    tables = (Answer._meta.db_table, ActivityAnswer._meta.db_table)
    raw = [q["sql"] for q in queries if any(f'"{t}"' in q["sql"] for t in tables)]
    times = [_measured(lambda: _read(client.get(path)))[0] for _ in range(max(5, repeat))]
    return {"ms": times, "queries": len(queries), "answer_queries": len(raw), "bytes": size}


CHILDREN: dict[str, Callable[[int], dict[str, Any]]] = {
    "answers-worker": answers_worker,
    "answers-download": answers_download,
    "xlsx-worker": xlsx_worker,
    "scores-download": scores_download,
}
NAMES = {
    "answers-worker": f"Raw answers CSV, {B}, worker",
    "answers-download": f"Raw answers CSV, {B}, download",
    "xlsx-worker": f"XLSX, {M}, worker",
    "scores-download": f"Scores CSV, {M}, download",
}


def as_rows(child: str, got: dict[str, Any]) -> list[Row]:
    name = NAMES[child]
    queries = got.get("queries")
    rows: list[Row] = [(f"{name}: time", statistics.median(got["ms"]), max(got["ms"]), queries)]
    if "mb" in got:
        rows.append((f"{name}: memory", got["mb"], None, None))
    if "answer_queries" in got:
        rows.append(
            (
                f"Scores CSV, {M}: queries on answer tables",
                got["answer_queries"],
                None,
                None,
            )
        )
    print(f"  {name}: {got['bytes'] / 1e6:.1f} MB file", flush=True)
    return rows


def report(rows: list[Row], json_path: Path) -> None:
    """Print each figure beside its target, write them all as JSON; exit 1 on any FAIL.

    The table of benchmarks/run.py, with the unit of each figure beside it.
    """
    results = []
    print(f"\n{'benchmark':52} {'median':>10} {'max':>8} {'queries':>8} {'target':>8}")
    for name, med, most, nq in rows:
        target, unit = TARGETS[name]
        verdict = "PASS" if med <= target else "FAIL"
        worst_s = f"{most:8.1f}" if most is not None else f"{'':8}"
        nq_s = f"{nq:8d}" if nq is not None else f"{'':8}"
        print(f"{name:52} {med:10.1f} {worst_s} {nq_s} {target:8g}  {unit:7} {verdict}")
        results.append(
            {
                "name": name,
                "median": round(med, 1),
                "max": None if most is None else round(most, 1),
                "unit": unit,
                "queries": nq,
                "target": target,
                "result": verdict,
            }
        )
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps({"results": results}, indent=2) + "\n", encoding="utf-8")
    print(f"\nResults written to {json_path}")
    if any(r["result"] == "FAIL" for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
