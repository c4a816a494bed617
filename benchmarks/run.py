"""Benchmarks: server time for loading content and rendering the heavy pages.

Runs against a throw-away SQLite database (or DATABASE_URL if set) and prints a table.
Usage: make bench   (or .venv/bin/python benchmarks/run.py --repeat 20)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# Targets for the median, in ms, on a 2-core machine like the ones we work on. Pages a
# person waits for stay well under the 100 ms that feels instant; a report of a whole
# 1,000-person round and a full raw export get more room.
TARGETS_MS = {
    "load_frameworks, first load": 1000,
    "load_frameworks, unchanged reload": 500,
    "demo organisation": 10_000,
    "Organisation page": 100,
    "Participation page": 100,
    "Questionnaire section": 100,
    "Autosave one answer": 50,
    "Review page": 100,
    "Maturity Model page": 100,
    "Activities page": 100,
    "Dashboard page": 100,
    "Home page": 100,
    "Team report": 400,
    "Organisation report": 500,
    "Raw answers CSV": 1500,
}


def target_for(name: str) -> int:
    return next(ms for prefix, ms in TARGETS_MS.items() if name.startswith(prefix))


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
    parser.add_argument(
        "--json", default=str(ROOT / "var" / "bench.json"), help="where to write the results"
    )
    args = parser.parse_args()

    os.environ.setdefault("PMMATURITY_VAR_DIR", tempfile.mkdtemp(prefix="pmbench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmmaturity.settings")
    # Time making the raw-answers file itself (what a background worker does for large
    # rounds), not the page that offers to make it.
    os.environ.setdefault("EXPORT_INLINE_MAX_RESPONSES", str(10**9))
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.signals import request_finished
    from django.db import close_old_connections, connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from frameworks.loader import content_files, load_content_files
    from frameworks.models import FrameworkVersion

    # As in Django's test client: keep one connection across requests, so the query
    # counts below see every query (and timings exclude reconnecting).
    request_finished.disconnect(close_old_connections)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    rows: list[tuple[str, float, float | None, int | None]] = []
    start = time.perf_counter()
    load_content_files(content_files())
    rows.append(("load_frameworks, first load", (time.perf_counter() - start) * 1000, None, None))
    median, worst = timed(lambda: load_content_files(content_files()), args.repeat)
    rows.append(("load_frameworks, unchanged reload", median, worst, None))

    from assessments.demo import demo_load
    from assessments.models import Assessment, Invitation
    from assessments.rounds.services import (
        invitation_create_personal,
        invitation_token,
        respondent_for_personal_link,
        respondent_set_profile,
    )

    start = time.perf_counter()
    demo_load()
    rows.append(
        (
            "demo organisation (2 rounds, ~110 people)",
            (time.perf_counter() - start) * 1000,
            None,
            None,
        )
    )

    version = FrameworkVersion.objects.select_related("framework").first()
    assert version is not None
    client = Client()
    staff_client = Client()
    from django.contrib.auth import get_user_model

    staff_client.force_login(get_user_model().objects.get(username="hannah"))
    current = Assessment.objects.order_by("-opens_at").first()
    assert current is not None
    invitation = invitation_create_personal(
        assessment=current, team=current.teams.all()[0], email="bench@example.com"
    )
    respondent_set_profile(
        respondent=respondent_for_personal_link(invitation=invitation), role="engineer"
    )
    token = invitation_token(invitation)
    first_statement = version.statement_set.order_by("enabler__order", "order").first()
    assert first_statement is not None
    agree = version.scaleoption_set.get(scale__key="agreement", key="agree")
    section_key = first_statement.enabler.key

    for name, path in [
        ("Organisation page (demo)", "/o/brightwater/"),
        (
            f"Participation page ({current.respondents.count()} respondents)",
            f"/o/brightwater/assessments/{current.pk}/",
        ),
    ]:
        assert staff_client.get(path).status_code == 200
        reset_queries()  # request_started clears the log; start from empty
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(path)
        median, worst = timed(lambda p=path: staff_client.get(p), args.repeat)  # type: ignore[misc]
        rows.append((name, median, worst, len(queries)))

    respond = Client()
    for name, method, path, data in [
        ("Questionnaire section (GET)", "get", f"/r/{token}/s/{section_key}/", None),
        (
            "Autosave one answer (POST)",
            "post",
            f"/r/{token}/save/",
            {f"s-{first_statement.pk}": agree.pk},
        ),
        ("Review page (GET)", "get", f"/r/{token}/review/", None),
    ]:
        call = getattr(respond, method)
        assert call(path, data or {}).status_code == 200
        reset_queries()  # request_started clears the log; start from empty
        with CaptureQueriesContext(connection) as queries:
            call(path, data or {})
        median, worst = timed(lambda c=call, p=path, d=data: c(p, d or {}), args.repeat)  # type: ignore[misc]
        rows.append((name, median, worst, len(queries)))
    assert Invitation.objects.exists()
    base = f"/instruments/{version.framework.slug}/{version.label}"
    for name, url in [
        ("Maturity Model page", f"{base}/maturity-model/"),
        ("Activities page", f"{base}/activities/"),
        ("Dashboard page (8 gauges)", f"{base}/dashboard/"),
        ("Home page", "/"),
    ]:
        assert client.get(url).status_code == 200
        reset_queries()  # request_started clears the log; start from empty
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        median, worst = timed(lambda u=url: client.get(u), args.repeat)  # type: ignore[misc]
        rows.append((name, median, worst, len(queries)))

    rows += report_benchmarks(version, args.repeat, timed)

    report(rows, Path(args.json))


def report(rows: list[tuple[str, float, float | None, int | None]], json_path: Path) -> None:
    """Print each figure beside its target, write them all as JSON; exit 1 on any FAIL."""
    results = []
    print(f"{'benchmark':48} {'median ms':>10} {'max ms':>8} {'queries':>8} {'target':>8}")
    for name, med, most, nq in rows:
        target = target_for(name)
        verdict = "PASS" if med <= target else "FAIL"
        worst_s = f"{most:8.1f}" if most is not None else f"{'':8}"
        nq_s = f"{nq:8d}" if nq is not None else f"{'':8}"
        print(f"{name:48} {med:10.1f} {worst_s} {nq_s} {target:8d}  {verdict}")
        results.append(
            {
                "name": name,
                "median_ms": round(med, 1),
                "max_ms": None if most is None else round(most, 1),
                "queries": nq,
                "target_ms": target,
                "result": verdict,
            }
        )
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps({"results": results}, indent=2) + "\n", encoding="utf-8")
    print(f"\nResults written to {json_path}")
    if any(r["result"] == "FAIL" for r in results):
        sys.exit(1)


def report_benchmarks(version: Any, repeat: int, timed: Any) -> list[Any]:
    """A 200-team organisation (5 people each) plus one team of 12, then time the reports."""
    import random

    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
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
    org = Organisation.objects.create(name="Bench Org", slug="bench-org")
    user = get_user_model().objects.create_user("bench-admin")  # logged in with force_login
    Membership.objects.create(user=user, organisation=org, role="admin")
    teams = Team.objects.bulk_create(
        [Team(organisation=org, name=f"Team {i:03d}") for i in range(200)]
    )
    now = timezone.now()
    assessment = Assessment.objects.create(
        organisation=org,
        name="Bench round",
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
    people = []
    for inv in invitations:
        size = 12 if inv.team_id == teams[0].pk else 5
        people += [
            Respondent(
                assessment=assessment,
                team_id=inv.team_id,
                invitation=inv,
                nonce=f"r{inv.pk}-{i}",
                token_hash=f"rh{inv.pk}-{i}",
                role=rng.choice(["engineer", "product_manager", "designer"]),
                submitted_at=now,
            )
            for i in range(size)
        ]
    people = Respondent.objects.bulk_create(people, batch_size=2000)
    options = list(version.scaleoption_set.filter(scale__key="agreement"))
    perf = [
        o for o in version.scaleoption_set.filter(scale__key="performance") if o.score is not None
    ]
    leaders = list(version.activityleader_set.all())
    statements = list(version.statement_set.all())
    activities = list(version.activity_set.all())
    Answer.objects.bulk_create(
        (
            Answer(respondent=p, statement=s, option=rng.choice(options))
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
    client = Client()
    client.force_login(user)
    rows = []
    for name, path in [
        (
            "Team report (12 respondents)",
            f"/o/bench-org/assessments/{assessment.pk}/report/team/{teams[0].pk}/",
        ),
        (
            "Organisation report (200 teams, 1,007 people)",
            f"/o/bench-org/assessments/{assessment.pk}/report/",
        ),
        (
            "Raw answers CSV (200 teams)",
            f"/o/bench-org/assessments/{assessment.pk}/report/export.csv?what=answers",
        ),
    ]:
        assert client.get(path).status_code == 200
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        median, worst = timed(lambda p=path: client.get(p), max(3, repeat // 4))
        rows.append((name, median, worst, len(queries)))
    return rows


if __name__ == "__main__":
    main()
