"""Machines check every page: axe-core (WCAG 2.2 A and AA) in a real browser at 1280 and at
320 px, no sideways scrolling at 320 px, and the Nu HTML Checker on the HTML we send, for every
page the permission matrix knows, as every role that may see it and as a respondent; then every
form's error state (each form sent back empty, tests/test_form_errors.py) the same way.

The same walk checks what only a browser shows: a page with errors puts focus on its error
summary, whose links move focus to their fields; on a phone the respondent's review page is
tabbed through in the order it reads; a comparison heatmap's names stay in view as the table
scrolls sideways.

axe-core and vnu-jar come from npm at install time (never committed); the Nu checker needs a
Java runtime, which `.ci/run` installs. In CI a missing tool is a failure, never a skip.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest_browser import CHROMIUM
from tests.factories import answer_all, build_url_world
from tests.test_form_errors import client_for, pages_for, send_forms_empty
from tests.test_permissions import MATRIX, ROLES

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
WIDE, NARROW = {"width": 1280, "height": 900}, {"width": 320, "height": 700}
PHONE = {"width": 360, "height": 740}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("restore_shipped_content"),
]

AXE_RUN = """async (tags) => {
    const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
    return r.violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3)
            .map(n => n.target.join(' ')).join(' | ')}`);
}"""


def _tools() -> None:
    missing = [str(p) for p in (AXE, VNU) if not p.exists()]
    if shutil.which("java") is None:
        missing.append("java (apt-get install default-jre-headless)")
    if not Path(CHROMIUM).exists():
        missing.append(CHROMIUM)
    if missing:
        pytest.fail(f"Accessibility checks need: {', '.join(missing)} (run make install-dev)")


def _context(browser, live_server, world, role, viewport=WIDE):
    """A browser signed in as the role (bypass_csp: our policy rightly refuses axe's script)."""
    from django.conf import settings

    context = browser.new_context(viewport=viewport, bypass_csp=True)
    if role in world["users"]:
        cookie = client_for(role, world).cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
    return context


def _axe_both_widths(page) -> list[str]:
    """axe at 1280 px, then at 320 px, and no sideways scrolling at 320 px (WCAG 1.4.10
    reflow). A page with charts is drawn again at 320 px (charts size themselves when drawn);
    any other reflows as a browser does when the window narrows, once our scripts have
    answered the resize (a11y.js waits 150 ms), which spares the crawl half its page loads."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(AXE_RUN, WCAG)
    drawn_at_load = page.locator("[data-plotly]").count() > 0
    page.set_viewport_size(NARROW)
    try:
        if drawn_at_load:
            page.reload()
            page.add_script_tag(path=str(AXE))
        else:
            page.wait_for_timeout(300)
        found += [f"{f} at 320 px" for f in page.evaluate(AXE_RUN, WCAG)]
        if page.evaluate("document.documentElement.scrollWidth") > NARROW["width"]:
            found.append("reflow (serious): the page scrolls sideways at 320 px")
    finally:
        page.set_viewport_size(WIDE)
    return found


def _visit_all(browser, live_server, world):
    """axe on every (role, page), each distinct page once; the HTML each role was sent, for
    Nu and the forms."""
    problems: dict[str, list] = {}
    sources: dict[str, bytes] = {}
    shown: dict[str, dict[str, str]] = {}
    checked: set[bytes] = set()  # a page sent identically to another role is checked once
    for role in ROLES:
        context = _context(browser, live_server, world, role)
        page = context.new_page()
        shown[role] = {}
        for path in pages_for(role, world):
            response = page.goto(live_server.url + path)
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            sources[f"{role} {path}"] = response.body()
            shown[role][path] = response.text()
            if _normalised(response.body()) in checked:
                continue
            checked.add(_normalised(response.body()))
            if found := _axe_both_widths(page):
                problems[f"{role} {path}"] = found
        context.close()
    return problems, sources, shown


def _visit_errors(browser, live_server, errors: dict[str, str]) -> dict[str, list]:
    """axe on each form's error state, shown as the server sent it at the address it was
    posted to; focus starts on the error summary and each of its links focuses its field."""
    problems: dict[str, list] = {}
    context = browser.new_context(viewport=WIDE, bypass_csp=True)
    page = context.new_page()
    for where, html in errors.items():
        url = live_server.url + where.split(" ")[1]

        def posted_to(address: str, url: str = url) -> bool:
            return address == url

        page.route(posted_to, _serving(html))
        page.goto(url)
        found = _summary_focus_problems(page)
        found += _axe_both_widths(page)
        page.unroute(posted_to)
        if found:
            problems[f"error state: {where}"] = found
    context.close()
    return problems


def _serving(html: str):
    return lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8")


def _summary_focus_problems(page) -> list[str]:
    if page.locator("[data-error-summary]").count() == 0:
        return []
    found = []
    if not page.evaluate("document.activeElement.hasAttribute('data-error-summary')"):
        found.append("focus is not on the error summary when the page loads")
    for link in page.locator("[data-error-summary] a[href^='#']").all():
        target = (link.get_attribute("href") or "#")[1:]
        if not target:
            found.append(f"the summary's link {link.inner_text()!r} goes to '#'")
            continue
        link.click()
        if page.evaluate("document.activeElement.id") != target:
            found.append(f"the summary's link to #{target!r} leaves focus elsewhere")
    return found


def _tab_order_problems(browser, live_server, world) -> list[str]:
    """At 360 x 740 the respondent's review page is tabbed through top to bottom: the first
    stops after the skip link are its top content, never the section list drawn below."""
    context = browser.new_context(viewport=PHONE, has_touch=True)
    page = context.new_page()
    page.goto(live_server.url + MATRIX["respond:review"][1].format(**world))
    stops = []
    for _ in range(8):
        page.keyboard.press("Tab")
        stops.append(
            page.evaluate(
                """() => { const e = document.activeElement;
                    return [e.textContent.trim().slice(0, 40),
                            e.getBoundingClientRect().top + window.scrollY]; }"""
            )
        )
    context.close()
    tops = [top for _text, top in stops[1:]]  # after the skip link
    if tops != sorted(tops):
        return [f"Tab stops out of reading order at 360 px: {stops}"]
    return []


def _sticky_names_problems(browser, live_server, world) -> list[str]:
    """At 360 px, a heatmap scrolled to its far right still shows every group's name, whole
    and on top (not under a cell sliding past)."""
    context = _context(browser, live_server, world, "owner", viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + MATRIX["orgs:compare"][1].format(**world))
    found = []
    for table in page.locator(".heatmap").all():
        table.scroll_into_view_if_needed()
        scrolled = table.evaluate(
            """t => { const box = t.closest('.heatmap-scroll, .table-responsive');
                box.scrollLeft = box.scrollWidth; return box.scrollLeft; }"""
        )
        hidden = table.evaluate(
            """t => [...t.querySelectorAll('tr > th:first-child')].filter(c => {
                window.scrollTo(0, window.scrollY + c.getBoundingClientRect().top - 200);
                const r = c.getBoundingClientRect();
                const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                return r.left < 0 || r.right > window.innerWidth || !c.contains(top);
            }).map(c => c.textContent.trim().slice(0, 30))"""
        )
        if scrolled == 0:
            found.append(f"#{table.get_attribute('id')} does not scroll sideways at 360 px")
        if hidden:
            found.append(f"#{table.get_attribute('id')} hides names when scrolled: {hidden}")
    context.close()
    return found


def _normalised(body: bytes) -> bytes:
    """The page without its per-request CSRF token, so identical pages are checked once."""
    return re.sub(rb'(name="csrfmiddlewaretoken" value=")[^"]*', rb"\1-", body)


def _nu_errors(sources: dict[str, bytes], tmp_path: Path) -> list[str]:
    """Nu on every distinct page, in one run of the checker (one JVM start)."""
    where: dict[str, list[str]] = {}
    for label, body in sorted(sources.items()):
        body = _normalised(body)
        name = f"{hashlib.sha256(body).hexdigest()[:16]}.html"
        if name not in where:
            (tmp_path / name).write_bytes(body)
        where.setdefault(name, []).append(label)
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--exit-zero-always"]
        + [str(tmp_path / name) for name in where],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    found = []
    for m in messages:
        if m.get("type") == "error":
            labels = where.get(str(m.get("url", "")).rsplit("/", 1)[-1], ["?"])
            found.append(
                f"{labels[0]} (and {len(labels) - 1} more): {m['message']} "
                f"({m.get('extract', '')!r})"
            )
    return found


@pytest.mark.long
@pytest.mark.markup_only
def test_every_page_and_error_state_passes_axe_and_the_nu_html_checker(
    browser, live_server, tmp_path
):
    _tools()
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    world = build_url_world()
    from assessments.models import Assessment, Team

    answer_all(
        Assessment.objects.get(pk=world["assessment"]), Team.objects.get(pk=world["team"]), 3
    )
    problems, sources, shown = _visit_all(browser, live_server, world)
    assert len(sources) >= 250  # the crawl reached the pages, as every role, not error pages
    problems["respondent's review page"] = _tab_order_problems(browser, live_server, world)
    problems["comparison heatmaps"] = _sticky_names_problems(browser, live_server, world)
    # Last: an empty form that is accepted changes what later pages would show.
    errors = send_forms_empty(world, shown)
    assert len(errors) >= 25  # each form's error state reached (28 when written)
    problems.update(_visit_errors(browser, live_server, errors))
    sources.update({f"error state: {where}": html.encode() for where, html in errors.items()})
    by_finding: dict[str, list[str]] = {}
    for where, found in problems.items():
        for finding in found:
            by_finding.setdefault(finding, []).append(where)
    summary = [f"{finding} — on {len(w)} pages, e.g. {w[0]}" for finding, w in by_finding.items()]
    found = summary + _nu_errors(sources, tmp_path)
    assert not found, "\n".join(found)
