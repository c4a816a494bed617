"""Moderation: a reviewer's level for an enabler or verdict for a statement, always with a
reason, every decision kept; and the history that lists them."""

from __future__ import annotations

import pytest

from assessments.reviews import selectors, services
from assessments.reviews.models import Evidence, Moderation, Review
from assessments.reviews.services import ReviewRefused

pytestmark = pytest.mark.django_db


def moderate_url(world, statement=False):
    base = f"/o/{world['org']}/reviews/{world['review']}/moderate/{world['enabler_key']}/"
    return f"{base}{world['statement_key']}/" if statement else base


@pytest.fixture
def consultant(client, world):
    client.force_login(world["users"]["consultant"])
    return client


def standing(world, statement_key=""):
    review = Review.objects.get(pk=world["review"])
    return selectors.current_moderations(review).get((world["enabler_key"], statement_key))


def test_the_form_shows_what_the_survey_and_the_reviewer_say_now(consultant, world):
    html = consultant.get(moderate_url(world)).content.decode()
    assert "Survey says:" in html
    assert "Reviewer says now:" in html
    assert "Interviews show the roles are unwritten" in html
    assert "Withdraw the moderated result" in html  # one stands, so it can be withdrawn
    assert "Interview with the head of product" in html  # evidence to cite


def test_a_reason_is_mandatory(consultant, world):
    before = Moderation.objects.count()
    for reason in ("", "   ", "\x01 \x7f"):
        response = consultant.post(moderate_url(world), {"result": "managed", "reason": reason})
        assert response.status_code == 400
        assert response.context["form"].errors["reason"] == [
            "Say why: a moderated result needs a reason."
        ]
    assert Moderation.objects.count() == before
    with pytest.raises(ReviewRefused, match="needs a reason"):
        services.moderation_set(
            review=Review.objects.get(pk=world["review"]),
            enabler_key=world["enabler_key"],
            level="managed",
            reason=" ",
            user=None,
        )


def test_an_unknown_level_or_verdict_is_refused(consultant, world):
    response = consultant.post(moderate_url(world), {"result": "stellar", "reason": "x"})
    assert response.status_code == 400
    assert "result" in response.context["form"].errors
    response = consultant.post(moderate_url(world, True), {"result": "managed", "reason": "x"})
    assert response.status_code == 400
    assert "result" in response.context["form"].errors
    review = Review.objects.get(pk=world["review"])
    with pytest.raises(ReviewRefused):
        services.moderation_set(
            review=review, enabler_key=world["enabler_key"], level="stellar", reason="x", user=None
        )


def test_an_unknown_enabler_or_statement_is_a_404(consultant, world):
    base = f"/o/{world['org']}/reviews/{world['review']}/moderate/"
    assert consultant.get(f"{base}no-such-enabler/").status_code == 404
    assert consultant.get(f"{base}{world['enabler_key']}/no-such-statement/").status_code == 404


def test_evidence_of_another_review_cannot_be_cited(consultant, world):
    review = Review.objects.get(pk=world["review"])
    other = Review.objects.create(organisation=review.organisation, firm=review.firm, title="B")
    foreign = Evidence.objects.create(
        review=other, kind="note", enabler_key=world["enabler_key"], title="Theirs", text="x"
    )
    response = consultant.post(
        moderate_url(world), {"result": "managed", "reason": "x", "evidence": [foreign.pk]}
    )
    assert response.status_code == 400
    assert "evidence" in response.context["form"].errors
    with pytest.raises(ReviewRefused, match="this review only"):
        services.moderation_set(
            review=review,
            enabler_key=world["enabler_key"],
            level="managed",
            reason="x",
            evidence=[foreign],
            user=None,
        )


def test_every_decision_is_kept_and_the_newest_stands(consultant, world):
    note = world["evidence"]
    consultant.post(
        moderate_url(world),
        {"result": "managed", "reason": "Two roles written.", "evidence": [note]},
    )
    consultant.post(moderate_url(world), {"result": "leading", "reason": "All roles written."})
    assert standing(world).level == "leading"
    consultant.post(moderate_url(world), {"result": "withdraw", "reason": "Survey is right."})
    assert standing(world) is None
    rows = Moderation.objects.filter(review_id=world["review"], statement_key="")
    assert list(rows.order_by("pk").values_list("level", flat=True)) == [
        "immature",
        "managed",
        "leading",
        "",
    ]
    assert all(m.set_by == world["users"]["consultant"] for m in rows.exclude(level="immature"))
    # Nothing stands now: there is nothing left to withdraw.
    response = consultant.post(moderate_url(world), {"result": "withdraw", "reason": "Again."})
    assert response.status_code == 400


def test_a_statement_gets_a_verdict(consultant, world):
    response = consultant.post(
        moderate_url(world, True), {"result": "partly", "reason": "Two teams of five."}
    )
    assert response.status_code == 302
    moderation = standing(world, world["statement_key"])
    assert (moderation.verdict, moderation.level) == ("partly", "")
    html = consultant.get(f"/o/{world['org']}/reviews/{world['review']}/").content.decode()
    # The world's statement is a warning sign: "partly" reads as the sign showing in places.
    assert moderation_statement(world).reverse_scored
    assert "Warning sign partly present: Two teams of five." in html


def moderation_statement(world):
    from frameworks.models import Statement

    review = Review.objects.get(pk=world["review"])
    return Statement.objects.get(
        version=review.rounds.get().framework_version, key=world["statement_key"]
    )


def test_the_history_lists_every_change_from_what_to_what_newest_first(client, world):
    client.force_login(world["users"]["consultant"])
    client.post(moderate_url(world), {"result": "managed", "reason": "Second look."})
    client.post(moderate_url(world), {"result": "withdraw", "reason": "Survey is right."})
    client.force_login(world["users"]["owner"])  # the client's admin reads it too
    html = client.get(f"/o/{world['org']}/reviews/{world['review']}/history/").content.decode()
    withdrawn = html.index("from Managed to withdrawn (the survey&#x27;s result stands)")
    second = html.index("from Immature to Managed")
    first = html.index("from the survey&#x27;s result to Immature")
    assert withdrawn < second < first
    assert "Evidence cited: “Interview with the head of product”" in html
    assert "Interview note added" in html
    assert "Document added" in html


def test_the_calibration_pages_show_the_gap(client, world):
    from assessments.rounds.models import Assessment
    from tests.factories import TeamFactory, answer_all

    answer_all(
        Assessment.objects.get(pk=world["assessment"]),
        TeamFactory._meta.model.objects.get(pk=world["team"]),
        4,
    )
    review = Review.objects.get(pk=world["review"])
    gaps = selectors.review_gaps(review)
    gap = gaps.by_key[world["enabler_key"]]
    assert gap.reviewer is not None
    assert gap.reviewer.key == "immature"
    assert gap.survey is not None  # everyone agreed with everything: a decided level
    client.force_login(world["users"]["owner"])
    html = client.get(f"/o/{world['org']}/reviews/calibration/").content.decode()
    assert "Spring review" in html
    assert gap.signed in html
    client.force_login(world["users"]["consultant"])
    html = client.get("/firm/calibration/").content.decode()
    assert review.organisation.name in html
    assert gap.signed in html
    client.force_login(world["users"]["rival"])  # another firm's page knows nothing of it
    html = client.get("/firm/calibration/").content.decode()
    assert review.organisation.name not in html
    assert "No moderated review yet" in html


def test_a_warning_sign_s_verdict_reads_as_the_sign_absent_or_present(consultant, world):
    from frameworks.models import Statement

    review = Review.objects.get(pk=world["review"])
    sign = Statement.objects.filter(
        version=review.rounds.get().framework_version, reverse_scored=True
    ).first()
    assert sign is not None
    url = f"/o/{world['org']}/reviews/{world['review']}/moderate/{sign.enabler.key}/{sign.key}/"
    response = consultant.post(url, {"result": "in_place", "reason": "Nobody fights fires."})
    assert response.status_code == 302
    # "In place" would tell the client the warning sign is there: the opposite.
    base = f"/o/{world['org']}/reviews/{world['review']}/"
    for page in ("", "report/", "history/"):
        html = consultant.get(base + page).content.decode()
        assert "Warning sign absent" in html, page
        assert "In place:" not in html, page
        assert "<strong>In place</strong>" not in html, page
    form = consultant.get(url).content.decode()
    assert "Reviewer says now:</span> Warning sign absent" in form
