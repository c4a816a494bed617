"""Comparison bench: the page that compares departments, teams and rounds.

The issue's target: the comparison page for 200 teams × 3 rounds of 2,000 respondents each
renders in ≤ 100 ms server time on the 2-core machine, with a query count that does not
grow with teams or rounds.

Seeds a throw-away SQLite database (or reuses the one in --var-dir): three organisations
(10 departments × 20 teams with 3 rounds a quarter apart of 2,000 people each and targets in
the latest; 20 teams × 3 rounds; 200 teams × 2 rounds), anonymous rounds (groups of 3 or
more), everyone submitted with every statement and activity answered, sizes, roles and
answers varied so levels differ, and the stored results refreshed. Then, as an organisation
admin with Django's test client, times each latest round's page compared with the first
(?since=), warmed once, median of --repeat requests, the big one also with each filter;
the three query counts must be equal. Prints each figure beside its target with PASS / FAIL
(with a profile of the slowest page when it misses), writes var/bench-comparisons.json and
exits 1 on any FAIL.
Usage: make bench   (or .venv/bin/python benchmarks/comparisons.py --repeat 15)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from harness import print_profile  # noqa: E402
from realistic import comment, data_label, role  # noqa: E402
from run import timed  # noqa: E402  (benchmarks/run.py: median and max of repeated calls)

PAGE_MS = 100  # the target for the page's median server time


@dataclass(frozen=True)
class Shape:
    slug: str
    departments: int
    teams_per_department: int
    rounds: int
    people: int  # per round

    @property
    def label(self) -> str:
        teams = self.departments * self.teams_per_department
        return f"{teams} teams × {self.rounds} rounds of {data_label(self.people)}"


BIG = Shape("bench-compare", 10, 20, 3, 2000)
FEW_TEAMS = Shape("bench-compare-20", 2, 10, 3, 200)
FEW_ROUNDS = Shape("bench-compare-2r", 10, 20, 2, 2000)
# FEW_TEAMS with ten times the people: the page must cost the same (issue 26, ≤ 1.2×).
MANY_PEOPLE = Shape("bench-compare-20-2k", 2, 10, 3, 2000)
SHAPES = (BIG, FEW_TEAMS, FEW_ROUNDS, MANY_PEOPLE)
FLAT_RATIO = 1.2

# name, median ms, max ms, queries, target ms (None: shown for information)
Row = tuple[str, float, float | None, int | None, float | None]
Scale = tuple[list[Any], Any]  # options from lowest to highest score, and "don't know"
Check = tuple[str, bool]  # what must hold, whether it does
_NA: tuple[None, None, None] = (None, None, None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--json", default=str(ROOT / "var" / "bench-comparisons.json"))
    parser.add_argument(
        "--profile", action="store_true", help="profile the slowest page even when it passes"
    )
    parser.add_argument(
        "--var-dir", help="keep the database here, and use the one already there (default: new)"
    )
    args = parser.parse_args()
    var_dir = Path(args.var_dir or tempfile.mkdtemp(prefix="pmbench-comparisons-"))
    os.environ["PMMATURITY_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pmmaturity.settings"
    import django

    django.setup()
    rows: list[Row] = []
    if not (var_dir / "db.sqlite3").exists():
        start = time.perf_counter()
        people = prepare()
        seconds = time.perf_counter() - start
        rows.append((f"Seeding ({people:,} people, answers, stored results)", seconds * 1000, *_NA))
        print(f"Database ready in {seconds:.0f} s; measuring.", flush=True)
    measured, checks = measure(args.repeat, args.profile)
    report(rows + measured, checks, Path(args.json))


# --- seeding -------------------------------------------------------------------------------


def prepare() -> int:
    """Migrate, load the frameworks, seed every organisation; how many people answered."""
    from django.core.management import call_command

    from frameworks.loader import content_files, load_content_files
    from frameworks.models import FrameworkVersion

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    load_content_files(content_files())
    from frameworks.services import version_freeze

    version = FrameworkVersion.objects.order_by("-pk").first()
    assert version is not None
    # A version with answers is frozen (the first answer freezes it in the app; rows made
    # here in bulk do not), and pages keep a frozen version's content between requests.
    version_freeze(version=version)
    content = Content(version)
    people = 0
    for shape in SHAPES:
        start = time.perf_counter()
        make_organisation(shape, content)
        people += shape.rounds * shape.people
        print(f"  {shape.slug} ({shape.label}): {time.perf_counter() - start:.1f} s", flush=True)
    return people


class Content:
    """What answers are made of, read once from the framework version."""

    def __init__(self, version: Any) -> None:
        self.version = version
        options = list(version.scaleoption_set.select_related("scale").order_by("score"))
        self.agreement = self._scale(options, "agreement")
        self.performance = self._scale(options, "performance")
        self.leaders = [leader.pk for leader in version.activityleader_set.all()]
        self.statements = [
            (s.pk, s.level.order if s.level else 1, s.reverse_scored)
            for s in version.statement_set.select_related("level")
        ]
        self.activities = [a.pk for a in version.activity_set.all()]
        self.enablers = [e.pk for e in version.enabler_set.all()]
        self.levels = [level.pk for level in version.level_set.order_by("order")]

    @staticmethod
    def _scale(options: list[Any], key: str) -> Scale:
        """A scale's options from lowest to highest score, and its "don't know"."""
        found = [o for o in options if o.scale.key == key]
        return [o for o in found if o.score is not None], next(o for o in found if o.score is None)


def _clamp(x: float) -> float:
    return min(1.0, max(0.0, x))


def _pick(scale: Scale, truth: float, rng: random.Random) -> int:
    """An option near how true the statement is for this person; now and then don't know."""
    options, unknown = scale
    if rng.random() < 0.03:
        return int(unknown.pk)
    i = round((len(options) - 1) * truth + rng.gauss(0, 0.8))
    return int(options[min(len(options) - 1, max(0, i))].pk)


def _truth(maturity: float, level_order: int, reverse: bool) -> float:
    """How far someone on this footing agrees with a statement of this level."""
    agreed = _clamp((maturity - 0.3 * level_order + 0.15) / 0.35)
    return 1 - agreed if reverse else agreed


def make_organisation(shape: Shape, content: Content) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from assessments.models import Department, Membership, Organisation, Target, Team
    from assessments.reports import store

    rng = random.Random(shape.slug)
    org = Organisation.objects.create(name=f"Bench {shape.label}", slug=shape.slug)
    user = get_user_model().objects.create_user(f"{shape.slug}-admin")
    Membership.objects.create(user=user, organisation=org, role="admin")
    departments = Department.objects.bulk_create(
        [Department(organisation=org, name=f"Department {d:02d}") for d in range(shape.departments)]
    )
    teams = Team.objects.bulk_create(
        [
            Team(organisation=org, department=d, name=f"Team {i:03d}")
            for i, d in enumerate(d for d in departments for _ in range(shape.teams_per_department))
        ]
    )
    # Each team has its footing and its pace, its department a lean; sizes vary by team.
    lean = {d.pk: rng.uniform(-0.15, 0.15) for d in departments}
    footing = {
        t.pk: _clamp(rng.uniform(0.05, 0.75) + lean.get(t.department_id or 0, 0.0)) for t in teams
    }
    pace = {t.pk: rng.uniform(-0.08, 0.15) for t in teams}
    weight = {t.pk: rng.uniform(0.2, 1.8) for t in teams}
    now = timezone.now()
    latest = None
    for r in range(shape.rounds):
        opens = now - timedelta(days=30 + 91 * (shape.rounds - 1 - r))
        maturity = {pk: _clamp(footing[pk] + r * pace[pk]) for pk in footing}
        latest = make_round(org, teams, content, shape.people, maturity, weight, opens, r, rng)
        store.refresh(latest)
    # Targets for every eighth team in the latest round: two enablers a level above.
    Target.objects.bulk_create(
        Target(
            assessment=latest,
            team=t,
            enabler_id=enabler,
            level_id=content.levels[min(len(content.levels) - 1, 1 + (i + j) % 2)],
            reason="Agreed at the quarterly review.",
            set_by=user,
        )
        for i, t in enumerate(teams[::8])
        for j, enabler in enumerate(content.enablers[i % 3 : i % 3 + 2])
    )


def make_round(
    org: Any,
    teams: list[Any],
    content: Content,
    people_count: int,
    maturity: dict[int, float],
    weight: dict[int, float],
    opens: Any,
    number: int,
    rng: random.Random,
) -> Any:
    """A closed round in which ``people_count`` people spread over ``teams`` submitted."""
    from assessments.models import Assessment, Invitation, Respondent

    assessment = Assessment.objects.create(
        organisation=org,
        name=f"Round {number + 1}",
        framework_version=content.version,
        opens_at=opens,
        closes_at=opens + timedelta(days=21),
        anonymity="anonymous",
        min_group_size=3,
    )
    assessment.teams.set(teams)
    invitations = Invitation.objects.bulk_create(
        Invitation(
            assessment=assessment,
            team=t,
            kind="team",
            nonce=f"n{assessment.pk}-{t.pk}",
            token_hash=f"h{assessment.pk}-{t.pk}",
        )
        for t in teams
    )
    invitation_of = {inv.team_id: inv.pk for inv in invitations}
    team_ids = [t.pk for t in teams]
    # Each team's share varies a little round to round; some teams end up under 3 people.
    shares = [weight[pk] * rng.uniform(0.8, 1.2) for pk in team_ids]
    submitted = opens + timedelta(days=10)
    people = Respondent.objects.bulk_create(
        (
            Respondent(
                assessment=assessment,
                team_id=team_id,
                invitation_id=invitation_of[team_id],
                nonce=f"r{assessment.pk}-{i}",
                token_hash=f"rh{assessment.pk}-{i}",
                role=role(rng),
                last_saved_at=submitted,
                submitted_at=submitted,
            )
            for i, team_id in enumerate(rng.choices(team_ids, weights=shares, k=people_count))
        ),
        batch_size=2000,
    )
    answer(people, content, maturity, rng)
    return assessment


def answer(
    people: list[Any], content: Content, maturity: dict[int, float], rng: random.Random
) -> None:
    """Every statement and activity answered, near each person's team's footing."""
    from assessments.models import ActivityAnswer, Answer

    footing = {p.pk: _clamp(maturity[p.team_id] + rng.gauss(0, 0.1)) for p in people}
    Answer.objects.bulk_create(
        (
            Answer(
                respondent_id=p.pk,
                statement_id=pk,
                option_id=_pick(content.agreement, _truth(footing[p.pk], order, reverse), rng),
                comment=comment(rng),
            )
            for p in people
            for pk, order, reverse in content.statements
        ),
        batch_size=5000,
    )
    ActivityAnswer.objects.bulk_create(
        (
            ActivityAnswer(
                respondent_id=p.pk,
                activity_id=pk,
                leader_id=rng.choice(content.leaders),
                performance_id=_pick(content.performance, footing[p.pk], rng),
            )
            for p in people
            for pk in content.activities
        ),
        batch_size=5000,
    )


# --- measuring -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Org:
    shape: Shape
    client: Any  # signed in as the organisation's admin
    rounds: list[Any]  # oldest first
    department: int

    def page(self, query: str = "") -> str:
        """The latest round's comparison page, compared with the first round."""
        path = f"/o/{self.shape.slug}/assessments/{self.rounds[-1].pk}/compare/"
        return f"{path}?since={self.rounds[0].pk}" + (f"&{query}" if query else "")


def organisation(shape: Shape) -> Org:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from assessments.models import Assessment, Department

    client = Client()
    client.force_login(get_user_model().objects.get(username=f"{shape.slug}-admin"))
    rounds = list(Assessment.objects.filter(organisation__slug=shape.slug).order_by("opens_at"))
    department = Department.objects.filter(organisation__slug=shape.slug).order_by("name")[0]
    return Org(shape, client, rounds, department.pk)


def status_of(client: Any, path: str) -> tuple[int, str]:
    """The page's HTTP status, and the traceback when it fails."""
    try:
        return client.get(path).status_code, ""
    except Exception:
        return 500, traceback.format_exc()


def _get(client: Any, path: str) -> Callable[[], object]:
    def get() -> object:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response.content

    return get


def time_page(client: Any, path: str, repeat: int) -> tuple[float, float, int]:
    """(median ms, max ms, queries) of a page, warmed once."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    get = _get(client, path)
    get()
    reset_queries()  # request_started clears the log; start from empty
    with CaptureQueriesContext(connection) as queries:
        get()
    median, worst = timed(get, repeat)
    return median, worst, len(queries)


def cases(big: Org, few_teams: Org, few_rounds: Org, many: Org) -> list[tuple[str, Org, str]]:
    """(row name, organisation, path): the big organisation's page first."""
    main = f"Compare page, {BIG.label}, since round 1"
    return [
        (main, big, big.page()),
        (f"{main}, one department", big, big.page(f"dept={big.department}")),
        (f"{main}, engineers only", big, big.page("role=engineer")),
        (f"{main}, activities", big, big.page("show=activities")),
        (f"{main}, dials", big, big.page("show=dials")),
        (f"Compare page, {BIG.label}, latest round alone", big, big.page().split("?")[0]),
        (f"Compare page, {FEW_TEAMS.label}, since round 1", few_teams, few_teams.page()),
        (f"Compare page, {FEW_ROUNDS.label}, since round 1", few_rounds, few_rounds.page()),
        (f"Compare page, {MANY_PEOPLE.label}, since round 1", many, many.page()),
    ]


def measure(repeat: int, profile: bool) -> tuple[list[Row], list[Check]]:
    """Time each page and count its queries; a FAIL while the page does not answer 200."""
    from django.core.signals import request_finished
    from django.db import close_old_connections

    # As in Django's test client: one connection across requests, so every query is seen.
    request_finished.disconnect(close_old_connections)
    big, few_teams, few_rounds, many = (organisation(shape) for shape in SHAPES)
    status, problem = status_of(big.client, big.page())
    if status != 200:
        print(problem or f"GET {big.page()} answered {status}", file=sys.stderr)
        return [], [(f"Compare page answers 200 (got {status})", False)]
    rows: list[Row] = []
    queries: dict[Shape, int] = {}
    slowest: tuple[float, str, Org] | None = None
    medians: dict[Shape, float] = {}
    for name, org, path in cases(big, few_teams, few_rounds, many):
        median, worst, count = time_page(org.client, path, repeat)
        rows.append((name, median, worst, count, PAGE_MS))
        print(f"  {name}: {median:.1f} ms, {count} queries", flush=True)
        if name.endswith("since round 1"):
            queries[org.shape] = count
            medians[org.shape] = median
        if slowest is None or median > slowest[0]:
            slowest = (median, path, org)
    counts = ", ".join(f"{shape.label}: {n}" for shape, n in queries.items())
    checks: list[Check] = [
        (f"queries do not grow with teams or rounds ({counts})", len(set(queries.values())) == 1)
    ]
    ratio = medians[MANY_PEOPLE] / medians[FEW_TEAMS]
    name = "Compare page at 2,000 people / at 200, 20 teams (ratio, same run)"
    rows.append((name, ratio, None, None, FLAT_RATIO))
    rows.append(time_board_pack(big))
    assert slowest is not None
    if profile or slowest[0] > PAGE_MS:
        print_profile(_get(slowest[2].client, slowest[1]), slowest[1])
    return rows, checks


def time_board_pack(org: Org, repeat: int = 3) -> Row:
    """The XLSX board pack: a POST queues it, then it is made as the background worker does."""
    from assessments.exports import making
    from assessments.exports.models import ExportJob

    path = org.page().replace("/compare/?", "/compare/board-pack.xlsx?")
    times = []
    for _ in range(repeat):
        response = org.client.post(path)
        assert response.status_code == 302, (path, response.status_code)
        job = ExportJob.objects.latest("pk")
        start = time.perf_counter()
        making.make(job)
        times.append((time.perf_counter() - start) * 1000)
        job.refresh_from_db()
        assert job.status == ExportJob.Status.READY, job.problem
        job.file.delete(save=False)
        job.delete()  # a person may ask for so many exports an hour: a rerun starts afresh
    name = f"Board pack XLSX, {org.shape.label}, made by the worker"
    return (name, statistics.median(times), max(times), None, None)


# --- reporting -----------------------------------------------------------------------------


KEYS = ("name", "median_ms", "max_ms", "queries", "target_ms", "result")


def report(rows: list[Row], checks: list[Check], json_path: Path) -> None:
    """Print each figure beside its target, write them all as JSON; exit 1 on any FAIL."""
    results = []
    print(f"\n{'benchmark':64} {'median ms':>10} {'max ms':>8} {'queries':>8} {'target':>8}")
    for name, med, most, nq, target in rows:
        verdict = "info" if target is None else "PASS" if med <= target else "FAIL"
        worst_s = f"{most:8.1f}" if most is not None else f"{'':8}"
        nq_s = f"{nq:8d}" if nq is not None else f"{'':8}"
        target_s = f"{target:8g}" if target is not None else f"{'':8}"
        print(f"{name:64} {med:10.1f} {worst_s} {nq_s} {target_s}  {verdict}")
        values = (name, round(med, 1), most and round(most, 1), nq, target, verdict)
        results.append(dict(zip(KEYS, values, strict=True)))
    for name, holds in checks:
        verdict = "PASS" if holds else "FAIL"
        print(f"{name}  {verdict}")
        results.append({"name": name, "result": verdict})
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps({"results": results}, indent=2) + "\n", encoding="utf-8")
    print(f"\nResults written to {json_path}")
    if any(r["result"] == "FAIL" for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
