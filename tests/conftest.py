from __future__ import annotations

import os

import pytest

from assessments.models import Membership
from frameworks.loader import CONTENT_DIR, content_files, load_content_files
from frameworks.models import FrameworkVersion
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Acme Products")


@pytest.fixture
def owner(organisation):
    """An organisation admin (e.g. a head of product)."""
    return MembershipFactory(
        organisation=organisation, role=Membership.Role.ADMIN, user__username="owner"
    ).user


@pytest.fixture
def member(organisation):
    """A plain member of the same organisation."""
    return MembershipFactory(
        organisation=organisation, role=Membership.Role.MEMBER, user__username="member"
    ).user


@pytest.fixture
def outsider(db):
    """An admin of another organisation: must never see the first one's data."""
    return MembershipFactory(
        organisation=OrganisationFactory(name="Other Org"),
        role=Membership.Role.ADMIN,
        user__username="outsider",
    ).user


@pytest.fixture
def staff(db):
    return UserFactory(username="staff", is_staff=True, is_superuser=True)


@pytest.fixture
def shipped_version(db) -> FrameworkVersion:
    """The framework version we ship in frameworks/content/, loaded as `make run` does."""
    files = content_files(CONTENT_DIR)
    assert files, "no content files shipped"
    result = load_content_files(files)[0]
    return FrameworkVersion.objects.get(framework__slug=result.framework, label=result.version)
