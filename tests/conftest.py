from __future__ import annotations

import os

import pytest
from django.db import transaction
from django.test import override_settings

from assessments.models import Membership
from frameworks.loader import CONTENT_DIR, content_files, load_content_files
from frameworks.models import FrameworkVersion
from frameworks.selectors import current_version
from tests.api.world import api_world
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    build_url_world,
    load_sample_version,
    open_round,
    outsider_user,
    personal_link_for,
    team_link_for,
)

pytest_plugins = ["tests.conftest_browser"]  # the shared Chromium fixture

IN_CI = os.environ.get("CI", "").lower() == "true"


# Fixtures through which a test reaches the database (pytest-django refuses it otherwise).
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "live_server", "django_db_reset_sequences"}
)


def uses_the_database(item: pytest.Item) -> bool:
    names = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or not DATABASE_FIXTURES.isdisjoint(
        names
    )


def engine_dependent(item: pytest.Item) -> bool:
    """Could this test pass on SQLite and fail on PostgreSQL? Not if it never reaches the
    database, nor if it checks only the markup we send (``@pytest.mark.markup_only``)."""
    return uses_the_database(item) and item.get_closest_marker("markup_only") is None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The long tests first (``@pytest.mark.long``): xdist hands tests out in this order, so
    the crawls start at once beside everything else instead of running alone at the end.

    With PMMATURITY_DATABASE_TESTS_ONLY=1 (CI's second pass, on PostgreSQL) only the tests
    that depend on the engine run: the others (pure scoring, property tests, settings
    profiles, the markup checks) cannot behave differently on another engine and ran in the
    first pass."""
    if os.environ.get("PMMATURITY_DATABASE_TESTS_ONLY") == "1":
        dropped = [item for item in items if not engine_dependent(item)]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = [item for item in items if engine_dependent(item)]
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    """Export files go to this test's own folder, never into the checkout's var/; the worker
    does not rest between exports (tests/exports checks that it does when asked to)."""
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.EXPORT_RENDER_REST = 0


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Rate-limit counters live in the cache; no test inherits another's.

    Tests use an in-process cache (no test needs a database for it); the shared database
    cache that production uses by default is tested on its own.
    """
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


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
    return outsider_user()


@pytest.fixture
def staff(db):
    return UserFactory(username="staff", is_staff=True, is_superuser=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped content once per test database (one per xdist worker), not per test.

    Each test runs in a transaction that is rolled back, so the content stays as loaded.
    """
    with django_db_blocker.unblock():
        load_shipped_content()


SHIPPED: dict[str, str] = {}  # framework slug and version label, once loaded


def load_shipped_content() -> None:
    files = content_files(CONTENT_DIR)
    assert files, "no content files shipped"
    load_content_files(files)
    # The version new rounds default to: the newest published one (a newer draft, such as
    # content waiting for the code that asks it, is not offered yet).
    newest = current_version()
    assert newest is not None, "no published content shipped"
    SHIPPED.update(framework=newest.framework.slug, label=newest.label)


@pytest.fixture(scope="module")
def restore_shipped_content(django_db_blocker):
    """For modules of transactional tests: each empties every table when it ends, so put the
    shipped content back for the tests that run after the module on this worker."""
    yield
    with django_db_blocker.unblock():
        load_shipped_content()


@pytest.fixture
def shipped_version(db) -> FrameworkVersion:
    """The framework version we ship in frameworks/content/, loaded as `make run` does."""
    lookup = {"framework__slug": SHIPPED["framework"], "label": SHIPPED["label"]}
    version = FrameworkVersion.objects.filter(**lookup).first()
    if version is None:  # emptied by an earlier transactional test in the same module
        load_shipped_content()
        version = FrameworkVersion.objects.get(**lookup)
    return version


@pytest.fixture
def no_content(db) -> None:
    """An empty content library, as on a fresh install before `load_frameworks`."""
    from django.apps import apps

    # Raw deletes inside the test's transaction: foreign keys are checked at commit, and
    # the transaction is rolled back, so the shipped content is back for the next test.
    for model in apps.get_app_config("frameworks").get_models(include_auto_created=True):
        model._base_manager.all()._raw_delete(using="default")


# --- assessments -------------------------------------------------------------------------


@pytest.fixture
def sample_version(db) -> FrameworkVersion:
    """A small published version (3 statements, 2 activities) for questionnaire tests."""
    return load_sample_version()


@pytest.fixture
def team(organisation):
    from tests.factories import TeamFactory

    return TeamFactory(
        organisation=organisation, department__organisation=organisation, name="Checkout"
    )


@pytest.fixture
def team_lead(organisation, team):
    return MembershipFactory(
        organisation=organisation, role=Membership.Role.TEAM_LEAD, team=team, user__username="lead"
    ).user


@pytest.fixture
def assessment(organisation, team, sample_version, owner):
    return open_round(organisation, team, sample_version, owner)


@pytest.fixture
def personal_link(assessment, team):
    """(invitation, token) for a personal link."""
    return personal_link_for(assessment, team)


@pytest.fixture
def team_link(assessment, team):
    return team_link_for(assessment, team)


# --- one world for the URL-wide tests (permissions, malformed input) -----------------------


@pytest.fixture(scope="module")
def world_files(tmp_path_factory):
    """Where the world's files (a firm's logo, an evidence document) are kept: outside the
    checkout, and found again by every test of the module."""
    return tmp_path_factory.mktemp("world-files")


@pytest.fixture(scope="module")
def world_once(django_db_setup, django_db_blocker, world_files):
    """The world of every URL, built once per module and rolled back when the module ends.

    Each test runs in a savepoint inside this transaction, so what one test changes is
    undone before the next, as with per-test data, for a fraction of the cost.
    """
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=world_files,
    )
    with django_db_blocker.unblock(), fast, transaction.atomic():
        world = build_url_world()
        yield {**world, **api_world(world)}  # the API's own: a token of the owner's
        transaction.set_rollback(True)


@pytest.fixture
def world(db, world_once, world_files, settings):
    settings.MEDIA_ROOT = world_files
    return world_once
