"""The consulting part of the demo: Chris's firm, its clients, a delivered review and one in
fieldwork. Called by assessments/demo/load.py once the demo organisation has its rounds.

Seven more clients, each with a round of its own, give the firm's anonymised benchmark enough
organisations to show (six others, counted in pairs); one of them has opted out of it, to show
that it can be done.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from assessments.demo.data import FIRST_NAMES
from assessments.demo.files import logo_png, text_pdf
from assessments.demo.rounds import (
    RoundPlan,
    RoundState,
    demo_round,
    demo_versions,
    statement_levels,
)
from assessments.firms.models import Firm, FirmClient, FirmMember
from assessments.organisations.models import Department, Membership, Organisation, Team
from assessments.questionnaires.demo import demo_adapted
from assessments.reports import store
from assessments.reviews.handover import review_hand_over, summary_save
from assessments.reviews.models import Evidence, Moderation, Review
from assessments.reviews.selectors import review_gaps, survey_report
from frameworks.levels import MaturityLevel
from frameworks.models import FrameworkVersion

FIRM = ("Laine & Partners", "laine-partners")
# Each client: name, slug, opted out of the benchmark, {department: {team: maturity profile}}.
CLIENTS: tuple[tuple[str, str, bool, dict[str, dict[str, list[float]]]], ...] = (
    (
        "Northwind Retail",
        "northwind",
        False,
        {
            "Digital": {
                "Web Shop": [0.5, 0.55, 0.6, 0.65, 0.45],
                "Stores App": [0.4, 0.45, 0.5, 0.55, 0.4],
            }
        },
    ),
    (
        "Harbour Health",
        "harbour-health",
        False,
        {
            "Patient Services": {
                "Bookings": [0.3, 0.25, 0.45, 0.35, 0.3],
                "Records": [0.25, 0.3, 0.35, 0.4, 0.3],
            }
        },
    ),
    (
        "Fernhill Bank",
        "fernhill",
        False,
        {
            "Retail Banking": {
                "Payments": [0.7, 0.65, 0.6, 0.8, 0.65],
                "Lending": [0.6, 0.55, 0.5, 0.7, 0.55],
            }
        },
    ),
    (
        "Lumen Media",
        "lumen",
        False,
        {
            "Streaming": {
                "Player": [0.45, 0.35, 0.75, 0.5, 0.4],
                "Catalogue": [0.4, 0.3, 0.65, 0.45, 0.35],
            }
        },
    ),
    (
        "Cobalt Logistics",
        "cobalt",
        True,
        {
            "Operations": {
                "Tracking": [0.35, 0.4, 0.3, 0.6, 0.35],
                "Fleet": [0.3, 0.35, 0.25, 0.55, 0.3],
            }
        },
    ),
    (
        "Aster Energy",
        "aster",
        False,
        {"Customer": {"Smart Meter App": [0.55, 0.5, 0.45, 0.6, 0.5]}},
    ),
    (
        "Quill Publishing",
        "quill",
        False,
        {"Digital": {"Reader": [0.35, 0.45, 0.55, 0.3, 0.4]}},
    ),
)
KESTREL_TEAMS = {
    "Claims": {
        "Claims Online": [0.35, 0.3, 0.4, 0.45, 0.3],
        "Assessor Tools": [0.3, 0.25, 0.3, 0.5, 0.35],
    },
    "Distribution": {"Broker Portal": [0.45, 0.35, 0.5, 0.4, 0.4]},
}
# Surveyed in the spring, closed before Brightwater's review was delivered (152 days ago), so
# the delivered report's benchmark, which counts only rounds closed by then, has them.
CLIENT_ROUND = RoundPlan("2026 product maturity survey", (-190, -165), (5, 7), (1,), 1.0, ())
KESTREL_ROUND = RoundPlan("Kestrel review survey", (-6, 9), (6, 8), (1, 1, 1, 1, 0.6, 0), 0.8, ())

# The executive summary's findings, by how the evidence compares with the survey: the demo
# writes the summary from the moderations it made, so it never contradicts its own figures.
FOUND_HIGHER = {
    "process-tools-data": "Each team chose its own tools, only two of eight have a written "
    "definition of done, and outcome data is gathered by hand before each quarterly review.",
}
FOUND_LOWER = {
    "market-customer-insight": "The insight library started by Analytics and Personalisation "
    "is used every week by most teams, who did not name it as insight work.",
}
RECOMMENDATIONS = """\
## What we recommend

1. Agree one way of working across teams, starting with a shared definition of done.
2. Write the product purpose down where every team can find it.
3. Re-run the survey in six months to see whether the gaps have closed.
"""
WORDS = {0: "none", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


NOTES: dict[str, tuple[str, str]] = {
    "purpose-leadership": (
        "Interview: Head of Product and two team leads",
        "Everyone could describe the purpose, but in different words. Only Checkout and Billing "
        "have it written down; the others point to a slide from last year's offsite.",
    ),
    "strategy-roadmaps-portfolio": (
        "Portfolio review walkthrough",
        "Roadmaps are shared monthly. Investment decisions are made in the quarterly review, "
        "with outcomes written beside each bet.",
    ),
    "market-customer-insight": (
        "Interview: Analytics and Personalisation teams",
        "Customer interviews run every fortnight and findings go to a shared library that five "
        "of eight teams use each week, though most did not name it as insight work.",
    ),
    "process-tools-data": (
        "Tooling walkthrough with three teams",
        "Each team chose its own backlog tool and dashboards. Two of eight teams have a written "
        "definition of done. Outcome data is pulled together by hand before each quarterly "
        "review.",
    ),
    "people-roles-organisation": (
        "Interview: HR business partner",
        "Product roles have descriptions and a career path, updated this year.",
    ),
}
# The two enablers where the evidence moves the level, and why; the rest stand as surveyed.
MODERATED = {
    "process-tools-data": (
        -1,
        "The survey says {survey}. We rate it {moderated}: tools differ from team to team, only "
        "two of eight teams have a written definition of done, and outcome data is gathered "
        "by hand.",
    ),
    "market-customer-insight": (
        +1,
        "The survey says {survey}. The evidence says {moderated}: the insight library is used "
        "weekly by most teams and interviews run every fortnight, though few named it as "
        "insight work.",
    ),
}


MATCHED_REASON = (
    "The survey says {survey}, and interviews and documents agree: we leave it at {moderated}."
)
# Where the enabler the story names cannot move that way (already at that end of the scale),
# the evidence moves another one, for a reason that fits any enabler.
STAND_IN = {
    -1: "The survey says {survey}. We rate it {moderated}: the practices people describe are "
    "followed by some teams, not yet by all.",
    +1: "The survey says {survey}. The evidence says {moderated}: the teams do more than they "
    "gave themselves credit for.",
}


def _moves(levels: dict[str, int]) -> dict[str, tuple[int, str]]:
    """Which decided enablers the evidence moves, one step each, and why; the rest match."""
    moves: dict[str, tuple[int, str]] = {}
    for key, (step, reason) in MODERATED.items():
        if key in levels and 0 <= levels[key] + step <= 2:
            moves[key] = (step, reason)
            continue
        free = [k for k in levels if k not in moves and k not in MODERATED]
        stand_in = next((k for k in free if 0 <= levels[k] + step <= 2), None)
        if stand_in is not None:
            moves[stand_in] = (step, STAND_IN[step])
    return moves


def _summary(review: Review) -> str:
    """The consultant's summary, written from the review's own calibration."""
    gaps = review_gaps(review)
    counted = gaps.counted if gaps else ()
    matched = [g for g in counted if g.status == "matched"]
    differ = [g for g in counted if g.status != "matched"]
    lines = [
        "## What we found",
        "",
        f"We checked {WORDS.get(len(counted), len(counted))} of the five enablers against "
        f"interviews and documents. On {WORDS.get(len(matched), len(matched))} they agree "
        f"with the survey" + (":" if differ else "."),
        "",
    ]
    for gap in differ:
        higher = gap.status == "high"
        how = (
            "reads better in the survey than in practice"
            if higher
            else ("is better than the teams think")
        )
        detail = (FOUND_HIGHER if higher else FOUND_LOWER).get(gap.key, "")
        lines.append(f"- **{gap.name}** {how}. {detail}".rstrip())
    return "\n".join(lines) + "\n\n" + RECOMMENDATIONS


def demo_consulting(org: Organisation, client: Organisation, users: dict[str, Any]) -> None:
    """Chris's firm serves Brightwater, Kestrel and seven more clients. Idempotent.

    The clients' spring rounds ran on the content of the time, as Brightwater's check-in did
    (1.1); Kestrel's survey, under way now, and its adapted draft take the newest (1.2)."""
    if Firm.objects.filter(slug=FIRM[1]).exists():
        return
    newest = _latest_version()
    if newest is None:
        return
    versions = demo_versions(newest)
    chris, colleague = users["chris"], users["priya"]
    firm = Firm.objects.create(name=FIRM[0], slug=FIRM[1])
    firm.logo.save("logo.png", ContentFile(logo_png()), save=True)
    for person in (chris, colleague):
        FirmMember.objects.create(firm=firm, user=person)
    _client(firm, org, chris, colleague)
    _client(firm, client, chris, colleague)
    rng = random.Random(7)
    for name, slug, opted_out, departments in CLIENTS:
        other, _ = Organisation.objects.get_or_create(slug=slug, defaults={"name": name})
        _client(firm, other, chris, colleague, opted_out=opted_out)
        client_round(other, versions.earlier, departments, CLIENT_ROUND, rng, chris)
    kestrel_round = client_round(client, versions.newest, KESTREL_TEAMS, KESTREL_ROUND, rng, chris)
    _delivered_review(firm, org, chris, colleague)
    _fieldwork_review(firm, client, kestrel_round, chris)
    demo_adapted(client, versions.newest)


def _latest_version() -> FrameworkVersion | None:
    return (
        FrameworkVersion.objects.filter(
            status=FrameworkVersion.Status.PUBLISHED, organisation=None, firm=None
        )
        .order_by("-published_at", "-pk")
        .first()
    )


def _client(firm: Firm, organisation: Organisation, *people: Any, opted_out: bool = False) -> None:
    FirmClient.objects.get_or_create(
        organisation=organisation,
        defaults={"firm": firm, "benchmark_opt_out": opted_out, "created_by": people[0]},
    )
    for person in people:
        Membership.objects.get_or_create(
            user=person, organisation=organisation, defaults={"role": Membership.Role.CONSULTANT}
        )


def client_round(
    organisation: Organisation,
    version: FrameworkVersion,
    departments: dict[str, dict[str, list[float]]],
    plan: RoundPlan,
    rng: random.Random,
    consultant: Any,
) -> Any:
    """One round of a client's teams, answered as their maturity profiles say."""
    teams, profiles = [], {}
    for dept_name, team_profiles in departments.items():
        dept, _ = Department.objects.get_or_create(organisation=organisation, name=dept_name)
        for team_name, profile in team_profiles.items():
            team, _ = Team.objects.get_or_create(
                organisation=organisation, name=team_name, defaults={"department": dept}
            )
            teams.append(team)
            profiles[team_name] = profile
    state = RoundState(
        random.Random(rng.randint(1, 10_000)),
        statement_levels(version),
        plan=plan,
        profiles=profiles,
        domain=f"{organisation.slug}.example",
    )
    now = timezone.now()
    opens, closes = (now + timedelta(days=d) for d in plan.days)
    assessment = demo_round(organisation, version, teams, consultant, (opens, closes), state)
    store.refresh(assessment)
    return assessment


def _evidence(review: Review, chris: Any, enabler_key: str, **fields: Any) -> Evidence:
    return Evidence.objects.create(review=review, enabler_key=enabler_key, added_by=chris, **fields)


def _delivered_review(firm: Firm, org: Organisation, chris: Any, colleague: Any) -> Review:
    """Brightwater's review of its spring check-in: interviews, evidence, two enablers moved
    by the evidence, a summary, and handed over with the roadmap."""
    spring = org.assessments.filter(name__startswith="Spring 2026").first()
    now = timezone.now()
    review = Review.objects.create(
        organisation=org,
        firm=firm,
        title="2026 product management review",
        status=Review.Status.MODERATION,
        starts_on=(now - timedelta(days=200)).date(),
        due_on=(now - timedelta(days=150)).date(),
        created_by=chris,
    )
    review.consultants.add(chris, colleague)
    if spring is None:
        return review
    review.rounds.add(spring)
    cited = {}
    for key, (title, text) in NOTES.items():
        cited[key] = _evidence(review, chris, key, kind=Evidence.Kind.NOTE, title=title, text=text)
    _evidence(
        review,
        chris,
        "purpose-leadership",
        kind=Evidence.Kind.LINK,
        title="Offsite slides: 'Why we build'",
        url="https://wiki.brightwater.example/product/offsite-2025",
    )
    document = Evidence(
        review=review,
        kind=Evidence.Kind.DOCUMENT,
        enabler_key="market-customer-insight",
        title="Insight library: usage last quarter",
        document_name="insight-library-usage.pdf",
        content_type="application/pdf",
        added_by=colleague,
    )
    body = text_pdf(
        "Insight library: usage last quarter",
        [
            "Weekly active teams: 5 of 8",
            "Interviews logged: 26 (one every fortnight per squad)",
            "Most read: checkout drop-off study, onboarding diary study",
        ],
    )
    document.size = len(body)
    document.document.save("insight-library-usage.pdf", ContentFile(body), save=True)
    _moderate(review, chris, cited, document)
    summary_save(review=review, text=_summary(review), user=chris)
    url = reverse("orgs:review_report", args=[org.slug, review.pk])
    delivered = now - timedelta(days=152)
    review_hand_over(review=review, user=chris, report_url=url, notify=False, at=delivered)
    _dated(review, delivered)
    return review


def _dated(review: Review, delivered: Any) -> None:
    """Back-date the review's trail to when it happened: evidence during fieldwork, the
    moderation and the handover at its end."""
    for n, pk in enumerate(review.evidence.order_by("pk").values_list("pk", flat=True)):
        Evidence.objects.filter(pk=pk).update(added_at=delivered - timedelta(days=40 - 4 * n))
    review.moderations.update(set_at=delivered - timedelta(days=3))
    Review.objects.filter(pk=review.pk).update(delivered_at=delivered, handed_over_at=delivered)


def _moderate(review: Review, chris: Any, cited: dict[str, Evidence], document: Evidence) -> None:
    report = survey_report(review)
    if report is None or report.scores is None:
        return
    decided = {row.enabler.key: row for row in report.enablers if row.result.decided}
    moves = _moves({key: int(row.result.level) for key, row in decided.items()})
    for key, row in decided.items():
        step, reason = moves.get(key, (0, MATCHED_REASON))
        level = MaturityLevel(int(row.result.level) + step)
        said = {"survey": row.result.level.label, "moderated": level.label}
        moderation = Moderation.objects.create(
            review=review,
            enabler_key=key,
            level=level.key,
            reason=reason.format(**said),
            set_by=chris,
        )
        if key not in cited:
            continue
        moderation.evidence.add(cited[key])
        if key == document.enabler_key:
            moderation.evidence.add(document)


def _fieldwork_review(firm: Firm, client: Organisation, kestrel_round: Any, chris: Any) -> None:
    now = timezone.now()
    review = Review.objects.create(
        organisation=client,
        firm=firm,
        title="Kestrel product review",
        status=Review.Status.FIELDWORK,
        starts_on=(now - timedelta(days=10)).date(),
        due_on=(now + timedelta(days=30)).date(),
        created_by=chris,
    )
    review.consultants.add(chris)
    review.rounds.add(kestrel_round)
    _evidence(
        review,
        chris,
        "strategy-roadmaps-portfolio",
        kind=Evidence.Kind.NOTE,
        title="Kick-off with the Head of Digital",
        text="Roadmaps are set by the distribution board each year; teams see them after.",
    )
    _evidence(
        review,
        chris,
        "people-roles-organisation",
        kind=Evidence.Kind.NOTE,
        title=f"Interview: {FIRST_NAMES[3]}, product owner, Claims Online",
        text="Product owners are picked from the business; none has had product training.",
    )
