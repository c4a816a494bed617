"""Stored results are JSON validated against their dataclasses: never pickles, never trusted
when they do not fit, and read back exactly as they were written."""

from __future__ import annotations

import json
import pickle
from collections import Counter

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.models import StoredResult
from assessments.reports import store, stored
from assessments.reports.scoring import by_role
from tests.factories import answer_all
from tests.reports.test_scoring import STATEMENTS, person, run
from tests.reports.test_scoring import responses as scoring_responses

# The shape of a stored row, pinned to its version. If this fails you changed what is
# stored (a field, a type, the packed order): raise stored.SCHEMA_VERSION and put the new
# pair here. Rows of the old version are then computed afresh instead of misread.
SHAPES = {1: "a60f11701a16", 2: "c6cf8716e195", 3: "c6b83eb46171", 4: "220ea9d8919d"}


def test_the_stored_shape_is_pinned_to_its_schema_version():
    assert SHAPES.get(stored.SCHEMA_VERSION) == stored.SHAPE
    assert store.METHOD.endswith("." + stored.SHAPE)
    assert len(store.METHOD) <= (StoredResult._meta.get_field("method").max_length or 0)


comments = st.lists(
    st.builds(
        stored.CommentCount, st.integers(0, 10_100), st.text(max_size=10), st.integers(1, 50)
    ),
    max_size=3,
)


def scope_results(responses, notes):
    return stored.ScopeResults(
        respondents=len(responses),
        participation={"invited": len(responses) + 1, "started": len(responses), "submitted": 0},
        scores=run(responses),
        roles=by_role(statements=STATEMENTS, responses=responses, min_group=1),
        role_sizes=dict(Counter(r.role for r in responses)),
        comments=tuple(notes),
    )


@settings(max_examples=60, deadline=None)
@given(scoring_responses, comments)
def test_a_scope_reads_back_exactly_as_it_was_scored(responses, notes):
    original = scope_results(responses, notes)
    text = stored.encode_scope(original)
    json.loads(text)  # plain JSON, nothing else
    assert stored.decode_scope(text) == original


@settings(max_examples=40, deadline=None)
@given(st.lists(scoring_responses, min_size=1, max_size=3))
def test_summaries_and_roles_read_back_exactly(teams):
    results = {("team", i + 1): scope_results(rs, []) for i, rs in enumerate(teams)} | {
        store.ROUND_KEY: scope_results([r for rs in teams for r in rs], [])
    }
    summaries, roles = store._summaries(results)
    back = stored.decode_summaries(stored.encode_summaries(summaries))
    assert back == summaries
    assert {k: v.enablers for k, v in back.items()} == {k: v.enablers for k, v in summaries.items()}
    assert stored.decode_roles(stored.encode_roles(roles)).nested() == roles


UNFIT = [
    "not json at all",
    "{}",
    '{"respondents": "three"}',
    pickle.dumps({"respondents": 3}).hex(),
]


@pytest.mark.parametrize("text", UNFIT)
def test_a_row_that_does_not_fit_is_refused(text):
    with pytest.raises(stored.UnreadableRow):
        stored.decode_scope(text)
    with pytest.raises(stored.UnreadableRow):
        stored.decode_summaries(text if text != "{}" else '{"team:x": {}}')


def test_a_scope_with_the_wrong_type_in_a_deep_field_is_refused():
    original = scope_results([person(1, {3: 100.0})], [])
    data = json.loads(stored.encode_scope(original))
    data["scores"]["enablers"]["e"]["level"] = 7  # no such level
    with pytest.raises(stored.UnreadableRow):
        stored.decode_scope(json.dumps(data))


def packed_columns(scope_results_list):
    results = {("team", i + 1): r for i, r in enumerate(scope_results_list)}
    _, roles = store._summaries(results)
    return json.loads(stored.encode_roles(roles))


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: d["level"].append(1),  # one column longer than the others
        lambda d: d["starts"].reverse(),  # groups out of order
        lambda d: d["starts"].__setitem__(-1, 10_000),  # a group past the end
        lambda d: d["groups"].pop(),  # a group without a role
        lambda d: d["level"].__setitem__(0, 9),  # no such level
        lambda d: d["score"].__setitem__(0, "high"),  # not a number
    ],
)
def test_packed_columns_that_do_not_line_up_are_refused(spoil):
    data = packed_columns([scope_results([person(1, {3: 100.0}), person(2, {3: 0.0})], [])] * 2)
    assert stored.decode_roles(json.dumps(data)).nested()  # as written, it reads
    spoil(data)
    with pytest.raises(stored.UnreadableRow):
        stored.decode_roles(json.dumps(data))


@pytest.mark.django_db
@pytest.mark.parametrize("text", UNFIT)
def test_a_report_over_an_unfit_row_is_computed_afresh_not_an_error(
    client, owner, assessment, team, text
):
    answer_all(assessment, team, 3)
    store.refresh(assessment)
    StoredResult.objects.filter(assessment=assessment, scope_kind="team").update(data=text)
    client.force_login(owner)
    url = reverse("orgs:report_team", args=[assessment.organisation.slug, assessment.pk, team.pk])
    assert client.get(url).status_code == 200
    row = StoredResult.objects.get(assessment=assessment, scope_kind="team")
    assert stored.decode_scope(row.data).respondents == 3


@pytest.mark.django_db
def test_a_comparison_over_an_unfit_summary_is_computed_afresh(assessment, team):
    answer_all(assessment, team, 3)
    store.refresh(assessment)
    StoredResult.objects.filter(assessment=assessment, scope_kind="summary").update(data="[]")
    found = store.rounds_results({assessment: store.Wanted(roles=True)})[assessment.pk]
    assert found.summaries[store.ROUND_KEY].respondents == 3
    row = StoredResult.objects.get(assessment=assessment, scope_kind="summary")
    assert stored.decode_summaries(row.data)[store.ROUND_KEY].respondents == 3


@pytest.mark.django_db
def test_rows_of_another_schema_version_are_never_read(assessment, team):
    answer_all(assessment, team, 3)
    store.refresh(assessment)
    StoredResult.objects.filter(assessment=assessment).update(
        schema=stored.SCHEMA_VERSION + 1, data="{}"
    )
    scopes = {("team", team.pk): frozenset({team.pk})}
    assert store.results_for(assessment, scopes).scopes[("team", team.pk)].respondents == 3
    assert set(StoredResult.objects.values_list("schema", flat=True)) == {stored.SCHEMA_VERSION}


@pytest.mark.django_db(transaction=True)
def test_the_migration_deletes_pickled_rows_without_reading_them(assessment):
    executor = MigrationExecutor(connection)
    before = [("assessments", "0010_firm_invitations")]
    after = [("assessments", "0011_stored_results_as_json")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("assessments", "StoredResult")
    old.objects.create(
        assessment_id=assessment.pk,
        scope_kind="round",
        scope_pk=0,
        method="2.old",
        computed_at="2026-01-01T00:00:00Z",
        respondents=3,
        data=pickle.dumps(object()),
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps.get_model("assessments", "StoredResult")
    assert new.objects.count() == 0
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
