"""The version lifecycle: draft → published → retired, freezing and forking."""

from __future__ import annotations

import re

import pytest

from frameworks import services
from frameworks.loader import export_version
from frameworks.models import FrameworkVersion, Statement
from tests.factories import FrameworkVersionFactory

pytestmark = pytest.mark.django_db


def test_a_draft_can_be_published_then_retired():
    version = FrameworkVersionFactory(status="draft", published_at=None)
    services.version_publish(version=version)
    assert version.status == "published"
    assert version.published_at is not None
    services.version_retire(version=version)
    version.refresh_from_db()
    assert version.status == "retired"
    assert version.retired_at is not None


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("published", services.version_publish),
        ("retired", services.version_publish),
        ("draft", services.version_retire),
        ("retired", services.version_retire),
    ],
)
def test_it_refuses_to_skip_or_reverse_a_step(status, action):
    version = FrameworkVersionFactory(status=status)
    with pytest.raises(services.VersionStatusError, match="draft → published → retired"):
        action(version=version)
    version.refresh_from_db()
    assert version.status == status


def test_freezing_is_idempotent():
    version = FrameworkVersionFactory()
    services.version_freeze(version=version)
    first = version.frozen_at
    services.version_freeze(version=version)
    version.refresh_from_db()
    assert first is not None
    assert version.frozen_at == first
    assert version.is_frozen


def test_a_fork_is_an_editable_draft_copy_of_a_frozen_version(shipped_version):
    services.version_freeze(version=shipped_version)

    fork = services.version_fork(version=shipped_version)

    first = f"{shipped_version.label}-fork1"
    assert (fork.label, fork.status, fork.forked_from) == (first, "draft", shipped_version)
    assert not fork.is_frozen
    original = export_version(shipped_version).model_dump(exclude={"version", "status"})
    assert export_version(fork).model_dump(exclude={"version", "status"}) == original
    statement = Statement.objects.filter(version=fork).first()
    statement.text = "We edited the fork."
    statement.save()  # allowed: the fork is not frozen
    assert (
        Statement.objects.filter(version=shipped_version, text="We edited the fork.").count() == 0
    )
    assert services.version_fork(version=shipped_version).label == f"{shipped_version.label}-fork2"


def test_a_fork_label_must_be_free(shipped_version):
    before = FrameworkVersion.objects.count()
    with pytest.raises(services.VersionStatusError, match=re.escape("already has a version 1.0")):
        services.version_fork(version=shipped_version, label="1.0")
    assert FrameworkVersion.objects.count() == before


def test_a_version_adapted_for_an_organisation_is_seen_and_used_by_it_alone(
    client, sample_version, organisation, owner, outsider, team
):
    from datetime import timedelta

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from assessments.rounds import services as round_services
    from assessments.rounds.forms import AssessmentForm
    from frameworks.selectors import visible_versions

    adapted = services.version_fork(
        version=sample_version, label="0.1-acme", organisation=organisation
    )
    services.version_publish(version=adapted)
    assert services.version_fork(version=adapted).organisation == organisation  # stays theirs

    other = outsider.memberships.get().organisation
    ours = AssessmentForm(teams=organisation.teams.all(), organisation=organisation)
    theirs = AssessmentForm(teams=other.teams.all(), organisation=other)
    assert adapted in ours.fields["framework_version"].queryset
    assert adapted not in theirs.fields["framework_version"].queryset
    # The public instrument pages show versions for everyone only: the organisation reads its
    # own in the questionnaires room.
    assert adapted not in visible_versions(user=owner)
    assert adapted not in visible_versions(user=outsider)
    page = f"/instruments/sample/{adapted.label}/maturity-model/"
    client.force_login(outsider)
    assert client.get(page).status_code == 404
    client.force_login(owner)
    assert client.get(page).status_code == 404
    assert client.get(f"/o/{organisation.slug}/questionnaires/{adapted.pk}/").status_code == 200
    client.logout()
    assert client.get(page).status_code == 404
    with pytest.raises(ValidationError):
        round_services.assessment_create(
            organisation=other,
            name="Borrowed",
            framework_version=adapted,
            teams=[],
            include_maturity=True,
            include_activities=True,
            opens_at=timezone.now(),
            closes_at=timezone.now() + timedelta(days=7),
            anonymity="named",
            min_group_size=3,
            created_by=outsider,
        )
