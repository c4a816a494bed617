"""Report benchmarks: pages that read stored results, and the refresh that stores them.

Called by run.py inside its Django set-up. Builds a 200-team organisation (1,007 people)
and two rounds of the same 20 teams, one of 100 people and one of 2,000, so the report's
cost can be compared across round sizes with everything else equal.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from realistic import comment, data_label, role

Row = tuple[str, float, float | None, int | None]
Timer = Callable[[Callable[[], object], int], tuple[float, float]]

# Targets, in ms (ratios as plain numbers), matched by the row name's beginning.
TARGETS = {
    "Team report": 30,
    "Organisation report": 30,
    "Whole-round report": 30,
    "Report at 2,000 people / at 100": 1.2,
    # CPU time of a full refresh (issue 26: a 2,000-person round in at most a second).
    "Refresh stored results": 1000,
    # CPU time of the refresh after one submit (the team, the departments and the round).
    "Refresh after one submit": 800,
    "Raw answers CSV": 1500,
}


def _round(org: Any, teams: list[Any], version: Any, sizes: dict[int, int], name: str) -> Any:
    """A closed-in-time round where everyone in ``teams`` has submitted every answer."""
    from django.utils import timezone

    from assessments.models import (
        ActivityAnswer,
        Answer,
        Assessment,
        Invitation,
        Respondent,
    )
    from frameworks.services import version_freeze

    # As every real answer does (rounds.services): no answer is stored against a version
    # that is not frozen, and what is built from a frozen version is kept per process.
    version_freeze(version=version)
    rng = random.Random(7)
    now = timezone.now()
    assessment = Assessment.objects.create(
        organisation=org,
        name=name,
        framework_version=version,
        opens_at=now - timedelta(days=10),
        closes_at=now + timedelta(days=1),
        anonymity="anonymous",
    )
    assessment.teams.set(teams)
    invitations = Invitation.objects.bulk_create(
        [
            Invitation(
                assessment=assessment,
                team=t,
                kind="team",
                nonce=f"n{assessment.pk}-{t.pk}",
                token_hash=f"h{assessment.pk}-{t.pk}",
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
            for i in range(sizes[inv.team_id])
        ],
        batch_size=2000,
    )
    options = list(version.scaleoption_set.filter(scale__key="agreement"))
    perf = [
        o for o in version.scaleoption_set.filter(scale__key="performance") if o.score is not None
    ]
    leaders = list(version.activityleader_set.all())
    statements = list(version.statement_set.all())
    Answer.objects.bulk_create(
        (
            Answer(respondent=p, statement=s, option=rng.choice(options), comment=comment(rng))
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
            for a in version.activity_set.all()
        ),
        batch_size=5000,
    )
    return assessment


def _after_one_submit(rounds: list[tuple[str, Any]]) -> list[Row]:
    """The refresh a submit's task runs (``reuse``), the round made named for the time being:
    an anonymous round is released in batches, and each release rescores it whole. The
    rounds' answers change: run after everything that reads them."""
    from assessments.models import Answer, Assessment, Respondent
    from assessments.reports import store

    rows: list[Row] = []
    for name, assessment in rounds:
        kind = assessment.anonymity
        Assessment.objects.filter(pk=assessment.pk).update(anonymity="named")
        assessment.refresh_from_db()
        store.refresh(assessment)
        someone = Respondent.objects.filter(assessment=assessment).order_by("pk").last()
        assert someone is not None
        answer = Answer.objects.filter(respondent=someone).order_by("pk").first()
        assert answer is not None
        options = assessment.framework_version.scaleoption_set.filter(scale__key="agreement")
        Answer.objects.filter(pk=answer.pk).update(
            option=options.exclude(pk=answer.option_id).first(), comment="On second thoughts."
        )
        start = time.process_time()
        scored = store.refresh(assessment, reuse=True)
        rows.append((name, (time.process_time() - start) * 1000, None, None))
        assert ("team", someone.team_id) in scored, sorted(scored)
        assert len(scored) < 10, "only the team, its department and the round"
        Assessment.objects.filter(pk=assessment.pk).update(anonymity=kind)
    return rows


def _page(client: Any, path: str) -> Callable[[], object]:
    def get() -> object:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if response.streaming:  # a streamed export costs what it takes to read it all
            return b"".join(response.streaming_content)
        return response.content

    return get


def report_benchmarks(version: Any, repeat: int, timed: Timer) -> list[Row]:
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from assessments.models import Membership, Organisation, Team
    from assessments.reports import store

    org = Organisation.objects.create(name="Bench Org", slug="bench-org")
    user = get_user_model().objects.create_user("bench-admin")  # logged in with force_login
    Membership.objects.create(user=user, organisation=org, role="admin")
    teams = Team.objects.bulk_create(
        [Team(organisation=org, name=f"Team {i:03d}") for i in range(200)]
    )
    big = _round(
        org,
        teams,
        version,
        {t.pk: 12 if t.pk == teams[0].pk else 5 for t in teams},
        "Bench round",
    )
    twenty = teams[:20]
    small = _round(org, twenty, version, {t.pk: 5 for t in twenty}, "Bench round of 100")
    large = _round(org, twenty, version, {t.pk: 100 for t in twenty}, "Bench round of 2,000")

    rows: list[Row] = []
    for name, assessment in [
        (f"Refresh stored results, CPU (200 teams, {data_label(1007)})", big),
        (f"Refresh stored results, CPU (20 teams, {data_label(2000)})", large),
    ]:
        start = time.process_time()
        store.refresh(assessment)
        rows.append((name, (time.process_time() - start) * 1000, None, None))
    store.refresh(small)

    client = Client()
    client.force_login(user)
    base = "/o/bench-org/assessments"
    pages = [
        (f"Team report ({data_label(12)})", f"{base}/{big.pk}/report/team/{teams[0].pk}/"),
        (f"Organisation report (200 teams, {data_label(1007)})", f"{base}/{big.pk}/report/"),
        (f"Whole-round report (20 teams, {data_label(100)})", f"{base}/{small.pk}/report/"),
        (f"Whole-round report (20 teams, {data_label(2000)})", f"{base}/{large.pk}/report/"),
        (
            f"Raw answers CSV (200 teams, {data_label(1007)})",
            f"{base}/{big.pk}/report/export.csv?what=answers",
        ),
    ]
    # The API's results endpoint for the same scope, timed beside its page against the page's
    # own target (the row's name begins with the page's).
    api = "/api/v1/organisations/bench-org/rounds"
    endpoints = {
        pages[0][0]: f"{api}/{big.pk}/results/?scope=team&id={teams[0].pk}",
        pages[1][0]: f"{api}/{big.pk}/results/",
        pages[3][0]: f"{api}/{large.pk}/results/",
    }
    medians = {}
    for name, path in pages:
        for label, url in [(name, path), (f"{name}, API results endpoint", endpoints.get(name))]:
            if url is None:
                continue
            get = _page(client, url)
            get()
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                get()
            times = max(3, repeat // 4) if "CSV" in label else repeat
            median, worst = timed(get, times)
            medians[label] = median
            rows.append((label, median, worst, len(queries)))
    ratio = (
        medians[f"Whole-round report (20 teams, {data_label(2000)})"]
        / medians[f"Whole-round report (20 teams, {data_label(100)})"]
    )
    rows.append(("Report at 2,000 people / at 100 (ratio, same run)", ratio, None, None))
    # Last: it changes an answer of each round, and the pages above read them as built.
    rows += _after_one_submit(
        [
            (f"Refresh after one submit, CPU (200 teams, {data_label(1007)}, named)", big),
            (f"Refresh after one submit, CPU (20 teams, {data_label(2000)}, named)", large),
        ]
    )
    return rows
