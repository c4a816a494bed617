"""Calibration across reviews reads every review's survey together: the same gaps as one
review at a time, for a cost that does not grow with the number of reviews."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.reviews import selectors
from assessments.reviews.models import Moderation, Review
from tests.comparisons.test_compare import make_round
from tests.factories import PRODUCT_TRIO, OrganisationFactory, TeamFactory, answer_all
from tests.reviews.world import firm_with_consultant

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_round(shipped_version):
    organisation = OrganisationFactory(name="Tern Airlines")
    firm, consultant = firm_with_consultant("Laine Partners", "consultant", organisation)
    teams = [TeamFactory(organisation=organisation, name=name) for name in ("A", "B", "C")]
    survey = make_round(organisation, teams, shipped_version, "Survey", 30, consultant)
    for team, agree in zip(teams, ("agree", "disagree", "agree"), strict=True):
        answer_all(survey, team, 3, agree=agree, roles=PRODUCT_TRIO)
    enablers = list(shipped_version.enabler_set.order_by("order").values_list("key", flat=True))
    return firm, consultant, organisation, survey, teams, enablers


def _review(place, title: str, teams, level: str, enabler: str) -> Review:
    firm, consultant, organisation, survey, _, _ = place
    review = Review.objects.create(organisation=organisation, firm=firm, title=title)
    review.rounds.add(survey)
    review.teams.add(*teams)
    Moderation.objects.create(
        review=review, enabler_key=enabler, level=level, reason="Seen it.", set_by=consultant
    )
    return review


def test_gaps_read_together_equal_gaps_read_one_review_at_a_time(client_round):
    _, _, _, _, (a, b, _c), enablers = client_round
    reviews = [
        _review(client_round, "Whole round", [], "leading", enablers[0]),
        _review(client_round, "One team", [a], "immature", enablers[1]),
        _review(client_round, "Two teams", [a, b], "managed", enablers[2]),  # no stored scope
    ]
    together = selectors.gaps_of(reviews)
    assert set(together) == {r.pk for r in reviews}
    for review in reviews:
        assert together[review.pk] == selectors.review_gaps(review)
        assert any(gap.counted for gap in together[review.pk].gaps)


def test_the_firms_calibration_costs_the_same_for_two_reviews_or_six(client_round):
    firm, *_rest, enablers = client_round

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.firm_calibration(firm)
        return len(captured.captured_queries)

    for n in range(2):
        _review(client_round, f"Review {n}", [], "leading", enablers[n])
    selectors.firm_calibration(firm)  # the round's results stored once
    few = queries()
    for n in range(2, 6):
        _review(client_round, f"Review {n}", [], "managed", enablers[n % len(enablers)])
    assert queries() == few
