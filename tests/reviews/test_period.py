"""A review's period reads correctly whatever dates it has: one formatter, used by the
review's page, the list, the report and its PDF."""

from __future__ import annotations

from datetime import date

import pytest

from assessments.reviews.models import Review
from assessments.reviews.period import SHORT, period_words
from tests.reviews.deliverable_world import firm_world

START, END = date(2027, 1, 4), date(2027, 1, 31)


@pytest.mark.parametrize(
    ("starts_on", "due_on", "long", "short"),
    [
        (START, END, "4 January 2027 to 31 January 2027", "4 Jan 2027 to 31 Jan 2027"),
        (START, None, "from 4 January 2027", "from 4 Jan 2027"),
        (None, END, "due 31 January 2027", "due 31 Jan 2027"),
        (None, None, "no dates yet", "no dates yet"),
        (END, END, "on 31 January 2027", "on 31 Jan 2027"),
    ],
)
def test_a_reviews_period_in_words(starts_on, due_on, long, short):
    assert period_words(starts_on, due_on) == long
    assert period_words(starts_on, due_on, fmt=SHORT) == short


@pytest.fixture
def world(db):
    return firm_world(others=0)


@pytest.mark.django_db
def test_a_delivered_review_without_a_start_date_never_reads_delivered_to(
    client, world, monkeypatch
):
    from assessments.exports import making
    from assessments.exports.models import ExportJob
    from assessments.reviews import deliverable

    Review.objects.filter(pk=world.review.pk).update(
        starts_on=None, due_on=END, status=Review.Status.DELIVERED
    )
    slug = world.client.organisation.slug
    base = f"/o/{slug}/reviews/"
    client.force_login(world.consultant)
    report = client.get(f"{base}{world.review.pk}/report/").content.decode()
    assert "Delivered · <span data-period>due 31 January 2027</span>" in report
    assert " to 31 January 2027" not in report
    assert "Due 31 Jan 2027" in client.get(f"{base}{world.review.pk}/").content.decode()
    assert "Due 31 Jan 2027" in client.get(base).content.decode()

    printed: dict[str, str] = {}
    monkeypatch.setattr(
        deliverable, "html_to_pdf", lambda html: printed.setdefault("html", html) and b"%PDF-1.4"
    )
    client.post(f"{base}{world.review.pk}/report/pdf/")
    making.make(ExportJob.objects.get())
    assert "due 31 January 2027" in printed["html"]
    assert " to 31 January 2027" not in printed["html"]
