"""The public browse pages: no login, drafts hidden, empty states, steady query counts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from frameworks import services
from frameworks.charts import AMBER, GREEN, RED
from frameworks.models import Activity, Dial, Enabler, Level, Statement
from tests.factories import (
    DialFactory,
    EnablerFactory,
    FrameworkVersionFactory,
    LevelDescriptorFactory,
    LevelFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def page_urls(version):
    args = [version.framework.slug, version.label]
    return {
        "maturity_model": reverse("frameworks:maturity_model", args=args),
        "activities": reverse("frameworks:activities", args=args),
        "dashboard": reverse("frameworks:dashboard", args=args),
    }


def test_the_maturity_model_is_a_five_by_three_grid(client, shipped_version):
    response = client.get(page_urls(shipped_version)["maturity_model"])
    assert response.status_code == 200
    html = response.content.decode()
    levels = list(Level.objects.filter(version=shipped_version).values_list("name", flat=True))
    assert levels == ["Immature", "Managed", "Leading"]
    cells = re.findall(r'<td class="cell level-(\w+)"', html)
    assert len(cells) == 15
    assert cells[:3] == ["immature", "managed", "leading"]
    for enabler in Enabler.objects.filter(version=shipped_version):
        assert escape(enabler.name) in html
        for descriptor in enabler.descriptors.all():
            assert escape(descriptor.text) in html


def test_every_statement_is_listed_under_its_enabler(client, shipped_version):
    html = client.get(page_urls(shipped_version)["maturity_model"]).content.decode()
    listed = re.findall(r'<span class="statement-text">(.*?)</span>', html)
    statements = Statement.objects.filter(version=shipped_version)
    assert sorted(listed) == sorted(escape(s.text) for s in statements)
    assert html.count("data-symptom>") == statements.filter(reverse_scored=True).count() > 0


def test_the_activities_page_shows_twenty_activities_by_area_with_a_legend(client, shipped_version):
    html = client.get(page_urls(shipped_version)["activities"]).content.decode()
    assert (
        html.count('class="activity-tile')
        == 20
        == Activity.objects.filter(version=shipped_version).count()
    )
    for area in ("Strategic", "Inbound", "Outbound"):
        assert f">{area}</h2>" in html
    for group in ("Getting insight", "Analysis", "Giving direction"):
        assert group in html
    assert html.count('class="legend-item') == 4
    assert "Usually owns it" in html


def test_the_dashboard_draws_eight_gauges_with_their_end_labels(client, shipped_version):
    html = client.get(page_urls(shipped_version)["dashboard"]).content.decode()
    assert html.count('class="gauge"') == 8
    for dial in Dial.objects.filter(version=shipped_version):
        svg = re.search(rf'data-dial="{dial.key}"[^>]*>(<svg.*?</svg>)</div>', html, re.S).group(1)
        # Drawn on the server: red, amber and green zones, their boundaries as numbers.
        assert re.findall(r'stroke="(#[0-9a-f]{6})" stroke-width="22', svg) == [RED, AMBER, GREEN]
        numbers = re.findall(r"<text [^>]*>(\d+)</text>", svg)
        assert numbers == ["0", str(dial.red_below), str(dial.green_from), "100"]
        assert f"← {dial.left_label}" in html.replace("&amp;", "&")
        assert f"{dial.right_label} →" in html.replace("&amp;", "&")
    # Nothing left for a charting library to draw.
    assert "plotly" not in html


def test_the_menu_links_go_to_the_latest_published_version(client, shipped_version):
    for page, name in [
        ("maturity-model", "maturity_model"),
        ("activities", "activities"),
        ("dashboard", "dashboard"),
    ]:
        response = client.get(f"/instruments/{page}/")
        assert response.status_code == 302
        assert response["Location"] == page_urls(shipped_version)[name]


@pytest.mark.usefixtures("no_content")
def test_with_nothing_published_the_menu_shows_a_clear_empty_state(client, db):
    response = client.get("/instruments/maturity-model/")
    assert response.status_code == 404
    assert b"No framework has been published yet" in response.content


def test_drafts_are_hidden_from_the_public_but_shown_to_staff(client, staff):
    draft = FrameworkVersionFactory(status="draft", published_at=None)
    for url in page_urls(draft).values():
        assert client.get(url).status_code == 404
    client.force_login(staff)
    for url in page_urls(draft).values():
        response = client.get(url)
        assert response.status_code == 200
        assert b"Only staff can see this version" in response.content


def test_a_retired_version_stays_browsable_and_says_so(client, shipped_version):
    fork = services.version_fork(version=shipped_version, label="9.1")
    services.version_publish(version=fork)
    services.version_retire(version=shipped_version)
    response = client.get(page_urls(shipped_version)["maturity_model"])
    assert b"Retired." in response.content
    assert (
        reverse("frameworks:maturity_model", args=["pm-maturity", "9.1"]).encode()
        in response.content
    )
    assert (
        client.get("/instruments/maturity-model/")["Location"] == page_urls(fork)["maturity_model"]
    )


def test_unknown_versions_are_404(client, shipped_version):
    assert (
        client.get(reverse("frameworks:dashboard", args=["pm-maturity", "9.9"])).status_code == 404
    )
    assert client.get(reverse("frameworks:dashboard", args=["nope", "1.0"])).status_code == 404


def test_an_empty_version_shows_empty_states(client):
    version = FrameworkVersionFactory()
    urls = page_urls(version)
    assert b"This version has no enablers yet" in client.get(urls["maturity_model"]).content
    assert b"This version has no activities yet" in client.get(urls["activities"]).content
    assert b"This version has no dials yet" in client.get(urls["dashboard"]).content


def grow(version, n):
    """Add n enablers with descriptors and statements, and n dials."""
    levels = list(Level.objects.filter(version=version)) or [
        LevelFactory(version=version, key=k) for k in ("immature", "managed", "leading")
    ]
    for _ in range(n):
        enabler = EnablerFactory(version=version)
        for level in levels:
            LevelDescriptorFactory(version=version, enabler=enabler, level=level)
            StatementFactory(version=version, enabler=enabler, level=level)
        DialFactory(version=version)


@pytest.mark.parametrize("page", ["maturity_model", "activities", "dashboard"])
def test_page_queries_do_not_grow_with_content(client, django_assert_max_num_queries, page):
    version = FrameworkVersionFactory()
    grow(version, 2)
    url = page_urls(version)[page]
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    grow(version, 6)
    with django_assert_max_num_queries(len(small)):
        client.get(url)


def test_home_and_about_pages_render_for_anyone(client, shipped_version):
    home = client.get("/")
    assert home.status_code == 200
    assert b"Built for three kinds of people" in home.content
    about = client.get(reverse("frameworks:about"))
    assert about.status_code == 200
    assert b"The Product Activities Framework" in about.content
    assert page_urls(shipped_version)["dashboard"].encode() in about.content


def test_home_lists_the_users_organisations(client, owner):
    client.force_login(owner)
    assert b"Acme Products" in client.get("/").content


def test_each_served_plotly_holds_only_the_chart_type_its_pages_draw():
    """Bundled at install time from plotly.js: the radar for reports, bars for roadmaps."""
    from django.contrib.staticfiles import finders

    for bundle, drawn, other in [
        ("radar", "scatterpolar", "bar"),
        ("timeline", "bar", "scatterpolar"),
    ]:
        found = finders.find(f"vendor/plotly/plotly-{bundle}.min.js")
        assert found, "run make install: npm run build bundles plotly.js"
        text = Path(found).read_text(encoding="utf-8")
        assert len(text) < 1_100_000  # the whole library is 4.8 MB, its own core 1.1 MB
        # Each trace and component registers itself by name.
        assert f'name:"{drawn}"' in text
        for left_out in (other, "indicator", "sankey", "scatter3d", "choropleth"):
            assert f'name:"{left_out}"' not in text
        for unused in ("annotations", "images", "updatemenus", "sliders", "rangeslider"):
            assert f'moduleType:"component",name:"{unused}"' not in text
