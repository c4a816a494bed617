"""Stored results keep the scoring method they were made with: a new method never rewrites
a finished round's report behind people's backs, and an anonymous round's figures still
change only by a release. Re-scoring is done on purpose (``rescore_results``)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments.models import StoredResult
from assessments.reports import scoring, store
from tests.factories import answer_all

pytestmark = pytest.mark.django_db

OLDER = f"2{store.READABLE}"  # rows an older scoring method made, in today's shape


def _report(client, owner, assessment, team):
    client.force_login(owner)
    url = reverse("orgs:report_team", args=[assessment.organisation.slug, assessment.pk, team.pk])
    return client.get(url).content.decode()


def _made_by_an_older_method(assessment):
    store.refresh(assessment)
    StoredResult.objects.filter(assessment=assessment).update(method=OLDER)


def _methods(assessment):
    return set(StoredResult.objects.filter(assessment=assessment).values_list("method", flat=True))


def _named(assessment):
    assessment.anonymity = "named"
    assessment.save(update_fields=["anonymity"])


def _close(assessment):
    assessment.closed_early_at = timezone.now()
    assessment.save(update_fields=["closed_early_at"])


def test_a_closed_round_keeps_the_method_its_results_were_made_with(
    client, owner, assessment, team
):
    answer_all(assessment, team, 3)
    _close(assessment)
    _made_by_an_older_method(assessment)
    html = _report(client, owner, assessment, team)
    assert "Scoring method 2, kept as the results were made" in html
    assert f"new results use method {scoring.METHOD_VERSION}" in html
    assert _methods(assessment) == {OLDER}  # read as they are, not scored afresh
    url = reverse(
        "orgs:report_team_export",
        args=[assessment.organisation.slug, assessment.pk, team.pk, "csv"],
    )
    rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode())))
    assert rows
    assert {r["method"] for r in rows} == {"2"}  # the export names the method that made it


def test_an_open_named_round_is_scored_with_the_current_method(client, owner, assessment, team):
    _named(assessment)
    answer_all(assessment, team, 3)
    _made_by_an_older_method(assessment)
    html = _report(client, owner, assessment, team)
    assert scoring.METHOD_LABEL in html
    assert "kept as the results were made" not in html
    assert _methods(assessment) == {store.METHOD}


def test_an_open_anonymous_round_keeps_its_last_release_until_the_next(
    client, owner, assessment, team
):
    answer_all(assessment, team, 3)
    _made_by_an_older_method(assessment)
    assert "Scoring method 2" in _report(client, owner, assessment, team)
    assert _methods(assessment) == {OLDER}
    # The same people's same answers scored anew give nobody away: re-scoring is allowed.
    store.refresh(assessment)
    assert _methods(assessment) == {store.METHOD}
    assert scoring.METHOD_LABEL in _report(client, owner, assessment, team)


def test_rescoring_on_purpose_says_what_it_did(assessment, team, capsys):
    answer_all(assessment, team, 3)
    _close(assessment)
    _made_by_an_older_method(assessment)
    out = io.StringIO()
    call_command("rescore_results", stdout=out)
    assert f"{assessment.name}: {scoring.METHOD_LABEL} (was method 2)" in out.getvalue()
    assert "1 round scored afresh." in out.getvalue()
    assert _methods(assessment) == {store.METHOD}
    again = io.StringIO()
    call_command("rescore_results", stdout=again)  # nothing older left: nothing to do
    assert "0 rounds scored afresh." in again.getvalue()
