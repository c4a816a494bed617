"""The anonymised benchmark: the pure minimum-six, pairs-and-bands rule with property tests, then what the
selectors read (tenancy, opt-out, another firm's clients) and the page."""

from __future__ import annotations

import dataclasses

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from assessments.firms.models import Firm, FirmClient
from assessments.reviews.benchmark import (
    BATCH,
    EDGE_WORDS,
    MIN_OTHER_ORGANISATIONS,
    QUARTER_WORDS,
    Contribution,
    Spread,
    benchmark,
    compare_enabler,
    position_of,
)
from assessments.reviews.benchmark_selectors import (
    NO_ROUND,
    NOT_CLIENT,
    OPTED_OUT,
    SHOWN,
    benchmark_view,
)
from tests.factories import OrganisationFactory, load_sample_version
from tests.reviews.deliverable_world import answered_client, firm_world

KEYS = ["purpose", "strategy", "discovery"]
score = st.one_of(st.none(), st.floats(min_value=0, max_value=100, allow_nan=False))
scores = st.fixed_dictionaries({}, optional=dict.fromkeys(KEYS, score))
others_strategy = st.lists(scores, max_size=12).map(
    lambda many: [Contribution(f"org-{i}", s) for i, s in enumerate(many)]
)
mine_strategy = scores.map(lambda s: Contribution("me", s))


# --- the pure rule ---------------------------------------------------------------------------


@given(mine_strategy, others_strategy)
def test_nothing_is_shown_for_an_enabler_under_six_other_organisations(mine, others):
    for row in benchmark(mine, others, KEYS):
        having = sum(1 for o in others if o.scores.get(row.key) is not None)
        assert row.shown == (having >= MIN_OTHER_ORGANISATIONS)
        if not row.shown:
            assert row == type(row)(row.key)  # not even how many others there are
        else:
            assert row.spread is not None
            assert row.spread.count == having - having % BATCH  # whole batches only


@given(mine_strategy, others_strategy)
def test_the_client_itself_among_the_others_never_changes_the_result(mine, others):
    itself = Contribution(mine.source, dict.fromkeys(KEYS, 99.0))
    assert benchmark(mine, [*others, itself], KEYS) == benchmark(mine, others, KEYS)
    assert benchmark(mine, [mine, *others], KEYS) == benchmark(mine, others, KEYS)


@given(mine_strategy, others_strategy, st.randoms())
def test_the_order_of_the_others_never_matters(mine, others, random):
    shuffled = list(others)
    random.shuffle(shuffled)
    assert benchmark(mine, shuffled, KEYS) == benchmark(mine, others, KEYS)


@given(mine_strategy, others_strategy)
def test_the_position_is_a_quarter_in_words_read_off_the_published_figures(mine, others):
    for row in benchmark(mine, others, KEYS):
        if row.position is not None:
            assert 1 <= row.position.quarter <= 4
            assert row.position == position_of(row.position.score, row.spread)
            edges = (row.spread.q1, row.spread.median, row.spread.q3)
            if row.position.score in edges:  # level with a published figure: said so
                assert row.position.words in EDGE_WORDS
                assert row.position.score == edges[EDGE_WORDS.index(row.position.words)]
            else:
                assert row.position.words == QUARTER_WORDS[row.position.quarter]


@given(mine_strategy, others_strategy)
def test_the_result_carries_numbers_only_never_another_organisation(mine, others):
    for row in benchmark(mine, others, KEYS):
        text = repr(row)
        assert "org-" not in text
        for part in (row.spread, row.position):
            assert part is None or all(
                isinstance(v, (int, float, str)) for v in dataclasses.astuple(part)
            )


def test_an_organisation_cannot_count_twice():
    twice = [Contribution("a", {"purpose": 1.0}), Contribution("a", {"purpose": 2.0})]
    with pytest.raises(ValueError, match="only once"):
        benchmark(Contribution("me", {}), twice, ["purpose"])


def _six(*scores: float) -> list[tuple[int, float]]:
    return list(enumerate(scores))


def test_where_a_client_sits_in_words():
    others = _six(10.0, 20.0, 30.0, 40.0, 50.0, 60.0)  # quarters 22.5, 35, 47.5: 25, 35, 50
    assert compare_enabler("k", 60.0, others).position.words == (
        "in the top quarter of the firm's clients"
    )
    assert compare_enabler("k", 5.0, others).position.words == (
        "in the bottom quarter of the firm's clients"
    )
    assert compare_enabler("k", 40.0, others).position.words == (
        "in the upper half of the firm's clients"
    )
    assert compare_enabler("k", 30.0, others).position.words == (
        "in the lower half of the firm's clients"
    )


def test_five_others_show_nothing_and_six_show_the_middle_half_rounded():
    assert not compare_enabler("k", 50.0, _six(10.0, 20.0, 30.0, 40.0, 60.0)).shown
    six = compare_enabler("k", 50.0, _six(10.0, 20.0, 30.0, 40.0, 60.0, 70.0))
    assert six.shown
    assert six.spread.count == 6
    # 22.5, 35 and 55, each between two clients, rounded to five points.
    assert (six.spread.q1, six.spread.median, six.spread.q3) == (25.0, 35.0, 55.0)
    assert compare_enabler("k", None, _six(*[1.0] * 6)).position is None  # no score of its own


def test_a_seventh_client_waits_for_an_eighth_and_the_oldest_count():
    six = _six(10.0, 20.0, 30.0, 40.0, 60.0, 70.0)
    before = compare_enabler("k", 50.0, six)
    assert compare_enabler("k", 50.0, [*six, (9, 99.0)]) == before  # the newest waits
    # An older client (one whose first round came late) counts, and the newest waits again.
    assert compare_enabler("k", 50.0, [(-1, 25.0), *six]).spread.count == 6
    assert compare_enabler("k", 50.0, [*six, (9, 99.0), (10, 98.0)]).spread.count == 8


# --- what the selectors read -----------------------------------------------------------------


@pytest.mark.django_db
def test_other_clients_count_unnamed_and_another_firms_clients_never():
    world = firm_world(others=5)
    version = world.client.assessment.framework_version
    rival = Firm.objects.create(name="Rival Advisory", slug="rival")
    for i in range(3):
        answered_client(rival, f"Rival client {i}", version)
    view = benchmark_view(world.client.organisation)
    assert view.state == SHOWN
    assert not view.any_compared  # five of our own, whatever the rival firm has
    answered_client(world.firm, "Sixth client", version)
    view = benchmark_view(world.client.organisation)
    assert view.any_compared
    assert view.rows[0].result.spread.count == 6


@pytest.mark.django_db
def test_an_opted_out_client_neither_counts_nor_sees():
    world = firm_world(others=6)
    assert benchmark_view(world.client.organisation).any_compared
    FirmClient.objects.filter(organisation=world.others[0].organisation).update(
        benchmark_opt_out=True
    )
    assert not benchmark_view(world.client.organisation).any_compared  # five left
    FirmClient.objects.filter(organisation=world.client.organisation).update(benchmark_opt_out=True)
    assert benchmark_view(world.client.organisation).state == OPTED_OUT
    # And it no longer counts for the others.
    other = world.others[1].organisation
    assert benchmark_view(other).rows[0].result.spread is None


@pytest.mark.django_db
def test_an_organisation_that_is_no_firms_client_has_no_benchmark():
    assert benchmark_view(OrganisationFactory()).state == NOT_CLIENT
    firm = Firm.objects.create(name="New firm", slug="new-firm")
    fresh = OrganisationFactory()
    FirmClient.objects.create(firm=firm, organisation=fresh)
    assert benchmark_view(fresh).state == NO_ROUND


@pytest.mark.django_db
def test_a_client_with_too_few_answers_does_not_count():
    world = firm_world(others=7)
    version = world.client.assessment.framework_version
    thin = answered_client(world.firm, "Thin client", version, agree=0)
    # A newer round that only one person answered (the round's threshold is 3).
    from tests.factories import answer_all, open_round

    newer = open_round(thin.organisation, thin.team, version, None)
    answer_all(newer, thin.team, 1)
    view = benchmark_view(world.client.organisation)
    assert view.rows[0].result.spread.count == 6  # its latest round shows nothing: no 8th


@pytest.mark.django_db
def test_the_benchmark_reads_a_fixed_number_of_queries_whatever_the_number_of_clients():
    world = firm_world(others=6)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            benchmark_view(world.client.organisation)
        return len(queries)

    few = count()
    version = load_sample_version()
    for i in range(4):
        answered_client(world.firm, f"More {i}", version)
    assert count() == few <= 6


# --- the page ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_shows_where_the_client_sits_and_names_no_other_client(client):
    world = firm_world(others=6)
    client.force_login(world.admin)
    html = client.get(f"/o/{world.client.organisation.slug}/benchmark/").content.decode()
    assert "in the top quarter of the firm" in html
    assert "The median of 6 other clients" in html
    for other in world.others:
        assert other.organisation.name not in html
        assert other.organisation.slug not in html


@pytest.mark.django_db
def test_opting_out_and_back_in_from_the_page(client):
    world = firm_world(others=6)
    slug = world.client.organisation.slug
    client.force_login(world.admin)
    response = client.post(f"/o/{slug}/benchmark/opt-out/", {"opt_out": "on"})
    assert response.status_code == 302
    html = client.get(f"/o/{slug}/benchmark/").content.decode()
    assert "chosen to stay out of the firm's benchmark" in html
    assert "Take part in the benchmark" in html
    client.post(f"/o/{slug}/benchmark/opt-out/", {"opt_out": "off"})
    assert not FirmClient.objects.get(organisation__slug=slug).benchmark_opt_out


@pytest.mark.django_db
def test_a_bad_opt_out_value_is_refused_with_the_page(client):
    world = firm_world(others=0)
    slug = world.client.organisation.slug
    client.force_login(world.admin)
    response = client.post(f"/o/{slug}/benchmark/opt-out/", {"opt_out": "maybe"})
    assert response.status_code == 400
    assert "Choose whether" in response.content.decode()
    assert not FirmClient.objects.get(organisation__slug=slug).benchmark_opt_out


@pytest.mark.django_db
def test_an_admin_of_no_firms_client_is_told_benchmarks_come_with_a_review(client, owner):
    from assessments.organisations.models import Organisation

    client.force_login(owner)
    slug = Organisation.objects.get(memberships__user=owner).slug
    html = client.get(f"/o/{slug}/benchmark/").content.decode()
    assert "Benchmarks come with a consultant's review" in html
    assert client.post(f"/o/{slug}/benchmark/opt-out/", {"opt_out": "on"}).status_code == 404


@pytest.mark.django_db
def test_only_the_clients_admins_choose_whether_it_takes_part(client):
    world = firm_world(others=6)
    slug = world.client.organisation.slug
    FirmClient.objects.filter(organisation=world.client.organisation).update(benchmark_opt_out=True)
    client.force_login(world.consultant)
    # The firm cannot bring a client that left back in (nor take one out).
    response = client.post(f"/o/{slug}/benchmark/opt-out/", {"opt_out": "off"})
    assert response.status_code == 403
    assert "for its admins to choose" in response.content.decode()
    assert FirmClient.objects.get(organisation__slug=slug).benchmark_opt_out
    html = client.get(f"/o/{slug}/benchmark/").content.decode()
    assert "Take part in the benchmark" not in html
    assert "its admins can change it here" in html


def test_a_score_level_with_the_median_is_said_to_be_so():
    spread = Spread(6, 0.0, 0.0, 20.0)
    assert position_of(0.0, spread).words == "level with the median of the firm's clients"
    assert position_of(20.0, spread).words == "level with the upper quarter of the firm's clients"
    assert position_of(10.0, spread).words == QUARTER_WORDS[3]
