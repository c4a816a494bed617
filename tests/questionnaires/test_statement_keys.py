"""A statement edit that changes what it asks gets a new key, so trends (which match
statements across versions by key) never compare answers to different questions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.questionnaires import services
from frameworks import models as fm

pytestmark = pytest.mark.django_db


def _charter(version):
    return fm.Statement.objects.get(version=version, key="p-charter")


def _edit_url(organisation, version, statement):
    return reverse(
        "orgs:questionnaire_statement_edit", args=[organisation.slug, version.pk, statement.pk]
    )


def _body(statement, **changes):
    return {
        "text": statement.text,
        "level": statement.level_id,
        "audience": statement.audience,
        **({"reverse_scored": "on"} if statement.reverse_scored else {}),
        **changes,
    }


# --- the rule, in the service ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meaning_changed", "flip", "new_key"),
    [
        (False, False, False),  # clearer words, same question: the trend carries on
        (True, False, True),  # a different question: a new key, no trend
        (False, True, True),  # agreeing now means the opposite: always a new key
        (True, True, True),
    ],
)
def test_a_statement_gets_a_new_key_only_when_what_it_asks_changed(
    draft, meaning_changed, flip, new_key
):
    statement = _charter(draft)
    services.statement_update(
        statement=statement,
        level=statement.level,
        text="We have a one-page charter.",
        reverse_scored=statement.reverse_scored != flip,
        audience=statement.audience,
        meaning_changed=meaning_changed,
    )
    statement.refresh_from_db()
    assert (statement.key != "p-charter") is new_key
    if new_key:
        taken = set(fm.Statement.objects.exclude(pk=statement.pk).values_list("key", flat=True))
        assert statement.key not in taken  # never one any version it meets has used


# --- the form ----------------------------------------------------------------------------------


def test_the_edit_form_asks_whether_the_meaning_changed_and_says_a_new_key_has_no_trend(
    client, owner, organisation, draft
):
    client.force_login(owner)
    html = client.get(_edit_url(organisation, draft, _charter(draft))).content.decode()
    assert "Same meaning, clearer words" in html
    assert "Different meaning" in html
    assert "A new key means no trend for this statement" in html
    assert "Changing this gives the statement a new key" in html  # the symptom box
    add = reverse("orgs:questionnaire_statement_add", args=[organisation.slug, draft.pk])
    assert (
        "Same meaning, clearer words" not in client.get(add + "?enabler=purpose").content.decode()
    )


def test_new_words_without_saying_whether_the_meaning_changed_are_refused(
    client, owner, organisation, draft
):
    client.force_login(owner)
    statement = _charter(draft)
    response = client.post(
        _edit_url(organisation, draft, statement), _body(statement, text="We have a charter.")
    )
    assert response.status_code == 400
    assert "say whether the meaning changed" in response.content.decode()
    assert _charter(draft).text == statement.text


@pytest.mark.parametrize(("meaning", "keeps"), [("same", True), ("different", False)])
def test_the_editor_chooses_whether_new_words_keep_the_key(
    client, owner, organisation, draft, meaning, keeps
):
    client.force_login(owner)
    statement = _charter(draft)
    response = client.post(
        _edit_url(organisation, draft, statement),
        _body(statement, text="We keep our charter on one page.", meaning=meaning),
        follow=True,
    )
    saved = fm.Statement.objects.get(pk=statement.pk)
    assert saved.text == "We keep our charter on one page."
    assert (saved.key == "p-charter") is keeps
    said = "It keeps its key" if keeps else "Statement saved with a new key"
    assert said in response.content.decode()


def test_flipping_the_symptom_flag_always_gives_a_new_key(client, owner, organisation, draft):
    client.force_login(owner)
    statement = _charter(draft)
    body = _body(statement, meaning="same")
    if statement.reverse_scored:
        body.pop("reverse_scored")
    else:
        body["reverse_scored"] = "on"
    response = client.post(_edit_url(organisation, draft, statement), body)
    assert response.status_code == 302
    saved = fm.Statement.objects.get(pk=statement.pk)
    assert saved.reverse_scored != statement.reverse_scored
    assert saved.key != "p-charter"


def test_an_edit_that_leaves_the_words_alone_needs_no_answer_and_keeps_the_key(
    client, owner, organisation, draft
):
    client.force_login(owner)
    statement = _charter(draft)
    response = client.post(
        _edit_url(organisation, draft, statement),
        _body(statement, help_text="A page signed by leadership."),
    )
    assert response.status_code == 302
    assert _charter(draft).help_text == "A page signed by leadership."
