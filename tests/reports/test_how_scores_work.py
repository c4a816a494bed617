"""The how-scores page words every number it explains from the constants the rules use."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from assessments.reports.scoring import findings, instruments, method, noise
from assessments.reports.scoring.words import number_words, share_words
from assessments.rounds import anonymity


@pytest.mark.parametrize(
    ("share", "words"),
    [
        (1 / 2, "half"),
        (2 / 3, "two thirds"),
        (1 / 3, "a third"),
        (1 / 4, "a quarter"),
        (3 / 4, "three quarters"),
        (2 / 5, "two fifths"),
        (0.6, "three fifths"),
        (0.55, "55%"),
        (1.0, "100%"),
    ],
)
def test_a_share_reads_as_people_say_it(share, words):
    assert share_words(share) == words


def test_a_small_count_reads_as_a_word():
    assert [number_words(n) for n in (1, 3, 10, 12)] == ["one", "three", "ten", "12"]


def page(client) -> str:
    response = client.get(reverse("orgs:how_scores_work"))
    assert response.status_code == 200
    return " ".join(html.unescape(response.content.decode()).split())


def test_the_page_explains_the_rules_as_they_stand(client, db):
    text = page(client)
    assert "more than half of the people who answered it agree" in text
    assert "at least two thirds of the statements it rests on" in text
    assert "at least two thirds of the managed practices are in place" in text
    assert "at least half of the warning signs are clearly absent" in text
    assert "at least two thirds of the leading practices" in text
    assert "the three moves that would lift the most" in text
    assert "fewer than half of the people agree on who leads it" in text
    assert "at least 25% of the people who rated it" in text
    assert "a single change must pass 2.3 standard errors" in text
    assert "chance makes 95% of the time, where 1.96 would do" in text
    assert "(with 40 changes and five people a side, 4.9 standard errors)" in text
    assert "at most 5% of the time: about one page in 20" in text
    assert "the two rounds are treated as two separate groups of people" in text  # unpaired
    assert "answered both rounds through personal links (the same email address)" in text
    assert "Who answered what is never kept, and never shown" in text
    assert "A pilot in one department and a later round across the whole organisation" in text
    assert "Never less than 5 points" in text
    assert "(3 people by default)" in text
    assert "either nobody or at least 3 people" in text
    assert "everyone else in the group are both at least 3" in text
    assert "where fewer than 3 of them answered" in text
    assert "only with at least 6 other clients" in text
    assert "join, in pairs" in text
    assert "rounded to 5 points" in text


def test_changing_a_rule_changes_the_page(client, db, monkeypatch):
    monkeypatch.setattr(method, "MOSTLY", 3 / 4)
    monkeypatch.setattr(method, "SYMPTOMS_ABSENT", 1 / 3)
    monkeypatch.setattr(method, "IN_PLACE_SHARE", 0.6)
    monkeypatch.setattr(method, "MIN_RATERS", 4)
    monkeypatch.setattr(findings, "NEXT_MOVES", 4)
    monkeypatch.setattr(instruments, "LEADER_AGREEMENT", 2 / 5)
    monkeypatch.setattr(noise, "FAMILY_ERROR", 0.01)
    monkeypatch.setattr(noise, "MIN_MARGIN", 4.0)
    monkeypatch.setattr(anonymity, "DEFAULT_MIN_GROUP_SIZE", 5)
    monkeypatch.setattr(anonymity, "BENCHMARK_MIN_OTHERS", 9)
    monkeypatch.setattr(anonymity, "BENCHMARK_BATCH", 3)
    monkeypatch.setattr(anonymity, "BENCHMARK_BAND", 10)
    text = page(client)
    assert "two thirds" not in text
    assert "at least three quarters of the statements it rests on" in text
    assert "at least three quarters of the leading practices" in text
    assert "at least a third of the warning signs" in text
    assert "more than three fifths of the people who answered it agree" in text
    assert "at least 4 people rated it" in text
    assert "the four moves" in text
    assert "fewer than two fifths of the people agree on who leads it" in text
    assert "a single change must pass 3.4 standard errors" in text
    assert "chance makes 99% of the time, where 2.58 would do" in text
    assert "at most 1% of the time: about one page in 100" in text
    assert "(with 40 changes and five people a side, 6.2 standard errors)" in text
    assert "Never less than 4 points" in text
    assert "(5 people by default)" in text
    assert "either nobody or at least 5 people" in text
    assert "only with at least 9 other clients" in text
    assert "join, in groups of 3" in text
    assert "rounded to 10 points" in text


def test_the_report_words_the_in_place_share_from_the_rule(
    client, owner, assessment, team, monkeypatch
):
    from tests.factories import answer_all

    answer_all(assessment, team, 3)
    client.force_login(owner)
    url = reverse("orgs:report_team", args=[assessment.organisation.slug, assessment.pk, team.pk])
    said = "Strengths are practices more than {} of the people who rated them say are in place"
    assert said.format("half") in client.get(url).content.decode()
    monkeypatch.setattr(method, "IN_PLACE_SHARE", 0.6)
    assert said.format("three fifths") in client.get(url).content.decode()


def _renamed_levels(monkeypatch):
    from frameworks.levels import MaturityLevel

    monkeypatch.setattr(MaturityLevel, "label", property(lambda level: f"Stage {level + 1}"))


def test_the_level_names_on_the_page_come_from_the_levels(client, db, monkeypatch):
    assert "Levels: Immature, Managed, Leading" in page(client)
    _renamed_levels(monkeypatch)
    text = page(client)
    assert "Levels: Stage 1, Stage 2, Stage 3" in text
    assert (
        "Every team starts at <strong>Stage 1</strong>. It reaches <strong>Stage 2</strong>" in text
    )
    assert "(“Stage 2, most of the way to Stage 3”)" in text
    assert "Immature" not in text


def test_the_heatmap_legend_names_every_level_from_the_levels(monkeypatch):
    from django.template.loader import render_to_string

    def legend():
        return render_to_string("comparisons/_legend.html", {"comparison": {"threshold": 3}})

    assert 'level-managed">Managed</span>' in legend()
    _renamed_levels(monkeypatch)
    text = legend()
    assert 'level-immature">Stage 1</span>' in text
    assert 'level-leading">Stage 3</span>' in text
    assert "Managed" not in text


def test_the_page_explains_the_minimums_for_dials_and_activities(client, db):
    text = page(client)
    assert "it reads only once at least two thirds of its statements have them" in text
    assert (
        "once at least 3 people (or everyone asked, in a smaller group) know who leads it" in text
    )
    assert "no clear leader" in text
