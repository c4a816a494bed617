"""Content built from a frozen version is kept per process; a draft's never is."""

from __future__ import annotations

from datetime import UTC, datetime

from assessments.reports import selectors as report_selectors
from assessments.rounds import selectors as round_selectors
from frameworks.frozen_cache import FrozenVersionCache
from frameworks.models import FrameworkVersion

FROZEN = datetime(2025, 3, 1, tzinfo=UTC)


class Builds:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> object:
        self.count += 1
        return object()


def test_a_frozen_versions_content_is_built_once_per_shape():
    cache: FrozenVersionCache[object] = FrozenVersionCache(kept=4)
    version, build = FrameworkVersion(pk=1, frozen_at=FROZEN), Builds()
    first = cache.get(version, ("a",), build)
    assert cache.get(version, ("a",), build) is first
    assert cache.get(version, ("b",), build) is not first
    assert build.count == 2


def test_a_drafts_content_is_never_kept():
    cache: FrozenVersionCache[object] = FrozenVersionCache(kept=4)
    draft, build = FrameworkVersion(pk=1, frozen_at=None), Builds()
    assert cache.get(draft, (), build) is not cache.get(draft, (), build)
    assert (build.count, len(cache)) == (2, 0)


def test_the_same_pk_frozen_at_another_time_is_other_content():
    # Test databases (and restored backups) reuse primary keys.
    cache: FrozenVersionCache[object] = FrozenVersionCache(kept=4)
    build = Builds()
    before = cache.get(FrameworkVersion(pk=1, frozen_at=FROZEN), (), build)
    later = FrameworkVersion(pk=1, frozen_at=FROZEN.replace(month=4))
    assert cache.get(later, (), build) is not before


def test_past_its_size_the_content_used_longest_ago_goes():
    cache: FrozenVersionCache[object] = FrozenVersionCache(kept=2)
    build = Builds()
    one, two, three = (FrameworkVersion(pk=pk, frozen_at=FROZEN) for pk in (1, 2, 3))
    kept_one = cache.get(one, (), build)
    cache.get(two, (), build)
    cache.get(one, (), build)  # used again: now two is the oldest
    cache.get(three, (), build)
    assert len(cache) == 2
    assert cache.get(one, (), build) is kept_one
    assert build.count == 3  # one, two, three; two was dropped, one kept


def test_rounds_and_reports_keep_their_content_in_the_one_helper():
    assert isinstance(round_selectors._QUESTIONNAIRES, FrozenVersionCache)
    assert isinstance(report_selectors._FRAMEWORKS, FrozenVersionCache)
    assert (round_selectors._QUESTIONNAIRES.kept, report_selectors._FRAMEWORKS.kept) == (64, 32)
