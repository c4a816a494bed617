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

    assert (fork.label, fork.status, fork.forked_from) == ("1.0-fork1", "draft", shipped_version)
    assert not fork.is_frozen
    original = export_version(shipped_version).model_dump(exclude={"version", "status"})
    assert export_version(fork).model_dump(exclude={"version", "status"}) == original
    statement = Statement.objects.filter(version=fork).first()
    statement.text = "We edited the fork."
    statement.save()  # allowed: the fork is not frozen
    assert (
        Statement.objects.filter(version=shipped_version, text="We edited the fork.").count() == 0
    )
    assert services.version_fork(version=shipped_version).label == "1.0-fork2"


def test_a_fork_label_must_be_free(shipped_version):
    with pytest.raises(services.VersionStatusError, match=re.escape("already has a version 1.0")):
        services.version_fork(version=shipped_version, label="1.0")
    assert FrameworkVersion.objects.count() == 1
