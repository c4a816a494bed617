"""The review's deliverable: one object the report page and its PDF both read.

It gathers, per enabler, the survey's result beside the moderated one with its reason and
evidence, the evidence summary, the calibration gap and the benchmark; then the roadmaps of
the review's teams in the surveyed round, and the firm's branding. Reads only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from assessments.exports.files import ExportFile
from assessments.exports.pdf import html_to_pdf
from assessments.firms.models import Firm
from assessments.firms.selectors import logo_data_uri
from assessments.organisations.access import OrgAccess
from assessments.organisations.models import Membership, Team
from assessments.reviews import report_charts
from assessments.reviews.access import ReviewAccess, place_for, review_of
from assessments.reviews.benchmark_selectors import BenchmarkRow, BenchmarkView, benchmark_view
from assessments.reviews.models import Evidence, Moderation, Review, ReviewSnapshot
from assessments.reviews.report_text import render_summary
from assessments.reviews.selectors import (
    EnablerCard,
    Overview,
    decision_label,
    moderated_level,
    review_overview,
)
from assessments.roadmaps.models import Roadmap, RoadmapAction
from assessments.rounds.models import Assessment
from frameworks.levels import NOT_ENOUGH_EVIDENCE

TOP_ACTIONS = 3
HORIZON_ORDER = {h: i for i, (h, _) in enumerate(RoadmapAction.Horizon.choices)}


@dataclass(frozen=True)
class EvidenceLine:
    evidence: Evidence
    about: str  # the enabler, or a statement of it
    url: str | None  # the protected download, or the link
    cited_by: tuple[str, ...]  # the standing moderations that cite it


@dataclass(frozen=True)
class EnablerSection:
    card: EnablerCard
    track: SafeString
    survey_words: str
    counts: dict[str, int]  # note, link, document -> how many
    evidence: tuple[EvidenceLine, ...]
    moderated_statements: tuple[Any, ...]  # StatementLine with a standing moderation

    @property
    def moderation_label(self) -> str:
        return decision_label(self.card.moderation) if self.card.moderation else ""


@dataclass(frozen=True)
class TeamPlan:
    team: Team
    roadmap: Roadmap | None
    top: tuple[RoadmapAction, ...]
    url: str


@dataclass(frozen=True)
class Deliverable:
    review: Review
    firm: Firm
    overview: Overview
    summary_html: SafeString
    sections: tuple[EnablerSection, ...]
    benchmark: BenchmarkView
    plans: tuple[TeamPlan, ...]
    logo_url: str | None
    consultants: tuple[Any, ...]

    @property
    def assessment(self) -> Assessment | None:
        return self.overview.report.assessment if self.overview.report else None

    @property
    def evidence_total(self) -> int:
        return sum(sum(s.counts.values()) for s in self.sections)

    @property
    def benchmark_pairs(self) -> list[tuple[BenchmarkRow, SafeString]]:
        """Each enabler's benchmark with its strip."""
        return benchmark_pairs(self.benchmark)


def benchmark_pairs(view: BenchmarkView) -> list[tuple[BenchmarkRow, SafeString]]:
    return [(row, report_charts.benchmark_svg(row.result)) for row in view.rows]


def survey_words(card: EnablerCard) -> str:
    row = card.survey
    if row is None:
        return "Withheld: too few people answered for the survey's result to be shown."
    result = row.result
    if not result.decided:
        return f"{NOT_ENOUGH_EVIDENCE} for a level."
    score = f" (maturity score {result.position})" if result.position is not None else ""
    return f"{result.level_name}{score}. {row.confidence}"


def _citations(cards: tuple[EnablerCard, ...]) -> dict[int, list[str]]:
    """Evidence pk -> the standing moderations that cite it, in words."""
    cited: dict[int, list[str]] = {}

    def note(moderation: Moderation | None, about: str, words: str) -> None:
        if moderation is None:
            return
        for item in moderation.evidence.all():
            cited.setdefault(item.pk, []).append(f"{about}: {words}")

    for card in cards:
        note(card.moderation, card.enabler.name, decision_label(card.moderation))
        for line in card.statements:
            note(line.moderation, f"“{line.statement.text}”", line.moderation_words)
    return cited


def _evidence_lines(review: Review, card: EnablerCard, cited: dict[int, list[str]]) -> list[Any]:
    org = review.organisation.slug
    places = [(card.enabler.name, item) for item in card.evidence]
    places += [
        (f"“{line.statement.text}”", item) for line in card.statements for item in line.evidence
    ]
    lines = []
    for about, item in places:
        url = item.url or None
        if item.kind == Evidence.Kind.DOCUMENT:
            url = reverse("orgs:review_evidence_file", args=[org, review.pk, item.pk])
        lines.append(EvidenceLine(item, about, url, tuple(cited.get(item.pk, ()))))
    return lines


def _sections(review: Review, overview: Overview) -> tuple[EnablerSection, ...]:
    cited = _citations(overview.cards)
    sections = []
    for card in overview.cards:
        lines = _evidence_lines(review, card, cited)
        counts = Counter(line.evidence.kind for line in lines)
        survey = card.survey.result if card.survey and card.survey.result.decided else None
        sections.append(
            EnablerSection(
                card,
                report_charts.level_track_svg(
                    survey.level if survey else None, moderated_level(card.moderation)
                ),
                survey_words(card),
                {kind: counts.get(kind, 0) for kind in Evidence.Kind.values},
                tuple(lines),
                tuple(line for line in card.statements if line.moderation is not None),
            )
        )
    return tuple(sections)


def team_plans(review: Review, assessment: Assessment | None) -> tuple[TeamPlan, ...]:
    """The roadmaps of the review's teams (all the round's, when it names none) in the
    surveyed round, with their top actions still to do."""
    if assessment is None:
        return ()
    teams = review_teams(review, assessment)
    roads = {
        road.team_id: road for road in Roadmap.objects.filter(assessment=assessment, team__in=teams)
    }
    actions: dict[int, list[RoadmapAction]] = {}
    for action in (
        RoadmapAction.objects.filter(roadmap__in=list(roads.values()))
        .exclude(status__in=[RoadmapAction.Status.DONE, RoadmapAction.Status.DROPPED])
        .order_by("position", "pk")
    ):
        actions.setdefault(action.roadmap_id, []).append(action)
    plans = []
    for team in teams:
        road = roads.get(team.pk)
        mine = sorted(
            actions.get(road.pk, []) if road else [],
            key=lambda a: (HORIZON_ORDER.get(a.horizon, 9), a.position, a.pk),
        )
        url = reverse("orgs:roadmap", args=[review.organisation.slug, assessment.pk, team.pk])
        plans.append(TeamPlan(team, road, tuple(mine[:TOP_ACTIONS]), url))
    return tuple(plans)


def review_teams(review: Review, assessment: Assessment) -> list[Team]:
    """The review's teams in the round, or every team of the round when it names none."""
    in_round = list(assessment.teams.select_related("department").order_by("name", "pk"))
    picked = set(review.teams.values_list("pk", flat=True))
    mine = [t for t in in_round if t.pk in picked]
    return mine or in_round


def admin_addresses(review: Review) -> list[str]:
    """Who a handover tells: the email addresses of the client's admins. Empty means nobody
    at the client hears of it, so the handover page warns before the consultant confirms."""
    admins = Membership.objects.filter(
        organisation_id=review.organisation_id, role=Membership.Role.ADMIN
    ).select_related("user")
    return sorted({m.user.email for m in admins if m.user.email})


def build_deliverable(found: ReviewAccess, *, as_of: datetime | None = None) -> Deliverable:
    """Everything the report shows, in a fixed number of queries, with the figures as they
    stand at ``as_of`` (a delivery) or now."""
    review = found.review
    overview = review_overview(review)
    assessment = overview.report.assessment if overview.report else None
    # The surveyed round against the other clients' rounds closed by then (or, before there
    # is a surveyed round, the latest).
    bench = benchmark_view(
        review.organisation, assessment=assessment, closed_by=as_of or timezone.now()
    )
    firm = review.firm
    return Deliverable(
        review=review,
        firm=firm,
        overview=overview,
        summary_html=mark_safe(render_summary(review.executive_summary)),  # noqa: S308 - nh3
        sections=_sections(review, overview),
        benchmark=bench,
        plans=team_plans(review, assessment),
        logo_url=reverse("orgs:firm_logo", args=[firm.slug]) if firm.logo else None,
        consultants=tuple(review.consultants.order_by("first_name", "username")),
    )


def frozen_of(review: Review) -> ReviewSnapshot | None:
    """The delivered report as handed over, while the review stays delivered."""
    if review.status != Review.Status.DELIVERED:
        return None
    return review.snapshots.order_by("-as_of", "-pk").first()


def report_context(
    found: ReviewAccess, *, pdf: bool = False, as_of: datetime | None = None
) -> dict[str, Any]:
    """What the report page (or its PDF) shows: the frozen delivery when there is one,
    otherwise the review as it stands. ``as_of``: render it for a delivery at that moment."""
    frozen = None if as_of else frozen_of(found.review)
    if frozen is not None:
        return found.page_context(frozen=frozen, has_report=True, pdf=pdf)
    deliverable = build_deliverable(found, as_of=as_of)
    logo = logo_data_uri(deliverable.firm) if pdf else deliverable.logo_url
    return found.page_context(
        d=deliverable,
        logo=logo,
        pdf=pdf,
        as_of=as_of,
        snapshot=as_of is not None,
        has_report=deliverable.overview.report is not None,
    )


def review_pdf(access: OrgAccess, review_pk: int) -> ExportFile:
    """The review report printed by headless Chromium: only background workers call it, with
    what the person who asked may see now."""
    found = review_of(place_for(access), review_pk)
    html = render_to_string("reviews/report_pdf.html", report_context(found, pdf=True))
    name = slugify(f"{found.review.organisation.name} {found.review.title}")[:80] or "review"
    return ExportFile(f"{name}.pdf", "application/pdf", html_to_pdf(html))
