"""Emoji in what people write reach PDFs as emoji, not empty boxes.

PDFs are printed by headless Chromium on the server, which draws an emoji only with an
emoji font installed (Debian's fonts-noto-color-emoji, which .ci/run installs and the README
asks for beside Chromium) and named in the page's font stack (Bootstrap's ends with "Noto
Color Emoji"). A PDF that drew the emoji embeds that font, so its name is in the file.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from assessments.exports import making
from assessments.exports.models import ExportJob
from assessments.reviews.models import Review
from tests.background import run_tasks
from tests.factories import answer_all
from tests.reviews.deliverable_world import firm_world

pytestmark = pytest.mark.django_db

EMOJI_FONT = b"NotoColorEmoji"


def _fonts(pdf: bytes) -> set[bytes]:
    return set(re.findall(rb"/(?:BaseFont|FontName)\s*/[A-Z]{6}\+([A-Za-z0-9_-]+)", pdf))


def test_a_report_pdf_draws_the_emoji_in_a_comment(client, owner, assessment, team):
    answer_all(assessment, team, 3, comment="Shipped on time 🎉 and the team loved it 👍")
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
    pdf = job.file.read()
    assert EMOJI_FONT in _fonts(pdf), _fonts(pdf)


def test_a_review_pdf_draws_the_emoji_in_the_executive_summary(client):
    world = firm_world(others=0)
    Review.objects.filter(pk=world.review.pk).update(
        executive_summary="## Where you are\n\nA strong start 🚀: keep the monthly reviews ✅."
    )
    client.force_login(world.consultant)
    slug = world.client.organisation.slug
    client.post(f"/o/{slug}/reviews/{world.review.pk}/report/pdf/")
    job = ExportJob.objects.get()
    making.make(job)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.READY, job.problem
    pdf = job.file.read()
    assert EMOJI_FONT in _fonts(pdf), _fonts(pdf)
