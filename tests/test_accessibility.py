"""Machines check every page: axe-core (WCAG 2.2 A and AA) in a real browser, no sideways
scrolling at 320 px, and the Nu HTML Checker on the HTML we send, for every page the permission
matrix knows, as every role that may see it and as a respondent.

axe-core and vnu-jar come from npm at install time (never committed); the Nu checker needs a
Java runtime, which `.ci/run` installs. In CI a missing tool is a failure, never a skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest_browser import CHROMIUM
from tests.factories import answer_all, build_url_world
from tests.test_permissions import MATRIX, ROLES

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
NOT_OURS = ("admin:", "healthz")  # Django's admin is staff-only and not our design
FILES = (".csv", ".xlsx", ".json", "/download", "/file")  # downloads, not pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("restore_shipped_content"),
]


def _tools() -> None:
    missing = [str(p) for p in (AXE, VNU) if not p.exists()]
    if shutil.which("java") is None:
        missing.append("java (apt-get install default-jre-headless)")
    if not Path(CHROMIUM).exists():
        missing.append(CHROMIUM)
    if missing:
        pytest.fail(f"Accessibility checks need: {', '.join(missing)} (run make install-dev)")


def pages_for(role: str, world: dict) -> list[str]:
    """Every HTML page the matrix says this visitor may open."""
    return [
        template.format(**world)
        for name, (method, template, expected) in MATRIX.items()
        if method == "get"
        and expected[role] == 200
        and not name.startswith(NOT_OURS)
        and not template.endswith(FILES)
    ]


def _visit_all(browser, live_server, world) -> tuple[dict[str, list], dict[str, bytes]]:
    from django.conf import settings
    from django.test import Client

    problems: dict[str, list] = {}
    sources: dict[str, bytes] = {}
    for role in ROLES:
        # bypass_csp: our policy rightly refuses the injected axe script.
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        if role in world["users"]:
            client = Client()
            client.force_login(world["users"][role])
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
            )
        page = context.new_page()
        for path in pages_for(role, world):
            response = page.goto(live_server.url + path)
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            sources.setdefault(path, response.body())
            page.add_script_tag(path=str(AXE))
            found = page.evaluate(
                """async (tags) => {
                    const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
                    return r.violations
                        .filter(v => v.impact === 'serious' || v.impact === 'critical')
                        .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3)
                            .map(n => n.target.join(' ')).join(' | ')}`);
                }""",
                WCAG,
            )
            # Nothing scrolls sideways on the narrowest phone (WCAG 1.4.10 reflow at 320 px).
            page.set_viewport_size({"width": 320, "height": 700})
            page.reload()  # charts size themselves when drawn
            if page.evaluate("document.documentElement.scrollWidth") > 320:
                found.append("reflow (serious): the page scrolls sideways at 320 px")
            page.set_viewport_size({"width": 1280, "height": 900})
            if found:
                problems[f"{role} {path}"] = found
        context.close()
    return problems, sources


def _nu_errors(sources: dict[str, bytes], tmp_path: Path) -> list[str]:
    files = {}
    for i, (path, body) in enumerate(sorted(sources.items())):
        file = tmp_path / f"page{i}.html"
        file.write_bytes(body)
        files[file.name] = path
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--exit-zero-always"]
        + [str(tmp_path / f"page{i}.html") for i in range(len(files))],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    return [
        f"{files.get(str(m.get('url', '')).rsplit('/', 1)[-1])}: {m['message']} "
        f"({m.get('extract', '')!r})"
        for m in messages
        if m.get("type") == "error"
    ]


def test_every_page_passes_axe_and_the_nu_html_checker(browser, live_server, tmp_path):
    _tools()
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    world = build_url_world()
    from assessments.models import Assessment, Team

    answer_all(
        Assessment.objects.get(pk=world["assessment"]), Team.objects.get(pk=world["team"]), 3
    )
    problems, sources = _visit_all(browser, live_server, world)
    assert len(sources) >= 25  # the crawl reached the pages, not just error pages
    by_finding: dict[str, list[str]] = {}
    for where, found in problems.items():
        for finding in found:
            by_finding.setdefault(finding, []).append(where)
    summary = [f"{finding} — on {len(w)} pages, e.g. {w[0]}" for finding, w in by_finding.items()]
    assert summary == []
    assert _nu_errors(sources, tmp_path) == []
