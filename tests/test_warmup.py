"""A server process compiles our templates and imports the views as it starts (issue 26)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmmaturity.warmup import warm_up

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.mark.django_db
def test_it_compiles_every_template_of_ours_without_touching_the_database():
    with CaptureQueriesContext(connection) as queries:
        compiled = warm_up()
    assert compiled == len(list(TEMPLATES.rglob("*.html")))
    assert len(queries) == 0  # a connection opened before gunicorn forks would be shared


def test_loading_the_wsgi_module_leaves_nothing_for_the_first_report_to_import(tmp_path):
    """The report's views and template tags are imported before any request comes."""
    code = (
        "import sys; import pmmaturity.wsgi; "
        "print(all(m in sys.modules for m in ("
        "'assessments.reports.views', 'assessments.templatetags.report_lists', "
        "'frameworks.templatetags.levels', 'assessments.firms.context_processors')))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=TEMPLATES.parent,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "pmmaturity.settings",
            "PMMATURITY_VAR_DIR": str(tmp_path),
        },
    ).stdout
    assert found.strip() == "True"
