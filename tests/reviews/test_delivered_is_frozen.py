"""A delivered review is a snapshot: what the client received never changes afterwards, it
says when its figures are from, and its benchmark counts only rounds closed by then."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.reports import store
from assessments.reviews import handover, services
from assessments.reviews.benchmark_selectors import benchmark_view
from assessments.reviews.models import Review, ReviewSnapshot
from assessments.rounds.models import Assessment
from tests.factories import answer_all
from tests.reviews.deliverable_world import answered_client, firm_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return firm_world(others=6)


def _report(world) -> str:
    return f"/o/{world.client.organisation.slug}/reviews/{world.review.pk}/report/"


def _hand_over(world, at=None):
    return handover.review_hand_over(
        review=world.review, user=world.consultant, report_url="https://x/report/", at=at
    )


def _body(html: str) -> str:
    """The report as the client reads it, from its cover to its end."""
    return html[html.index('<header class="review-cover">') : html.index("</main>")]


def test_the_report_never_changes_after_delivery(client, world):
    _hand_over(world)
    client.force_login(world.admin)
    before = _body(client.get(_report(world)).content.decode())
    assert "Figures as they stood when it was delivered" in before
    assert "3 responses" in before
    # More answers arrive, and another client finishes a round: the live figures move...
    answer_all(world.client.assessment, world.client.team, 4, agree="disagree")
    store.refresh(world.client.assessment)
    answered_client(
        world.firm, "Late client", world.client.assessment.framework_version, agree=0, closed=True
    )
    # ...but what was delivered does not.
    after = _body(client.get(_report(world)).content.decode())
    assert after == before
    assert "7 responses" not in after


def test_the_pdf_prints_the_delivered_report(world):
    from assessments.organisations.access import member_access
    from assessments.reviews.access import place_for, review_of
    from assessments.reviews.deliverable import report_context

    _hand_over(world)
    snapshot = ReviewSnapshot.objects.get(review=world.review)
    found = review_of(
        place_for(member_access(world.consultant.pk, world.client.organisation.pk)),
        world.review.pk,
    )
    assert report_context(found, pdf=True)["frozen"] == snapshot
    assert "Download as PDF" not in snapshot.pdf_html
    assert "Hand over to the client" not in snapshot.body_html  # buttons are drawn live


def test_reopening_makes_it_live_and_delivering_again_takes_a_new_snapshot(client, world):
    _hand_over(world)
    review = Review.objects.get(pk=world.review.pk)
    services.review_set_status(review=review, status=Review.Status.MODERATION)
    client.force_login(world.admin)
    live = client.get(_report(world)).content.decode()
    assert "Figures as they stood when it was delivered" not in live
    _hand_over(world)
    assert ReviewSnapshot.objects.filter(review=world.review).count() == 2


def test_a_benchmark_counts_only_rounds_closed_by_the_delivery(world):
    delivered = timezone.now()
    org = world.client.organisation
    assessment = world.client.assessment
    counted = benchmark_view(org, assessment=assessment, closed_by=delivered)
    assert counted.shown
    sample = next(row.result for row in counted.rows if row.result.shown)
    # Clients whose only round is still open at the delivery are not counted (two of them,
    # since clients join the benchmark in pairs)...
    late = [
        answered_client(world.firm, name, assessment.framework_version, agree=agree)
        for name, agree in (("Still open", 3), ("Also open", 0))
    ]
    again = benchmark_view(org, assessment=assessment, closed_by=delivered)
    assert [r.result for r in again.rows] == [r.result for r in counted.rows]
    # ...nor ones that closed after it.
    Assessment.objects.filter(pk__in=[c.assessment.pk for c in late]).update(
        closed_early_at=delivered + timedelta(days=1)
    )
    again = benchmark_view(org, assessment=assessment, closed_by=delivered)
    assert [r.result for r in again.rows] == [r.result for r in counted.rows]
    # Counted once it had closed by then.
    later = benchmark_view(org, assessment=assessment, closed_by=delivered + timedelta(days=2))
    assert [r.result for r in later.rows] != [r.result for r in counted.rows]
    assert sample is not None
