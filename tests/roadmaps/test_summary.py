"""The one-page roadmap summary: styled and printable under our policy, and one A4 page."""

from __future__ import annotations

import io
import os
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from assessments.organisations.access import member_access
from assessments.organisations.models import Membership
from assessments.roadmaps.access import roadmap_place
from assessments.roadmaps.models import Roadmap, RoadmapAction
from assessments.roadmaps.selectors import team_report
from assessments.roadmaps.services import roadmap_generate, summary_pdf
from tests.factories import answer_all, open_round


def summary_url(road: Roadmap, name: str = "orgs:roadmap_summary") -> str:
    return reverse(name, args=[road.assessment.organisation.slug, road.assessment_id, road.team_id])


def generated_board(assessment, team, user) -> Roadmap:
    """The board a team gets from the default targets (one level up on every enabler)."""
    report = team_report(assessment, team)
    assert report.scores is not None
    targets = {key: min(2, int(r.level) + 1) for key, r in report.scores.enablers.items()}
    return roadmap_generate(
        assessment=assessment, team=team, targets=targets, reasons={}, user=user
    )


def same_cards(actions: list[RoadmapAction]) -> dict[str, list[object]]:
    """What two actions of one board share that would make them the same card."""
    found = {}
    for what, value in (
        ("title", lambda a: a.title.casefold()),
        ("key", lambda a: a.key),
        ("recommendation", lambda a: a.recommendation_id),
    ):
        counts = Counter(value(a) for a in actions if value(a) not in ("", None))
        twice = [v for v, n in counts.items() if n > 1]
        if twice:
            found[what] = twice
    return found


@pytest.mark.django_db
def test_the_served_summary_links_its_styles_and_script_and_inlines_none(
    client, shipped_version, organisation, team, owner
):
    assessment = open_round(organisation, team, shipped_version, owner)
    answer_all(assessment, team, 4, agree="disagree")
    road = generated_board(assessment, team, owner)
    client.force_login(owner)
    html = client.get(summary_url(road)).content.decode()
    assert not re.search(r"<style[ >]|<script>| style=", html)
    for linked in ("css/roadmap-summary.css", "css/app.css", "js/app.js", "favicon.svg"):
        assert f"/static/{linked}" in html, linked
    assert "data-print" in html


@pytest.mark.django_db
def test_every_demo_teams_summary_prints_on_one_a4_page_with_no_card_twice(sample_version):
    """The demo's teams are typical teams: each one's summary PDF is one landscape A4 page,
    and no board of theirs shows the same action twice."""
    call_command("load_demo", force=True, stdout=StringIO())
    roads = list(Roadmap.objects.select_related("assessment", "team"))
    assert len(roads) >= 8
    for road in roads:
        admin = Membership.objects.filter(
            organisation=road.assessment.organisation, role=Membership.Role.ADMIN
        ).first()
        assert admin is not None
        place = roadmap_place(
            member_access(admin.user_id, road.assessment.organisation_id),
            road.assessment_id,
            road.team_id,
        )
        made = summary_pdf(place)
        assert isinstance(made.content, bytes)
        pdf = PdfReader(io.BytesIO(made.content))
        box = pdf.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 across
        assert len(pdf.pages) == 1, f"{road.team.name}: {len(pdf.pages)} pages"
        assert same_cards(list(road.actions.all())) == {}, road.team.name


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_shipped_content")
def test_the_summary_is_styled_and_its_print_button_prints(
    browser, live_server, shipped_version, organisation, team, owner
):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.conf import settings
    from django.test import Client

    assessment = open_round(organisation, team, shipped_version, owner)
    answer_all(assessment, team, 4, agree="disagree")
    road = generated_board(assessment, team, owner)
    signed_in = Client()
    signed_in.force_login(owner)
    context = browser.new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": signed_in.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    # Printing opens the browser's dialog: count the calls instead.
    context.add_init_script("window.printed = 0; window.print = () => { window.printed += 1; };")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status} {r.url}"))
    page.goto(live_server.url + summary_url(road), wait_until="load")
    # Our stylesheet applies: the plan's columns have their grey background.
    shade = page.eval_on_selector(".summary-col", "el => getComputedStyle(el).backgroundColor")
    assert shade == "rgb(244, 246, 249)"
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.printed") == 1
    context.close()
    assert errors == []
