"""The demo's charter: published by Brightwater's head of product, two versions, and findings."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from assessments.charters.models import Charter, CharterVersion
from assessments.models import Assessment
from assessments.reports.access import team_scope
from assessments.reports.builder import build_report

pytestmark = pytest.mark.django_db


def test_the_demo_charter_is_published_with_two_versions_and_shows_in_team_reports(
    shipped_version,
):
    call_command("load_demo", force=True, stdout=StringIO())
    charter = Charter.objects.get(organisation__slug="brightwater", department=None)
    versions = list(charter.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert {v.saved_by.username for v in versions} == {"hannah"}
    assert all(v.published_at for v in versions)
    assert versions[1].principles.filter(key="").exists()  # one of their own
    current = Assessment.objects.filter(organisation__slug="brightwater").latest("opens_at")
    findings = [
        f
        for team in current.teams.all()
        for f in build_report(current, team_scope(team), compare=False).charter
    ]
    assert findings, "at least one demo team's answers go against the charter"

    call_command("load_demo", force=True, stdout=StringIO())
    assert CharterVersion.objects.filter(charter=charter).count() == 2
