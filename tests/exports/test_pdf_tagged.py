"""PDFs are tagged (a screen reader finds their headings, lists and tables) and carry an
outline of their headings, so the accessibility statement need not list them as a limit."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments.exports.models import ExportJob
from tests.background import run_tasks
from tests.factories import answer_all

pytestmark = pytest.mark.django_db


def _titles(outline):
    for item in outline:
        yield from (_titles(item) if isinstance(item, list) else [item.title])


def test_a_report_pdf_is_tagged_and_has_an_outline_of_its_headings(client, owner, assessment, team):
    answer_all(assessment, team, 3)
    client.force_login(owner)
    client.post(
        reverse(
            "orgs:report_team_export",
            args=[assessment.organisation.slug, assessment.pk, team.pk, "pdf"],
        )
    )
    assert run_tasks() == 1
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.READY, job.problem
    reader = PdfReader(io.BytesIO(job.file.read()))
    catalog = reader.trailer["/Root"].get_object()
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog.get("/StructTreeRoot") is not None
    titles = list(_titles(reader.outline))
    assert titles[0] == team.name, titles  # the page's heading, then its sections under it
    assert len(titles) >= 3, titles
