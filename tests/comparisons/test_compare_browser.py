"""A head of product compares departments in a real browser: the heatmap draws, reads as a
table, and a cell opens that team's report, by mouse and by keyboard, on a laptop and a phone."""

from __future__ import annotations

import pytest

from tests.comparisons.test_compare import make_round
from tests.factories import PASSWORD, PRODUCT_TRIO, DepartmentFactory, TeamFactory, answer_all
from tests.test_browser import ARTIFACTS, open_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("restore_shipped_content"),
]


@pytest.fixture
def two_rounds(organisation, shipped_version, owner):
    platform = DepartmentFactory(organisation=organisation, name="Platform")
    growth = DepartmentFactory(organisation=organisation, name="Growth")
    teams = [
        TeamFactory(organisation=organisation, department=platform, name="Alpha"),
        TeamFactory(organisation=organisation, department=growth, name="Bravo"),
    ]
    first = make_round(organisation, teams, shipped_version, "Spring", 200, owner)
    second = make_round(organisation, teams, shipped_version, "Autumn", 10, owner)
    for team, before, after in zip(teams, ("disagree", "agree"), ("agree", "agree"), strict=True):
        answer_all(first, team, 3, agree=before, roles=PRODUCT_TRIO)
        answer_all(second, team, 3, agree=after, roles=PRODUCT_TRIO)
    return second


def sign_in(page, url, owner):
    page.goto(url + "/accounts/login/")
    page.get_by_label("Username").fill(owner.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_the_heatmap_draws_reads_as_a_table_and_a_cell_drills_down(
    browser, live_server, owner, two_rounds
):
    w = open_page(browser, live_server, viewport={"width": 1280, "height": 900})
    page = w.page
    sign_in(page, live_server.url, owner)
    page.goto(f"{live_server.url}/o/{two_rounds.organisation.slug}/")
    page.get_by_role("link", name="Compare departments and teams in Autumn").click()
    page.wait_for_selector("#heat-teams")

    # Drawn: a coloured cell per team and enabler, each with its level and score in words.
    cells = page.locator("#heat-teams td.heat-cell")
    assert cells.count() == 2 * 5
    assert page.locator("#heat-teams td.heat-cell.level-hidden").count() == 0
    colour = cells.first.evaluate("c => getComputedStyle(c).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    # The text alternative is the table itself: a caption, headers and words in each cell.
    heatmap = page.get_by_role("table", name="Each team's level and maturity score per enabler.")
    assert heatmap.locator("th[scope=col]").count() == 2 + 5
    assert heatmap.locator("th[scope=row]").count() == 2
    assert "raters" in cells.first.inner_text()
    # The spread of teams is drawn too, and offers its own table.
    assert page.locator(".strip svg circle, .strip svg path").count() >= 5
    page.get_by_text("Show the spread as a table").click()
    assert page.get_by_role("table", name="Team maturity scores per enabler").is_visible()

    # A click on a cell opens that team's report.
    page.locator("#heat-teams tr", has_text="Alpha").locator("a.heat-in").first.click()
    page.wait_for_url("**/report/team/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Alpha"

    # By keyboard: focus a department cell, Enter opens the department's report.
    page.go_back()
    page.wait_for_selector("#heat-departments")
    growth = page.locator("#heat-departments tr", has_text="Growth").locator("a.heat-in").first
    growth.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/report/department/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Growth"
    w.clean()


def test_the_comparison_works_on_a_360_px_phone(browser, live_server, owner, two_rounds):
    w = open_page(browser, live_server, viewport={"width": 360, "height": 780})
    page = w.page
    sign_in(page, live_server.url, owner)
    page.goto(
        f"{live_server.url}/o/{two_rounds.organisation.slug}/assessments/{two_rounds.pk}/compare/"
    )
    page.wait_for_selector("#heat-teams")
    # The page never scrolls sideways: wide tables scroll in place.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Filters are plain form controls: pick a department and apply.
    page.get_by_label("Department", exact=True).select_option(label="Platform")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**dept=**")
    assert page.locator("#heat-teams th[scope=row]").count() == 1
    assert page.locator("#dials h2").inner_text() == "The dials across teams in platform"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "compare-phone.png"), full_page=True)
    w.clean()


@pytest.mark.markup_only
def test_the_full_comparison_passes_axe_and_the_nu_html_checker(
    browser, live_server, owner, two_rounds, tmp_path
):
    """The permission crawl sees a one-team round; this checks every section filled in."""
    from tests.test_accessibility import AXE, WCAG, _nu_errors, _tools

    _tools()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server.url, owner)
    base = f"{live_server.url}/o/{two_rounds.organisation.slug}/assessments/{two_rounds.pk}"
    sources = {}
    for query in ("", "?role=product_manager&sort=purpose-leadership", "?dept=1"):
        response = page.goto(f"{base}/compare/{query}")
        sources[query] = response.body()
        page.add_script_tag(path=str(AXE))
        found = page.evaluate(
            """async (tags) => {
                const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
                return r.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => `${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(' '))}`);
            }""",
            WCAG,
        )
        assert found == [], query
    context.close()
    assert _nu_errors(sources, tmp_path) == []
