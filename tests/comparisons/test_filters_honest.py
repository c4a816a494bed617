"""Filters are honest: "Clear filters" clears every one, the board pack carries exactly the
filters shown and says on its first page what it is made with, and a round of another group
(a one-department pilot on another version) is never read as a change of the whole round."""

from __future__ import annotations

import io
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments.comparisons import services as comparison_services
from assessments.comparisons.builder import Filters, comparison_for
from assessments.exports.models import ExportJob
from frameworks import services as framework_services
from tests.background import run_tasks
from tests.comparisons.test_compare import compare_url, make_round, page
from tests.factories import DepartmentFactory, TeamFactory, answer_all

pytestmark = pytest.mark.django_db

REFUSED = (
    "Spring pilot covered only 1 team in Payments, so it can't show change for the whole "
    "round (2 teams in Growth and Payments in Autumn). A different group is not a change."
)


@pytest.fixture
def pilot(organisation, shipped_version, owner):
    """Last year, everyone on the shipped questionnaire, disagreeing; a spring pilot of
    Payments alone on a fork of it, disagreeing; this autumn, everyone agreeing."""
    payments = DepartmentFactory(organisation=organisation, name="Payments")
    growth = DepartmentFactory(organisation=organisation, name="Growth")
    pay = TeamFactory(organisation=organisation, department=payments, name="Pay")
    grow = TeamFactory(organisation=organisation, department=growth, name="Grow")
    last = make_round(organisation, [pay, grow], shipped_version, "Last year", 300, owner)
    answer_all(last, pay, 3, agree="disagree")
    answer_all(last, grow, 3, agree="disagree")
    fork = framework_services.version_fork(version=shipped_version, label="9.9")
    framework_services.version_publish(version=fork)
    spring = make_round(organisation, [pay], fork, "Spring pilot", 200, owner)
    answer_all(spring, pay, 3, agree="disagree")
    autumn = make_round(organisation, [pay, grow], shipped_version, "Autumn", 10, owner)
    answer_all(autumn, pay, 3, agree="agree")
    answer_all(autumn, grow, 3, agree="agree")
    return {"last": last, "spring": spring, "autumn": autumn, "payments": payments}


def flat(html: str) -> str:
    return unescape(" ".join(html.split()))


def text_of(html: str) -> str:
    """The words of some HTML, as a reader (or a PDF's text) has them."""
    return flat(re.sub(r"<[^>]+>", " ", html))


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(unescape(url)).query)


def clear_link(html: str) -> str | None:
    found = re.search(r'<a class="btn btn-link btn-sm" href="([^"]*)">Clear filters</a>', html)
    return found and unescape(found.group(1))


def pack_link(html: str, fmt: str) -> str:
    found = re.search(rf'<form method="post" action="([^"]*/board-pack\.{fmt}[^"]*)"', html)
    assert found, "the page offers the board pack"
    return unescape(found.group(1))


def made_with(html: str, label: str) -> str:
    found = re.search(rf'data-made-with="{label}">([^<]*)</dd>', html)
    assert found, label
    return unescape(found.group(1))


def test_clear_filters_clears_every_filter_and_keeps_only_the_order(client, owner, pilot):
    autumn, payments = pilot["autumn"], pilot["payments"]
    asked = (
        f"?dept={payments.pk}&role=product_manager&show=maturity"
        f"&since={pilot['spring'].pk}&sort=people&utm=x"
    )
    html = page(client, owner, autumn, asked)
    link = clear_link(html)
    assert link is not None
    assert urlsplit(link).path == compare_url(autumn)
    assert query_of(link) == {"sort": ["people"]}  # the order of the rows hides nothing
    # Following it: nothing narrowed, and "Compare with" is back to its default.
    cleared = page(client, owner, autumn, "?" + urlsplit(link).query)
    assert clear_link(cleared) is None  # nothing left to clear
    assert made_with(cleared, "scope") == "The whole round: 2 teams in Growth and Payments"
    assert made_with(cleared, "respondents") == "Everyone"
    assert made_with(cleared, "compared-with").startswith("Last year, open")
    assert "the newest earlier round that covered these teams" in made_with(
        cleared, "compared-with"
    )


def test_compare_with_alone_is_a_filter_that_clear_removes(client, owner, pilot):
    html = page(client, owner, pilot["autumn"], f"?since={pilot['spring'].pk}")
    link = clear_link(html)
    assert link is not None
    assert "since" not in query_of(link)
    assert urlsplit(link).path == compare_url(pilot["autumn"])


def test_a_one_department_pilot_on_another_version_shows_no_change_for_the_whole_round(
    client, owner, pilot
):
    html = flat(page(client, owner, pilot["autumn"], f"?since={pilot['spring'].pk}"))
    assert "No change is shown." in html
    assert REFUSED in html
    assert "To see change, pick Payments under Department, or compare with Last year." in html
    assert "beyond noise" not in html
    trends = html.split('id="trends"', 1)[1].split("</section>", 1)[0]
    assert "▲" not in trends
    assert "trend-table" not in trends
    # Only rounds that can show change are offered, and the chosen one says it shows none.
    since = html.split('id="f-since"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r">([^<]+)</option>", since) == [
        "Newest that can show change (Last year)",
        "Spring pilot (shows no change here)",
        "Last year",
    ]
    assert re.search(r'<option value="\d+" selected>Spring pilot', since)


def test_the_pilot_still_shows_change_for_the_department_it_covered(client, owner, pilot):
    asked = f"?dept={pilot['payments'].pk}&since={pilot['spring'].pk}"
    trend = comparison_for(
        pilot["autumn"], Filters(department=pilot["payments"].pk, since=pilot["spring"].pk)
    ).trend
    assert trend.refusal is None
    assert not trend.same_version
    assert trend.shared > 0
    assert trend.real_changes > 0  # Payments went from disagree to agree on every statement
    html = flat(page(client, owner, pilot["autumn"], asked))
    assert "No change is shown." not in html
    assert "beyond noise" in html


def test_by_default_the_newest_round_of_the_same_teams_is_compared_and_shows_change(pilot):
    trend = comparison_for(pilot["autumn"], Filters()).trend
    assert trend.since == pilot["last"]  # not the pilot, newer as it is
    assert trend.refusal is None
    assert [r.name for r in trend.earlier] == ["Last year"]
    whole = trend.rows[0]
    assert whole.name == "Whole round"
    assert not whole.different_group
    assert any(c is not None and c.direction == "up" for c in whole.changes)


def test_the_board_pack_carries_exactly_the_filters_shown(client, owner, pilot):
    autumn, payments = pilot["autumn"], pilot["payments"]
    # A role the round cannot show, a nonsense order and an unknown parameter are not shown,
    # so they are not carried; the round compared with (for Payments, the newest that covered
    # it: the pilot) is named, as shown.
    html = page(client, owner, autumn, f"?dept={payments.pk}&role=designer&sort=zzz&utm=x")
    shown = {"dept": str(payments.pk), "since": str(pilot["spring"].pk)}
    for fmt in ("pdf", "xlsx"):
        assert query_of(pack_link(html, fmt)) == {k: [v] for k, v in shown.items()}
    client.post(pack_link(html, "pdf"))
    job = ExportJob.objects.get()
    assert job.filters == shown
    assert job.title == "Autumn: Board pack (PDF) · Payments · compared with Spring pilot"
    # Asked again with other filters, it is another file, not the first one given back.
    client.post(pack_link(page(client, owner, autumn), "pdf"))
    assert ExportJob.objects.count() == 2
    # A retry makes the same file again.
    first = ExportJob.objects.get(pk=job.pk)
    first.status = ExportJob.Status.FAILED
    first.save(update_fields=["status"])
    client.post(reverse("orgs:export_retry", args=[autumn.organisation.slug, job.pk]))
    assert ExportJob.objects.order_by("-pk").first().filters == job.filters


def _board_pack_html(client, owner, pilot, monkeypatch, query: str) -> str:
    made: list[str] = []
    monkeypatch.setattr(comparison_services, "html_to_pdf", lambda html: made.append(html) or b"%")
    client.post(pack_link(page(client, owner, pilot["autumn"], query), "pdf"))
    assert run_tasks() == 1
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.READY, job.problem
    return made[0]


def test_the_board_pack_says_first_what_it_is_made_with_and_refuses_the_pilot(
    client, owner, pilot, monkeypatch
):
    html = _board_pack_html(client, owner, pilot, monkeypatch, f"?since={pilot['spring'].pk}")
    first = text_of(html.split("</header>", 1)[0].split("<body", 1)[1])  # top of page one
    assert "What this comparison is made with" in first
    assert re.search(r"Autumn, open \d+ \w+ \d{4} to \d+ \w+ \d{4}, on .+", first)
    assert "The whole round: 2 teams in Growth and Payments" in first
    assert "Respondents Everyone" in first
    assert "Instruments All three" in first
    assert "Compared with Spring pilot, open" in first
    assert "9.9" in first  # the pilot's version, named
    assert REFUSED in first
    assert "beyond noise" not in flat(html)


def test_the_board_pack_of_a_department_names_its_filters(client, owner, pilot, monkeypatch):
    query = f"?dept={pilot['payments'].pk}&role=engineer&show=maturity&since={pilot['spring'].pk}"
    made = _board_pack_html(client, owner, pilot, monkeypatch, query)
    html = text_of(made.split("</header>", 1)[0].split("<body", 1)[1])
    assert "Scope Payments only: 1 team " in html
    assert "Instruments Maturity Model only" in html
    assert "compared on the" in html  # another version: on the statements both asked
    assert "No change is shown" not in html


def test_the_workbook_says_what_it_is_made_with(pilot):
    comparison = comparison_for(pilot["autumn"], Filters(since=pilot["spring"].pk))
    book = load_workbook(io.BytesIO(comparison_services.board_pack_xlsx(comparison)))
    facts = dict(list(book["Made with"].iter_rows(values_only=True))[1:])
    assert facts["Scope"] == "The whole round: 2 teams in Growth and Payments"
    assert REFUSED in facts["Compared with"]
    refused = list(book["Change since Spring pilot"].iter_rows(values_only=True))
    assert refused[1] == (REFUSED,)


def test_the_printed_board_pack_states_the_pilot_refusal_on_page_one(client, owner, pilot):
    client.force_login(owner)
    client.post(
        pack_link(page(client, owner, pilot["autumn"], f"?since={pilot['spring'].pk}"), "pdf")
    )
    assert run_tasks() == 1
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.READY, job.problem
    text = " ".join(PdfReader(io.BytesIO(job.file.read())).pages[0].extract_text().split())
    assert "What this comparison is made with" in text
    assert "Spring pilot covered only 1 team in Payments" in text
    assert "beyond noise" not in text


def test_a_pilot_after_a_full_round_compares_only_the_department_it_covered(pilot):
    comparison = comparison_for(pilot["spring"], Filters(since=pilot["last"].pk))
    trend = comparison.trend
    assert trend.refusal is None  # every team of the pilot took part last year
    rows = {row.name: row for row in trend.rows}
    assert rows["Whole round"].different_group  # last year's whole round was two teams
    assert not rows["Payments"].different_group
    whole, payments = comparison.summaries
    assert "beyond noise" not in whole  # a group not compared says nothing of change
    assert "no change beyond noise" in payments  # it disagreed both times
