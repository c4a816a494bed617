"""A review as its consultant runs it and the client's admin reads it: starting and editing
one, its status, its working page, and what stays inside its organisation."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.reviews import selectors, services
from assessments.reviews.models import Evidence, Moderation, Review
from assessments.reviews.services import ReviewRefused, Scope
from tests.factories import MembershipFactory, OrganisationFactory, TeamFactory, answer_all
from tests.reviews.world import firm_with_consultant

pytestmark = pytest.mark.django_db


def base(world):
    return f"/o/{world['org']}/reviews/"


def as_(client, world, role):
    client.force_login(world["users"][role])
    return client


def test_the_list_shows_each_review_with_its_status_dates_and_people(client, world):
    html = as_(client, world, "owner").get(base(world)).content.decode()
    assert "Spring review" in html
    assert "Planning" in html
    assert "Laine Partners" in html
    assert "Start a review" not in html  # the client's admin reads; the firm runs reviews
    html = as_(client, world, "consultant").get(base(world)).content.decode()
    assert "Start a review" in html


def test_the_list_has_an_empty_state(client, world):
    Review.objects.filter(pk=world["review"]).delete()
    html = as_(client, world, "consultant").get(base(world)).content.decode()
    assert "No review yet." in html


def test_a_consultant_starts_a_review_on_the_organisations_round(client, world):
    consultant = world["users"]["consultant"]
    response = as_(client, world, "consultant").post(
        f"{base(world)}new/",
        {
            "title": "Autumn review",
            "rounds": [world["assessment"]],
            "teams": [world["team"]],
            "starts_on": "2026-09-01",
            "due_on": "2026-10-15",
        },
    )
    review = Review.objects.get(title="Autumn review")
    assert response.status_code == 302
    assert response.url == f"{base(world)}{review.pk}/"
    assert review.firm.slug == world["firm"]
    assert review.created_by == consultant
    assert list(review.rounds.values_list("pk", flat=True)) == [world["assessment"]]
    assert list(review.teams.values_list("pk", flat=True)) == [world["team"]]
    assert list(review.consultants.all()) == [consultant]  # nobody named: whoever started it


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"due_on": "2026-08-01"}, "due_on"),
        ({"rounds": ["{foreign_assessment}"]}, "rounds"),
        ({"teams": ["{foreign_team}"]}, "teams"),
        ({"consultants": ["{rival}"]}, "consultants"),
        ({"rounds": ["999999999"]}, "rounds"),
        ({"title": ""}, "title"),
    ],
)
def test_forged_or_wrong_choices_are_form_errors_that_change_nothing(client, world, change, field):
    from assessments.rounds.models import Assessment

    foreign = Assessment.objects.get(pk=world["foreign_assessment"])
    values = {
        "foreign_assessment": foreign.pk,
        "foreign_team": foreign.teams.get().pk,
        "rival": world["users"]["rival"].pk,
    }
    body = {"title": "Forged", "rounds": [world["assessment"]], "starts_on": "2026-09-01"}
    body.update(
        {
            k: [x.format(**values) for x in v] if isinstance(v, list) else v
            for k, v in change.items()
        }
    )
    before = Review.objects.count()
    response = as_(client, world, "consultant").post(f"{base(world)}new/", body)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert Review.objects.count() == before
    # The same for an edit: the review keeps what it had.
    response = client.post(f"{base(world)}{world['review']}/edit/", body)
    assert response.status_code == 400
    assert Review.objects.get(pk=world["review"]).title == "Spring review"


def test_a_team_outside_the_chosen_rounds_is_refused(client, world):
    other = TeamFactory(organisation_id=Review.objects.get(pk=world["review"]).organisation_id)
    response = as_(client, world, "consultant").post(
        f"{base(world)}new/",
        {"title": "X", "rounds": [world["assessment"]], "teams": [other.pk]},
    )
    assert response.status_code == 400
    assert "Not in any of the chosen rounds" in response.context["form"].errors["teams"][0]


def test_services_refuse_what_the_form_would_have_caught(world):
    review = Review.objects.get(pk=world["review"])
    rival = world["users"]["rival"]
    with pytest.raises(ReviewRefused, match="consultants of the firm"):
        services.review_update(review=review, scope=Scope("X", [], consultants=[rival]), user=rival)


def test_editing_changes_the_details_and_who_works_on_it(client, world):
    consultant = world["users"]["consultant"]
    response = as_(client, world, "consultant").post(
        f"{base(world)}{world['review']}/edit/",
        {
            "title": "Spring review 2026",
            "rounds": [world["assessment"]],
            "consultants": [consultant.pk],
            "due_on": "2026-06-30",
        },
    )
    assert response.status_code == 302
    review = Review.objects.get(pk=world["review"])
    assert review.title == "Spring review 2026"
    assert str(review.due_on) == "2026-06-30"
    page = client.get(f"{base(world)}{world['review']}/edit/").content.decode()
    assert 'value="Spring review 2026"' in page


@pytest.mark.parametrize(
    ("start", "asked", "ends"),
    [
        ("planning", "fieldwork", "fieldwork"),
        ("fieldwork", "planning", "planning"),
        ("fieldwork", "moderation", "moderation"),
        ("planning", "moderation", "planning"),  # two steps at once: refused
        ("moderation", "delivered", "moderation"),  # delivering is the handover's
        ("delivered", "moderation", "moderation"),  # reopening
        ("delivered", "fieldwork", "delivered"),
        ("planning", "nonsense", "planning"),
    ],
)
def test_the_status_moves_one_step_and_delivery_is_not_here(client, world, start, asked, ends):
    Review.objects.filter(pk=world["review"]).update(status=start)
    response = as_(client, world, "consultant").post(
        f"{base(world)}{world['review']}/status/", {"status": asked}
    )
    assert Review.objects.get(pk=world["review"]).status == ends
    assert response.status_code == (302 if ends == asked else 400)
    if asked == "delivered":
        assert b"handing it over from its report" in response.content


def test_a_delivered_review_is_read_only_until_reopened(client, world):
    Review.objects.filter(pk=world["review"]).update(status=Review.Status.DELIVERED)
    as_(client, world, "consultant")
    review = f"{base(world)}{world['review']}/"
    for path in ("edit/", "evidence/new/", f"moderate/{world['enabler_key']}/"):
        response = client.get(review + path)
        assert response.status_code == 403, path
        assert b"Reopen it to change it" in response.content
    html = client.get(review).content.decode()
    assert "Reopen for moderation" in html
    assert "Add evidence" not in html


def test_the_working_page_puts_the_survey_and_the_reviewer_side_by_side(client, world):
    from assessments.rounds.models import Assessment

    answer_all(
        Assessment.objects.get(pk=world["assessment"]),
        TeamFactory._meta.model.objects.get(pk=world["team"]),
        4,
    )
    html = as_(client, world, "owner").get(f"{base(world)}{world['review']}/").content.decode()
    assert "Survey says" in html
    assert "Reviewer says" in html
    assert "Immature" in html  # the reviewer's level, from the world's moderation
    assert "Interviews show the roles are unwritten in most teams." in html
    assert "Interview with the head of product" in html  # the evidence on the enabler
    assert "Role descriptions" in html
    assert "roles.pdf" in html
    assert "Calibration" in html
    assert "Gap " in html
    assert 'aria-current="step"' in html
    assert "Moderate" not in html.split('<h2 class="h4">Enablers</h2>')[1].split("</section>")[0]


def test_the_working_page_says_not_enough_evidence_before_answers(client, world):
    html = as_(client, world, "consultant").get(f"{base(world)}{world['review']}/").content.decode()
    assert "The survey&#x27;s results are withheld" in html or "withheld" in html
    assert "Not enough evidence" in html
    assert "too little evidence for a level, so no gap is counted" in html


def test_the_working_page_costs_the_same_however_much_evidence(client, world):
    as_(client, world, "consultant")
    path = f"{base(world)}{world['review']}/"
    client.get(path)  # warm the framework cache
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    review = Review.objects.get(pk=world["review"])
    for i in range(12):
        item = Evidence.objects.create(
            review=review,
            kind="note",
            enabler_key=world["enabler_key"],
            statement_key=world["statement_key"] if i % 2 else "",
            title=f"Note {i}",
            text="x",
            added_by=world["users"]["consultant"],
        )
        moderation = Moderation.objects.create(
            review=review,
            enabler_key=world["enabler_key"],
            level="managed",
            reason=f"r{i}",
        )
        moderation.evidence.add(item)
    with CaptureQueriesContext(connection) as many:
        response = client.get(path)
    assert "Note 11" in response.content.decode()
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_another_organisations_admin_and_consultants_never_reach_this_review(client, world):
    other = OrganisationFactory(name="Other client")
    admin = MembershipFactory(organisation=other, role="admin").user
    _firm, their_consultant = firm_with_consultant("Other Firm", "other-consultant", other)
    for user in (admin, their_consultant, world["users"]["rival"]):
        client.force_login(user)
        for org in (other.slug, world["org"], world["rival_client"]):
            for path in ("", "history/", f"evidence/{world['document']}/file"):
                response = client.get(f"/o/{org}/reviews/{world['review']}/{path}")
                assert response.status_code == 404, (user, org, path)
        assert world["review"] not in [r.pk for r in selectors.reviews_of(other)]
    client.force_login(their_consultant)
    assert b"Spring review" not in client.get(f"/o/{other.slug}/reviews/").content


def test_the_consultant_choices_are_the_firms_consultants_in_this_client(world):
    from assessments.firms.models import Firm

    review = Review.objects.get(pk=world["review"])
    people = list(
        selectors.firm_consultants(Firm.objects.get(slug=world["firm"]), review.organisation)
    )
    assert people == [world["users"]["consultant"]]
