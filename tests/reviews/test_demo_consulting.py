"""The demo's consulting side: Chris's firm, its clients, a delivered and a fieldwork review."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from assessments.firms.models import Firm, FirmClient
from assessments.models import Assessment
from assessments.reviews.benchmark_selectors import benchmark_view
from assessments.reviews.models import Evidence, Moderation, Review
from assessments.reviews.selectors import current_moderations, survey_report
from frameworks.models import FrameworkVersion

pytestmark = pytest.mark.django_db


def test_chris_firm_has_a_delivered_review_a_fieldwork_review_and_enough_clients(
    shipped_version,
):
    call_command("load_demo", force=True, stdout=StringIO())
    firm = Firm.objects.get(slug="laine-partners")
    assert firm.logo
    assert firm.logo.open().read(8) == b"\x89PNG\r\n\x1a\n"
    assert set(firm.members.values_list("user__username", flat=True)) == {"chris", "priya"}
    clients = FirmClient.objects.filter(firm=firm)
    contributing = clients.filter(benchmark_opt_out=False)
    # Brightwater sees at least six other contributing clients, each with answers.
    assert contributing.exclude(organisation__slug="brightwater").count() >= 6
    brightwater = clients.get(organisation__slug="brightwater").organisation
    assert benchmark_view(brightwater).any_compared
    for client in clients:
        assert client.organisation.assessments.exists(), client.organisation

    delivered = Review.objects.get(firm=firm, status=Review.Status.DELIVERED)
    assert delivered.organisation.slug == "brightwater"
    assert delivered.executive_summary.startswith("## What we found")
    kinds = set(delivered.evidence.values_list("kind", flat=True))
    assert kinds == {Evidence.Kind.NOTE, Evidence.Kind.LINK, Evidence.Kind.DOCUMENT}
    document = delivered.evidence.get(kind=Evidence.Kind.DOCUMENT)
    assert document.document.open().read(5) == b"%PDF-"
    survey = {row.enabler.key: row.result.level.key for row in survey_report(delivered).enablers}
    standing = current_moderations(delivered)
    differing = [key for (key, _), m in standing.items() if m.level != survey[key]]
    assert differing  # the evidence moved a level (the summary says which: tests/test_demo.py)
    assert all(m.reason and m.evidence.exists() for m in standing.values())

    # Handed over months ago: nobody is emailed about it when the demo loads.
    assert not DBTaskResult.objects.filter(task_path="pmmaturity.mail.send_email").exists()

    fieldwork = Review.objects.get(firm=firm, status=Review.Status.FIELDWORK)
    assert fieldwork.organisation.slug == "kestrel"
    assert fieldwork.rounds.get().respondents.filter(submitted_at__isnull=False).exists()

    # Kestrel has a draft of the newest questionnaire in its own words, seen by nobody else;
    # its survey under way runs on the newest version, the other clients' spring rounds on the
    # one before, as Brightwater's did.
    label = f"{shipped_version.label}-kestrel"
    draft = FrameworkVersion.objects.get(label=label)
    assert (draft.organisation.slug, draft.status) == ("kestrel", FrameworkVersion.Status.DRAFT)
    assert draft.forked_from == shipped_version
    assert draft.statement_set.count() == draft.forked_from.statement_set.count() + 1
    assert fieldwork.rounds.get().framework_version == shipped_version
    spring = Assessment.objects.filter(name="2026 product maturity survey")
    assert spring.count() == 7
    assert not spring.filter(framework_version=shipped_version).exists()

    moderations = Moderation.objects.filter(review=delivered).count()
    assert moderations == len(standing)  # one per enabler the survey gave a level
    call_command("load_demo", force=True, stdout=StringIO())
    assert Review.objects.filter(firm=firm).count() == 2
    assert FrameworkVersion.objects.filter(label__startswith=label).count() == 1
    assert Moderation.objects.filter(review=delivered).count() == moderations
