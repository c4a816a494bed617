"""The API's schema is valid OpenAPI 3, and its documentation page works under our CSP."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_the_schema_is_valid_openapi_3_without_warnings(client):
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "pmmaturity API"
    validate_schema(schema)  # raises on anything that is not OpenAPI 3
    # drf-spectacular warns (to stderr and its own log) where it had to guess: none here.
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS, str(GENERATOR_STATS)


@pytest.mark.django_db
def test_the_documentation_page_loads_its_files_from_this_site(client):
    response = client.get("/api/v1/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>" not in html
    assert "<style>" not in html
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert "/api/v1/schema/" in script.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_shipped_content")
def test_the_documentation_page_renders_with_no_csp_violation(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    page.goto(live_server.url + "/api/v1/docs/", wait_until="networkidle")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "pmmaturity API" in page.inner_text(".swagger-ui .info .title")
    context.close()
    assert problems == []
