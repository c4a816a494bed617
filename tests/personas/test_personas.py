"""Personas: the optional picks of each respondent, and a team's mix against what it needs."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from assessments.personas import rules
from assessments.personas.models import PersonaChoice
from assessments.personas.services import PicksRefused, persona_choices_save
from assessments.rounds import services
from assessments.rounds.models import Respondent
from frameworks.models import Persona
from tests.factories import answer_all, open_round

KEYS = ["a", "b", "c", "d", "e"]
LEADERS = frozenset({"d", "e"})
pick_sets = st.frozensets(st.sampled_from(KEYS), max_size=3)
picks = st.builds(rules.Picks, st.sampled_from(["engineer", "designer", ""]), pick_sets, pick_sets)


@given(st.lists(picks, max_size=20))
def test_shares_count_people_who_answered_and_the_gap_is_needed_minus_now(group):
    mix = rules.mix(group, KEYS, LEADERS)
    answered = [p for p in group if p.now or p.needed]
    assert mix.people == len(answered)
    for share in mix.shares:
        assert 0 <= share.now <= 1
        assert 0 <= share.needed <= 1
        assert share.gap == share.needed - share.now
        if answered:
            assert share.now == sum(share.key in p.now for p in answered) / len(answered)
    assert 0 <= mix.leadership_now <= 1
    assert 0 <= mix.leadership_needed <= 1
    gaps = [s.gap for s in mix.widest_gaps]
    assert gaps == sorted(gaps, reverse=True)
    assert all(g > 0 for g in gaps)


@given(st.lists(picks, max_size=20), st.integers(1, 6))
def test_a_role_is_shown_only_with_enough_people_who_answered(group, threshold):
    shown = rules.by_role(group, KEYS, LEADERS, threshold)
    for role, mix in shown.items():
        assert mix.people >= threshold
        assert mix.people == sum(
            1 for p in group if (p.role or "other") == role and (p.now or p.needed)
        )
    # Everyone who answered minus the roles shown is never a small group's mix.
    answered = sum(1 for p in group if p.now or p.needed)
    left = answered - sum(mix.people for mix in shown.values())
    assert left == 0 or left >= threshold or not shown


def test_leadership_lean_is_the_share_of_picks_that_are_leadership_personas():
    group = [rules.Picks("engineer", frozenset({"a", "d"}), frozenset({"d", "e"}))]
    mix = rules.mix(group, KEYS, LEADERS)
    assert (mix.leadership_now, mix.leadership_needed) == (0.5, 1.0)


pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(shipped_version, organisation, team, owner):
    assessment = open_round(organisation, team, shipped_version, owner)
    answer_all(assessment, team, 4)
    return assessment


def personas(version, *keys):
    return [Persona.objects.get(version=version, key=k).pk for k in keys]


def test_picks_are_saved_replaced_and_limited_to_three(answered, shipped_version):
    respondent = Respondent.objects.filter(assessment=answered).first()
    persona_choices_save(
        respondent=respondent,
        now=personas(shipped_version, "troubleshooter", "creator"),
        needed=personas(shipped_version, "mini-ceo"),
    )
    assert PersonaChoice.objects.filter(respondent=respondent).count() == 3
    persona_choices_save(respondent=respondent, now=[], needed=personas(shipped_version, "creator"))
    assert list(
        PersonaChoice.objects.filter(respondent=respondent).values_list("kind", flat=True)
    ) == ["needed"]
    four = personas(shipped_version, "troubleshooter", "creator", "mini-ceo", "master-facilitator")
    with pytest.raises(PicksRefused, match="up to 3"):
        persona_choices_save(respondent=respondent, now=four, needed=[])
    with pytest.raises(PicksRefused):
        persona_choices_save(respondent=respondent, now=[10**9], needed=[])
    assert PersonaChoice.objects.filter(respondent=respondent).count() == 1  # nothing changed


def test_a_respondent_picks_on_the_review_page_and_sees_them_kept(
    client, answered, team, shipped_version
):
    invitation = services.invitation_create_personal(
        assessment=answered, team=team, email="pat@example.com", name="Pat"
    )
    respondent = services.respondent_for_personal_link(invitation=invitation)
    token = services.invitation_token(invitation)
    review = reverse("respond:review", args=[token])
    page = client.get(review).content.decode()
    assert "Optional: how you work" in page
    assert page.count('name="now"') == 11
    chosen = personas(shipped_version, "voice-of-the-market")
    response = client.post(
        reverse("respond:personas", args=[token]), {"now": chosen, "needed": chosen}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?personas=saved#personas")
    assert PersonaChoice.objects.filter(respondent=respondent).count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "Saved." in page
    assert page.count(" checked") == 2


@pytest.mark.parametrize(
    "data",
    [{"now": ["x"]}, {"now": ["1", "2", "3", "4"]}, {"needed": ["-1"]}, {"now": ["9" * 40]}],
)
def test_bad_picks_say_so_and_change_nothing(client, answered, team, data):
    invitation = services.invitation_create_personal(
        assessment=answered, team=team, email="kim@example.com", name="Kim"
    )
    respondent = services.respondent_for_personal_link(invitation=invitation)
    token = services.invitation_token(invitation)
    response = client.post(reverse("respond:personas", args=[token]), data)
    assert response.status_code == 302
    assert "personas=refused" in response["Location"]
    assert not PersonaChoice.objects.filter(respondent=respondent).exists()
    assert "Nothing was changed" in client.get(response["Location"]).content.decode()


def test_an_unknown_link_cannot_pick_and_is_told_what_happened(client, answered):
    response = client.post(reverse("respond:personas", args=["nope" * 10]), {}, follow=True)
    assert response.status_code == 404  # the link's own page: we don't recognise it
    assert not PersonaChoice.objects.exists()


def test_the_team_report_shows_the_mix_only_for_groups_large_enough(
    client, owner, answered, team, shipped_version
):
    people = list(Respondent.objects.filter(assessment=answered).order_by("pk"))
    for respondent in people[:2]:
        persona_choices_save(
            respondent=respondent,
            now=personas(shipped_version, "troubleshooter"),
            needed=personas(shipped_version, "mini-ceo", "master-facilitator"),
        )
    client.force_login(owner)
    url = reverse("orgs:report_team", args=[answered.organisation.slug, answered.pk, team.pk])
    page = client.get(url).content.decode()
    assert "Fewer than 3 people have picked them" in page
    persona_choices_save(
        respondent=people[2],
        now=personas(shipped_version, "troubleshooter", "creator"),
        needed=personas(shipped_version, "mini-ceo"),
    )
    page = client.get(url).content.decode()
    assert "3 people picked up to three personas" in page
    assert "Most needed beyond today:</strong> Mini-CEO (+100 points)" in page
    assert "of today’s picks are leadership personas" in page


def test_the_demo_has_persona_picks_and_its_reports_show_the_mix(client, shipped_version):
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from assessments.models import Assessment

    call_command("load_demo", force=True, stdout=StringIO())
    latest = Assessment.objects.filter(organisation__slug="brightwater").order_by("opens_at").last()
    assert PersonaChoice.objects.filter(respondent__assessment=latest).exists()
    client.force_login(get_user_model().objects.get(username="hannah"))
    page = client.get(reverse("orgs:report", args=["brightwater", latest.pk])).content.decode()
    assert "of today’s picks are leadership personas" in page
    assert "Most needed beyond today:" in page


def test_a_teams_widest_persona_gap_is_on_its_roadmap(
    client, owner, answered, team, shipped_version
):
    for respondent in Respondent.objects.filter(assessment=answered):
        persona_choices_save(
            respondent=respondent,
            now=personas(shipped_version, "troubleshooter"),
            needed=personas(shipped_version, "voice-of-the-market"),
        )
    client.force_login(owner)
    board = reverse("orgs:roadmap", args=[answered.organisation.slug, answered.pk, team.pk])
    rows = client.get(board).context["target_rows"]
    client.post(
        reverse("orgs:roadmap_generate", args=[answered.organisation.slug, answered.pk, team.pk]),
        {f"target-{r['enabler'].key}": r["target"] for r in rows},
    )
    from assessments.roadmaps.models import RoadmapAction

    action = RoadmapAction.objects.get(roadmap__team=team, key="persona-voice-of-the-market")
    assert action.title == "Make room for the Voice of the market in how the team works"
    assert action.first_step
    assert "100% of the team say their roles need" in action.reason


def test_a_departments_product_managers_minus_a_teams_never_give_one_away(
    answered, team, shipped_version
):
    from assessments.personas.selectors import persona_report
    from tests.factories import TeamFactory

    answer_all(answered, team, 2, agree="disagree")  # the team: three PMs, three engineers
    other = TeamFactory(organisation=team.organisation, department=team.department)
    answered.teams.add(other)
    answer_all(answered, other, 4)
    second_pm = Respondent.objects.filter(team=other, role="product_manager").last()
    Respondent.objects.filter(pk=second_pm.pk).update(role="engineer")  # the other: one PM
    for respondent in Respondent.objects.filter(assessment=answered):
        persona_choices_save(
            respondent=respondent, now=personas(shipped_version, "troubleshooter"), needed=[]
        )
    both = {team.pk, other.pk}
    pm = "product_manager"
    # Weighed scope by scope, both the department's four PMs and the team's three were shown:
    # the difference was the other team's one product manager.
    assert pm in persona_report(answered, both).roles
    assert pm in persona_report(answered, {team.pk}).roles
    # Weighed across the round's tree, never both.
    department = persona_report(answered, both, ("department", team.department_id))
    alone = persona_report(answered, {team.pk}, ("team", team.pk))
    assert not (pm in department.roles and pm in alone.roles)
    assert department.whole is not None  # everyone's mix is still there
