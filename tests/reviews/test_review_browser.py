"""A consultant's whole engagement in a real browser: brand the firm, create a client, run
a review (evidence, a moderation, the executive summary), hand it over and download the
branded PDF the worker makes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.base import ContentFile

from assessments.demo.files import logo_png
from assessments.firms.models import FirmClient
from assessments.organisations.models import Department, Organisation, Team
from assessments.reviews.models import Moderation, Review
from assessments.roadmaps.models import Roadmap
from tests.background import run_tasks
from tests.comparisons.test_compare import make_round
from tests.factories import PASSWORD, answer_all
from tests.reviews.world import firm_with_consultant
from tests.test_browser import ARTIFACTS, open_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("restore_shipped_content"),
]


def _fieldwork(client: Organisation, version, consultant) -> None:
    """What happens outside the app's consultant pages: the client's teams answer a round."""
    department = Department.objects.get(organisation=client, name="Platform")
    team = Team.objects.create(organisation=client, department=department, name="Payments")
    survey = make_round(client, [team], version, "Client survey", 30, consultant)
    answer_all(survey, team, 4, agree="agree")


def test_a_consultant_goes_from_a_new_client_to_a_delivered_review_pdf(
    browser, live_server, organisation, shipped_version
):
    firm, consultant = firm_with_consultant("Laine Partners", "consultant", organisation)
    firm.logo.save("logo.png", ContentFile(logo_png()), save=True)
    w = open_page(
        browser, live_server, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = w.page
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(consultant.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # A new client, from the workspace.
    page.goto(live_server.url + "/firm/")
    page.get_by_role("link", name="New client organisation").first.click()
    page.get_by_label("Organisation name").fill("Tern Airlines")
    page.get_by_label("Departments").fill("Platform")
    page.get_by_label("Head of product's email").fill("hop@tern.example")
    page.get_by_role("button", name="Create the organisation").click()
    client = Organisation.objects.get(name="Tern Airlines")
    assert FirmClient.objects.get(organisation=client).firm == firm
    assert client.invitations.get().email == "hop@tern.example"
    assert run_tasks() == 1  # the head of product's invitation, emailed
    assert mail.outbox[-1].to == ["hop@tern.example"]
    _fieldwork(client, shipped_version, consultant)

    # The review: its scope, one piece of evidence, one moderation.
    page.goto(f"{live_server.url}/o/{client.slug}/reviews/")
    page.get_by_role("link", name="Start a review").click()
    page.get_by_label("Title").fill("Tern review")
    page.get_by_label("Client survey", exact=False).check()
    page.get_by_role("button").filter(has_text="review").first.click()
    review = Review.objects.get(organisation=client)
    assert page.get_by_role("heading", name="Tern review", level=1).is_visible()

    page.get_by_role("link", name="Add evidence").first.click()
    page.get_by_label("Title").fill("Interview with the head of product")
    page.get_by_label("Note", exact=True).fill("Purpose is written down but nobody could find it.")
    page.get_by_role("button", name="Add the evidence").click()
    evidence = review.evidence.get()

    page.goto(
        f"{live_server.url}/o/{client.slug}/reviews/{review.pk}/moderate/{evidence.enabler_key}/"
    )
    page.get_by_label("Immature").check()
    page.get_by_label("Reason").fill("The purpose exists on paper only; teams do not use it.")
    page.get_by_label("Interview with the head of product").check()
    page.get_by_role("button", name="Record it").click()
    moderation = Moderation.objects.get(review=review)
    assert list(moderation.evidence.all()) == [evidence]

    page.goto(f"{live_server.url}/o/{client.slug}/reviews/{review.pk}/summary/")
    page.get_by_label("Executive summary", exact=False).fill(
        "## Findings\n\n**Purpose** needs work."
    )
    page.get_by_role("button", name="Save").click()

    # Handover delivers it and gives the client its roadmap.
    page.goto(f"{live_server.url}/o/{client.slug}/reviews/{review.pk}/handover/")
    # A new client has no admin yet: the page says so before anything is handed over.
    assert page.get_by_role(
        "heading", name=f"{client.name} has no admin to hand over to"
    ).is_visible()
    page.get_by_role("button", name="Hand over without an admin").click()
    review.refresh_from_db()
    assert review.status == Review.Status.DELIVERED
    assert review.handed_over_at is not None
    assert Roadmap.objects.filter(assessment__organisation=client).count() == 1

    page.goto(f"{live_server.url}/o/{client.slug}/reviews/{review.pk}/report/")
    assert page.get_by_role("heading", name="Findings").is_visible()
    assert page.get_by_text("The purpose exists on paper only").first.is_visible()
    page.get_by_role("link", name="Download as PDF").click()
    page.get_by_role("button", name="Make the file").click()
    assert run_tasks() == 1
    ready = page.get_by_role("link", name="Download")
    ready.wait_for(state="visible", timeout=60_000)
    with page.expect_download() as download:
        ready.click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(io.BytesIO(data).getvalue()) > 20_000  # the cover, the logo and the charts
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.url}/o/{client.slug}/reviews/{review.pk}/report/")
    page.screenshot(path=str(ARTIFACTS / "review-report.png"), full_page=True)
    w.clean()
