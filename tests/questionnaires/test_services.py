"""Adapting a questionnaire: forking keeps keys, edits keep keys, new statements get keys never
used before, and nothing changes once a version is published or has answers."""

from __future__ import annotations

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from assessments.questionnaires import services
from assessments.questionnaires.services import QuestionnaireRefused, fresh_key
from frameworks import models as fm
from frameworks import services as framework_services
from frameworks.models import FrozenVersionError


def keys(version, model=fm.Statement):
    return set(model.objects.filter(version=version).values_list("key", flat=True))


def ordered(enabler):
    return list(enabler.statements.order_by("order", "pk").values_list("key", flat=True))


def purpose(version):
    return fm.Enabler.objects.get(version=version, key="purpose")


def level(version, key="managed"):
    return fm.Level.objects.get(version=version, key=key)


def test_a_fork_keeps_every_key_and_belongs_to_the_organisation(draft, sample_version):
    assert draft.status == fm.FrameworkVersion.Status.DRAFT
    assert draft.organisation is not None
    assert draft.firm is None
    assert draft.forked_from == sample_version
    for model in (fm.Statement, fm.Enabler, fm.Level, fm.Recommendation):
        assert keys(draft, model) == keys(sample_version, model)


def test_a_fork_for_a_firm_belongs_to_the_firm_alone(sample_version, firm):
    fork = services.questionnaire_fork(base=sample_version, label="0.1-laine", firm=firm)
    assert (fork.firm, fork.organisation) == (firm, None)


def test_a_fork_needs_one_owner_a_published_base_and_a_new_label(
    sample_version, organisation, firm, draft
):
    with pytest.raises(QuestionnaireRefused):
        services.questionnaire_fork(base=sample_version, label="x1")
    with pytest.raises(QuestionnaireRefused):
        services.questionnaire_fork(
            base=sample_version, label="x2", organisation=organisation, firm=firm
        )
    with pytest.raises(QuestionnaireRefused, match="published"):
        services.questionnaire_fork(base=draft, label="x3", organisation=organisation)
    with pytest.raises(QuestionnaireRefused, match="already taken"):
        services.questionnaire_fork(base=sample_version, label="0.1", organisation=organisation)


def test_an_edited_statement_keeps_its_key(draft):
    statement = fm.Statement.objects.get(version=draft, key="p-charter")
    services.statement_update(
        statement=statement,
        level=level(draft, "leading"),
        text="  We keep a one-page charter\x00 that leadership signed.  ",
        help_text="On the wiki.",
        reverse_scored=False,
        audience="product",
    )
    statement.refresh_from_db()
    assert statement.key == "p-charter"
    assert statement.text == "We keep a one-page charter that leadership signed."
    assert (statement.level.key, statement.audience) == ("leading", "product")


def test_an_audience_is_stored_one_way_and_an_unknown_one_refused(draft):
    statement = fm.Statement.objects.get(version=draft, key="p-charter")
    same = {"level": statement.level, "text": statement.text}
    services.statement_update(statement=statement, audience="leadership, product", **same)
    assert fm.Statement.objects.get(pk=statement.pk).audience == "product,leadership"
    with pytest.raises(QuestionnaireRefused, match="unknown audience 'bosses'"):
        services.statement_update(statement=statement, audience="bosses", **same)
    assert fm.Statement.objects.get(pk=statement.pk).audience == "product,leadership"


def test_a_new_statement_gets_a_fresh_key_at_the_end_of_its_enabler(draft, sample_version):
    enabler = purpose(draft)
    first = services.statement_add(
        enabler=enabler, level=level(draft), text="We review our charter every year."
    )
    second = services.statement_add(
        enabler=enabler, level=level(draft), text="We review our charter every year."
    )
    assert first.key == "purpose-we-review-our-charter-every-c1"
    assert second.key == "purpose-we-review-our-charter-every-c2"
    assert not {first.key, second.key} & keys(sample_version)
    assert ordered(enabler)[-2:] == [first.key, second.key]


def test_a_new_key_never_takes_one_the_base_version_used(draft):
    # The base version (an ancestor) already holds the key a new statement would get.
    base = draft.forked_from
    fm.Statement.objects.filter(version=base, key="p-fire").update(
        key="purpose-we-measure-outcomes-c1"
    )
    added = services.statement_add(
        enabler=purpose(draft), level=level(draft), text="We measure outcomes"
    )
    assert added.key == "purpose-we-measure-outcomes-c2"


def test_statements_move_up_and_down_and_stop_at_the_ends(draft):
    enabler = purpose(draft)
    assert ordered(enabler) == ["p-fire", "p-charter", "p-lead"]
    charter = fm.Statement.objects.get(version=draft, key="p-charter")
    services.statement_move(statement=charter, direction="up")
    assert ordered(enabler) == ["p-charter", "p-fire", "p-lead"]
    services.statement_move(statement=charter, direction="up")  # already first
    assert ordered(enabler) == ["p-charter", "p-fire", "p-lead"]
    services.statement_move(statement=charter, direction="down")
    services.statement_move(statement=charter, direction="down")
    assert ordered(enabler) == ["p-fire", "p-lead", "p-charter"]
    with pytest.raises(QuestionnaireRefused):
        services.statement_move(statement=charter, direction="sideways")


def test_removing_takes_a_statement_out_of_the_draft_only(draft, sample_version):
    fire = fm.Statement.objects.get(version=draft, key="p-fire")
    services.statement_remove(statement=fire)
    assert "p-fire" not in keys(draft)
    assert "p-fire" in keys(sample_version)
    assert not fm.DialInput.objects.filter(version=draft, statement__key="p-fire").exists()


def test_an_enabler_keeps_at_least_one_statement(draft):
    *others, last = fm.Statement.objects.filter(version=draft).order_by("pk")
    for statement in others:
        services.statement_remove(statement=statement)
    with pytest.raises(QuestionnaireRefused, match="at least one statement"):
        services.statement_remove(statement=last)
    assert fm.Statement.objects.filter(pk=last.pk).exists()


def test_descriptors_and_recommendations_change_and_keep_their_keys(draft):
    descriptor = fm.LevelDescriptor.objects.filter(version=draft).first()
    services.descriptor_update(descriptor=descriptor, text="Teams react to what comes in.")
    descriptor.refresh_from_db()
    assert descriptor.text == "Teams react to what comes in."

    enabler = purpose(draft)
    charter = fm.Statement.objects.get(version=draft, key="p-charter")
    added = services.recommendation_add(
        enabler=enabler,
        statements=[charter],
        title="Write a one-page charter",
        step="immature-managed",
        why="So everyone works from the same page.",
        done="Leadership has agreed it.",
        effort="S",
        first_step="",
        decided_by="leadership",
    )
    assert added.key == "purpose-write-a-one-page-charter-c1"
    assert list(added.statements.all()) == [charter]
    services.recommendation_update(
        recommendation=added, statements=[], title="Write and share a charter", effort="M"
    )
    added.refresh_from_db()
    assert (added.key, added.title, added.effort) == (
        "purpose-write-a-one-page-charter-c1",
        "Write and share a charter",
        "M",
    )
    assert not added.statements.exists()
    services.recommendation_remove(recommendation=added)
    assert not fm.Recommendation.objects.filter(pk=added.pk).exists()


def test_a_recommendation_moves_statements_of_its_own_enabler_only(draft, shipped_version):
    recommendation = fm.Recommendation.objects.create(
        version=draft,
        key="r1",
        enabler=purpose(draft),
        step="immature-managed",
        title="Do it",
        why="Because.",
        done="Done.",
        effort="S",
    )
    foreign = fm.Statement.objects.filter(version=shipped_version).first()
    with pytest.raises(QuestionnaireRefused):
        services.recommendation_update(recommendation=recommendation, statements=[foreign])


def test_publishing_makes_the_draft_usable_and_read_only(draft):
    services.questionnaire_publish(version=draft)
    assert draft.status == fm.FrameworkVersion.Status.PUBLISHED
    assert draft.published_at is not None
    statement = fm.Statement.objects.get(version=draft, key="p-charter")
    refusals = [
        lambda: services.statement_update(statement=statement, level=statement.level, text="X"),
        lambda: services.statement_add(enabler=purpose(draft), level=statement.level, text="X"),
        lambda: services.statement_remove(statement=statement),
        lambda: services.statement_move(statement=statement, direction="up"),
        lambda: services.descriptor_update(
            descriptor=fm.LevelDescriptor.objects.filter(version=draft).first(), text="X"
        ),
        lambda: services.questionnaire_publish(version=draft),
    ]
    for refused in refusals:
        with pytest.raises(FrozenVersionError, match="published"):
            refused()
    statement.refresh_from_db()
    assert statement.text == "We have a written charter."


def test_a_draft_with_answers_is_frozen(draft):
    framework_services.version_freeze(version=draft)
    statement = fm.Statement.objects.get(version=draft, key="p-charter")
    with pytest.raises(FrozenVersionError, match="has answers"):
        services.statement_update(statement=statement, level=statement.level, text="X")
    fm.FrameworkVersion.objects.filter(pk=draft.pk).update(frozen_at=timezone.now())
    with pytest.raises(FrozenVersionError):
        services.questionnaire_publish(version=draft)


def test_a_statement_level_must_be_the_versions_own(draft, sample_version):
    with pytest.raises(QuestionnaireRefused):
        services.statement_add(enabler=purpose(draft), level=level(sample_version), text="X")


@given(
    stem=st.text(max_size=80),
    text=st.text(max_size=300),
    taken=st.sets(st.text(alphabet="abc-1c", max_size=12), max_size=20),
)
def test_a_fresh_key_is_a_new_short_slug_whatever_the_text(stem, text, taken):
    from django.core.validators import validate_slug

    taken = taken | {fresh_key(stem, text, set())}  # the first choice is always taken
    key = fresh_key(stem, text, taken)
    validate_slug(key)
    assert key not in taken
    assert len(key) <= 60
    assert key.rsplit("-c", 1)[1].isdigit()


def test_a_new_key_never_takes_one_a_sibling_draft_of_the_same_owner_used(
    draft, sample_version, organisation, firm
):
    # Two drafts of the same organisation (and a firm's, which its rounds may meet too) are
    # compared by key: the same words added to each never share a key by accident.
    sibling = services.questionnaire_fork(
        base=sample_version, label="0.1-acme-b", organisation=organisation
    )
    firms = services.questionnaire_fork(base=sample_version, label="0.1-laine", firm=firm)
    added = [
        services.statement_add(enabler=purpose(v), level=level(v), text="We measure outcomes")
        for v in (draft, sibling, firms)
    ]
    assert len({a.key for a in added}) == 3
