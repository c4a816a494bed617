"""Adapting a questionnaire costs a fixed number of queries, however many statements it has
(the fork page ran over a thousand and timed out under load)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.questionnaires import services
from assessments.questionnaires.forms import OWN
from frameworks import models as fm
from frameworks import services as framework_services

pytestmark = pytest.mark.django_db

FORK_QUERIES = 100  # the shipped framework's fork: about 90 (export, then a few per kind)


def _fork_queries(version, label):
    with CaptureQueriesContext(connection) as queries:
        fork = framework_services.version_fork(version=version, label=label)
    return len(queries), fork


def test_a_fork_costs_the_same_queries_with_twice_the_statements(shipped_version):
    plain, fork = _fork_queries(shipped_version, "9.1")
    enabler = fm.Enabler.objects.filter(version=fork).first()
    level = fm.Level.objects.get(version=fork, key="managed")
    for n in range(fm.Statement.objects.filter(version=fork).count()):
        services.statement_add(enabler=enabler, level=level, text=f"Extra practice number {n}.")
    framework_services.version_publish(version=fork)  # only a published version is adapted
    more, again = _fork_queries(fork, "9.2")
    assert (
        fm.Statement.objects.filter(version=again).count()
        >= 2 * fm.Statement.objects.filter(version=shipped_version).count()
    )
    assert plain <= FORK_QUERIES
    assert more <= plain + 1  # twice the statements, not a query more per statement


def test_the_fork_page_stays_within_its_queries(client, owner, organisation, shipped_version):
    client.force_login(owner)
    url = reverse("orgs:questionnaire_fork", args=[organisation.slug])
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"base": shipped_version.pk, "label": "ours-1", "owner": OWN})
    assert response.status_code == 302, response.content[:500]
    assert len(queries) <= FORK_QUERIES + 30
