"""A named follow-up round: people may start from their own answers last time, confirming or
changing each; only answers given or confirmed now count anywhere."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.reports import answer_stream
from assessments.reports.selectors import round_answers
from assessments.rounds import carry, services
from assessments.rounds.models import ActivityAnswer, Answer, Respondent
from assessments.rounds.selectors import questionnaire, response_state
from frameworks.loader import load_content
from frameworks.models import ActivityLeader, FrameworkVersion, ScaleOption, Statement
from frameworks.schema import ContentFile
from tests.content_samples import minimal_content
from tests.factories import OrganisationFactory, TeamFactory

pytestmark = pytest.mark.django_db

EMAIL = "ana@example.com"


def new_round(organisation, team, version, owner, *, name, days_ago, anonymity="named", **kw):
    now = timezone.now()
    return services.assessment_create(
        organisation=organisation,
        name=name,
        framework_version=version,
        teams=[team],
        include_maturity=True,
        include_activities=True,
        opens_at=now - timedelta(days=days_ago),
        closes_at=now - timedelta(days=days_ago) + timedelta(days=14),
        anonymity=anonymity,
        min_group_size=3,
        created_by=owner,
        **kw,
    )


def pick(version, key, scale="agreement"):
    return ScaleOption.objects.get(version=version, scale__key=scale, key=key).pk


def item(version, key):
    return Statement.objects.get(version=version, key=key).pk


def answered_last_time(assessment, team, *, email=EMAIL, link="personal"):
    """Someone who answered every item of ``assessment`` and submitted; with their token."""
    version = assessment.framework_version
    if link == "personal":
        invitation = services.invitation_create_personal(
            assessment=assessment, team=team, email=email
        )
        respondent = services.respondent_for_personal_link(invitation=invitation)
    else:
        invitation = services.invitation_create_team_link(assessment=assessment, team=team)
        respondent = services.respondent_start_from_team_link(invitation=invitation)
    services.respondent_set_profile(respondent=respondent, role="product_manager")
    pm = ActivityLeader.objects.get(version=version, key="product-management").pk
    nobody = ActivityLeader.objects.get(version=version, key="nobody").pk
    activities = {a.key: a.pk for a in version.activity_set.all()}
    services.answers_save(
        respondent=respondent,
        statements={
            item(version, "p-fire"): {"option_id": pick(version, "agree")},
            item(version, "p-charter"): {"option_id": pick(version, "disagree")},
            item(version, "p-lead"): {"option_id": pick(version, "dont-know")},
        },
        activities={
            activities["market-research"]: {
                "leader_id": pm,
                "performance_id": pick(version, "well", "performance"),
            },
            activities["design-build"]: {"leader_id": nobody},
        },
    )
    services.respondent_submit(respondent=respondent)
    return respondent, services.respondent_token(respondent)


@pytest.fixture
def before(organisation, team, sample_version, owner):
    """A named round a month ago, which Ana answered through her personal link."""
    return new_round(organisation, team, sample_version, owner, name="Spring", days_ago=30)


@pytest.fixture
def after(organisation, team, sample_version, owner, before):
    """The named follow-up, open now."""
    return new_round(
        organisation, team, sample_version, owner, name="Autumn", days_ago=1, follows=before
    )


@pytest.fixture
def ana(before, team):
    return answered_last_time(before, team)[0]


def arrive(assessment, team, role="product_manager", email=EMAIL):
    invitation = services.invitation_create_personal(assessment=assessment, team=team, email=email)
    respondent = services.respondent_for_personal_link(invitation=invitation)
    services.respondent_set_profile(respondent=respondent, role=role)
    return respondent


def url(name, token, **kwargs):
    return reverse(f"respond:{name}", kwargs={"token": token, **kwargs})


# --- services -------------------------------------------------------------------------------


def test_a_personal_link_finds_last_times_answers_by_email_within_the_same_team(
    after, ana, team, organisation
):
    assert carry.previous_self(arrive(after, team)) == ana
    assert carry.previous_self(arrive(after, team, email="bo@example.com")) is None
    elsewhere = TeamFactory(organisation=organisation, department=team.department)
    services.round_teams_add(assessment=after, teams=[elsewhere])
    assert carry.previous_self(arrive(after, elsewhere)) is None  # answers describe a team
    link = services.invitation_create_team_link(assessment=after, team=team)
    assert carry.previous_self(services.respondent_start_from_team_link(invitation=link)) is None


def test_carried_answers_are_marked_and_count_nowhere_until_confirmed(
    after, ana, team, sample_version
):
    me = arrive(after, team)
    assert carry.answers_carry(respondent=me, previous=ana) == 5
    assert carry.answers_carry(respondent=me, previous=ana) == 0  # once only

    carried = {a.statement.key: a for a in Answer.objects.filter(respondent=me)}
    assert {k: (a.option_id, a.carried_option_id) for k, a in carried.items()} == {
        "p-fire": (None, pick(sample_version, "agree")),
        "p-charter": (None, pick(sample_version, "disagree")),
        "p-lead": (None, pick(sample_version, "dont-know")),
    }
    q = questionnaire(after, me.role)
    assert response_state(me, q).answered(q) == 0
    me.refresh_from_db()
    assert me.carried_from == ana
    assert me.last_saved_at is None

    services.respondent_submit(respondent=me)
    read = round_answers(after)
    assert read.by_team[team.pk][0].answers == {}
    assert read.by_team[team.pk][0].activities == {}
    assert read.participation[team.pk]["started"] == 1  # submitted, though with nothing
    assert list(answer_stream.answer_rows(after, None)) == []

    section = q.section("purpose")
    assert (
        services.carried_confirm(
            respondent=me, section=section, no_rating_leaders=q.no_rating_leaders
        )
        == 3
    )
    assert round_answers(after).by_team[team.pk][0].answers == {
        item(sample_version, "p-fire"): 100.0,
        item(sample_version, "p-charter"): 0.0,
        item(sample_version, "p-lead"): None,
    }
    assert len(list(answer_stream.answer_rows(after, None))) == 3


def test_answers_are_matched_by_key_on_a_newer_version_and_by_what_the_role_is_asked(
    organisation, team, owner, before, ana
):
    data = minimal_content()
    data.update(version="0.2", status="published")
    statements = data["enablers"][0]["statements"]
    statements[:] = [s for s in statements if s["key"] != "p-fire"]  # dropped since
    statements.append({"key": "p-new", "level": "managed", "text": "We publish a roadmap."})
    data["dashboard"]["groups"][0]["dials"][0]["inputs"][0]["statement"] = "p-new"
    data["activities"]["areas"] = data["activities"]["areas"][:1]  # design & build dropped
    load_content(ContentFile.model_validate(data))
    newer = FrameworkVersion.objects.get(framework__slug="sample", label="0.2")
    later = new_round(organisation, team, newer, owner, name="Autumn", days_ago=1, follows=before)

    engineer = arrive(later, team, role="engineer")
    assert carry.answers_carry(respondent=engineer, previous=ana) == 2
    assert {
        a.statement.key: a.carried_option_id for a in Answer.objects.filter(respondent=engineer)
    } == {"p-charter": pick(newer, "disagree")}  # p-lead is for product people only
    [activity] = ActivityAnswer.objects.filter(respondent=engineer)
    assert activity.activity.key == "market-research"
    assert activity.activity.version == newer
    assert activity.carried_leader.version == newer
    assert activity.carried_performance_id == pick(newer, "well", "performance")
    newer.refresh_from_db()
    assert newer.is_frozen


def test_anonymous_rounds_never_carry_answers(organisation, team, sample_version, owner, ana):
    hidden = new_round(
        organisation, team, sample_version, owner, name="Quiet", days_ago=20, anonymity="anonymous"
    )
    with pytest.raises(ValidationError, match="Only a named round"):
        new_round(
            organisation,
            team,
            sample_version,
            owner,
            name="A",
            days_ago=1,
            anonymity="anonymous",
            follows=ana.assessment,
        )
    with pytest.raises(ValidationError, match="was anonymous"):
        new_round(organisation, team, sample_version, owner, name="B", days_ago=1, follows=hidden)
    # A round made to follow one that later turned anonymous offers and carries nothing.
    later = new_round(
        organisation, team, sample_version, owner, name="C", days_ago=1, follows=ana.assessment
    )
    type(later).objects.filter(pk=ana.assessment_id).update(anonymity="anonymous")
    later.refresh_from_db()
    me = services.respondent_for_personal_link(
        invitation=services.invitation_create_personal(assessment=later, team=team, email=EMAIL)
    )
    assert carry.offer_for(me) is None
    services.respondent_set_profile(respondent=me, role="engineer")
    with pytest.raises(carry.CarryRefused):
        carry.answers_carry(respondent=me, previous=ana)
    assert not Answer.objects.filter(respondent=me).exists()


def test_a_round_of_another_organisation_or_a_later_one_cannot_be_followed(
    organisation, team, sample_version, owner, before
):
    other = OrganisationFactory()
    theirs = TeamFactory(organisation=other, department__organisation=other)
    with pytest.raises(ValidationError, match="this organisation"):
        new_round(other, theirs, sample_version, owner, name="X", days_ago=1, follows=before)
    with pytest.raises(ValidationError, match="must have opened before"):
        new_round(organisation, team, sample_version, owner, name="Y", days_ago=40, follows=before)


def test_the_follow_up_counts_answers_confirmed_changed_and_new(
    client, owner, after, ana, team, sample_version
):
    me = arrive(after, team)
    carry.answers_carry(respondent=me, previous=ana)
    build = sample_version.activity_set.get(key="design-build")
    nobody = ActivityLeader.objects.get(version=sample_version, key="nobody")
    services.answers_save(
        respondent=me,
        statements={
            item(sample_version, "p-fire"): {"option_id": pick(sample_version, "agree")},
            item(sample_version, "p-charter"): {"option_id": pick(sample_version, "agree")},
        },  # p-lead, and market research, never confirmed
        activities={build.pk: {"leader_id": nobody.pk}},  # as last time
    )
    services.respondent_submit(respondent=me)
    fresh = arrive(after, team, email="bo@example.com")
    services.answers_save(
        respondent=fresh,
        statements={item(sample_version, "p-fire"): {"option_id": pick(sample_version, "agree")}},
        activities={},
    )
    services.respondent_submit(respondent=fresh)

    counts = carry.carried_counts(after)
    assert (counts.submitted, counts.people) == (2, 1)
    assert (counts.unchanged, counts.changed, counts.new, counts.unconfirmed) == (2, 1, 0, 2)

    client.force_login(owner)
    page = client.get(reverse("orgs:assessment", args=[after.organisation.slug, after.pk]))
    text = " ".join(page.content.decode().split())
    assert "1 of the 2 people who submitted started from their own answers in “Spring”" in text
    assert "<strong>2</strong> confirmed unchanged" in text
    assert "<strong>1</strong> changed" in text
    assert "2 answers carried over were never confirmed, so they don’t count." in text
    assert carry.carried_counts(ana.assessment) is None  # follows nothing

    # The comparison says the same, beside what changed since the earlier round.
    compare = client.get(reverse("orgs:compare", args=[after.organisation.slug, after.pk]))
    text = " ".join(compare.content.decode().split())
    assert (
        "Autumn follows <strong>Spring</strong>: 1 of the 2 people who submitted started from "
        "their own answers there. Of their 3 answers, <strong>2</strong> were confirmed "
        "unchanged, <strong>1</strong> changed and <strong>0</strong> new; 2 carried over but "
        "never confirmed do not count."
    ) in text


# --- the respondent's pages ---------------------------------------------------------------------


def test_a_personal_link_starts_from_last_time_then_confirms_a_section_in_one_tap(
    client, after, ana, team, sample_version
):
    invitation = services.invitation_create_personal(assessment=after, team=team, email=EMAIL)
    token = services.invitation_token(invitation)
    first = client.get(url("start", token)).content.decode()
    assert "Start from my answers in “Spring”" in first
    assert 'name="carry" value="yes" id="carry" checked' in first

    client.post(url("start", token), {"role": "product_manager", "carry": "yes"})
    me = Respondent.objects.get(invitation=invitation)
    assert me.carried_from == ana
    page = client.get(url("section", token, section="purpose")).content.decode()
    assert page.count('data-carried-note="s-') == 3
    assert "From last time</span> You answered “Agree”. Not confirmed yet" in page
    assert 'Agree<span class="carried-tag"> (last time)</span>' in page
    assert "checked" not in page.split('name="go"')[0].split("csrfmiddlewaretoken")[1]
    assert "0 of 5" in page  # nothing counts yet

    done = client.post(url("section", token, section="purpose"), {"go": "same"})
    assert done["Location"] == url("section", token, section="purpose") + "?confirmed=3"
    again = client.get(done["Location"]).content.decode()
    assert "3 answers confirmed as last time." in again
    assert "data-carried-note" not in again
    assert "3 of 5" in again
    assert set(
        Answer.objects.filter(respondent=me).values_list("option_id", "carried_option_id")
    ) == {(pick(sample_version, k),) * 2 for k in ("agree", "disagree", "dont-know")}


def test_leaving_the_box_unticked_starts_afresh(client, after, ana, team):
    invitation = services.invitation_create_personal(assessment=after, team=team, email=EMAIL)
    token = services.invitation_token(invitation)
    client.post(url("start", token), {"role": "engineer"})
    me = Respondent.objects.get(invitation=invitation)
    assert me.role == "engineer"
    assert me.carried_from is None
    assert not Answer.objects.filter(respondent=me).exists()


def test_autosave_of_a_carried_answer_confirms_it_and_a_change_replaces_it(
    client, after, ana, team, sample_version
):
    invitation = services.invitation_create_personal(assessment=after, team=team, email=EMAIL)
    token = services.invitation_token(invitation)
    client.post(url("start", token), {"role": "product_manager", "carry": "yes"})
    fire, charter = item(sample_version, "p-fire"), item(sample_version, "p-charter")
    saved = client.post(
        url("autosave", token),
        {f"s-{fire}": pick(sample_version, "agree"), f"s-{charter}": pick(sample_version, "agree")},
    ).json()
    assert saved["progress"]["answered"] == 2
    rows = {a.statement_id: a for a in Answer.objects.filter(respondent__invitation=invitation)}
    assert rows[fire].option_id == rows[fire].carried_option_id  # confirmed unchanged
    assert rows[charter].option_id == pick(sample_version, "agree")  # changed
    assert rows[charter].carried_option_id == pick(sample_version, "disagree")  # kept, to tell


def test_the_review_page_says_carried_answers_not_confirmed_do_not_count(client, after, ana, team):
    invitation = services.invitation_create_personal(assessment=after, team=team, email=EMAIL)
    token = services.invitation_token(invitation)
    client.post(url("start", token), {"role": "product_manager", "carry": "yes"})
    page = " ".join(client.get(url("review", token)).content.decode().split())
    assert "5 answers from last time are not confirmed yet." in page
    assert "left out of the results, even if you submit now" in page


def test_a_team_link_respondent_starts_from_the_private_link_they_paste(
    client, after, team, before
):
    last, old_token = answered_last_time(before, team, link="team")
    link = services.invitation_create_team_link(assessment=after, team=team)
    me = services.respondent_start_from_team_link(invitation=link)
    token = services.respondent_token(me)
    assert "Your private link from “Spring”" in client.get(url("start", token)).content.decode()

    pasted = f"  https://pm.example.com{url('start', old_token)}?utm=x  "
    response = client.post(url("start", token), {"role": "designer", "previous_link": pasted})
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.carried_from == last
    assert Answer.objects.filter(respondent=me, carried_option__isnull=False).count() == 2


@pytest.mark.parametrize(
    ("pasted", "says"),
    [
        ("https://pm.example.com/r/" + "x" * 43 + "/", "We don’t recognise that link."),
        ("not a link at all", "That doesn’t look like a private link."),
        ("\x00\ufeff" + "é" * 50, "That doesn’t look like a private link."),
        ("x" * 5000, "far longer than a link"),
        ("team", "the link the whole team shared"),
        ("other round", "That link is not one from “Spring”."),
        ("unsubmitted", "never submitted in “Spring”"),
    ],
)
def test_a_link_that_cannot_be_used_is_a_clear_message_and_nothing_is_saved(
    client, after, before, team, sample_version, owner, pasted, says
):
    if pasted == "team":
        shared = services.invitation_create_team_link(assessment=before, team=team)
        pasted = url("team_link", services.invitation_token(shared))
    elif pasted == "other round":
        other = new_round(team.organisation, team, sample_version, owner, name="Old", days_ago=60)
        pasted = answered_last_time(other, team, email="zed@example.com")[1]
    elif pasted == "unsubmitted":
        invitation = services.invitation_create_personal(
            assessment=before, team=team, email="late@example.com"
        )
        services.respondent_for_personal_link(invitation=invitation)
        pasted = services.invitation_token(invitation)
    link = services.invitation_create_team_link(assessment=after, team=team)
    me = services.respondent_start_from_team_link(invitation=link)
    token = services.respondent_token(me)
    response = client.post(url("start", token), {"role": "designer", "previous_link": pasted})
    assert response.status_code == 400
    assert says in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    me.refresh_from_db()
    assert me.role == ""
    assert me.carried_from is None


def test_a_confirmed_count_that_is_not_a_number_is_ignored(client, after, ana, team):
    invitation = services.invitation_create_personal(assessment=after, team=team, email=EMAIL)
    token = services.invitation_token(invitation)
    client.post(url("start", token), {"role": "engineer"})
    for said in ("²", "-1", "9" * 30, "x"):
        page = client.get(url("section", token, section="purpose"), {"confirmed": said})
        assert page.status_code == 200
        assert b"confirmed as last time" not in page.content


# --- setting a round up ---------------------------------------------------------------------


def test_the_new_round_form_offers_earlier_rounds_and_refuses_an_anonymous_follow_up(
    client, owner, organisation, team, before, sample_version
):
    client.force_login(owner)
    address = reverse("orgs:assessment_create", args=[organisation.slug])
    now = timezone.localtime()
    form = {
        "name": "Autumn",
        "framework_version": sample_version.pk,
        "teams": [team.pk],
        "include_maturity": "on",
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"),
        "anonymity": "anonymous",
        "min_group_size": 3,
        "follows": before.pk,
    }
    refused = client.post(address, form)
    assert "Only a named round can start from earlier answers" in refused.content.decode()
    other = OrganisationFactory()
    elsewhere = TeamFactory(organisation=other, department__organisation=other)
    theirs = new_round(other, elsewhere, sample_version, owner, name="Theirs", days_ago=9)
    foreign = client.post(address, {**form, "anonymity": "named", "follows": theirs.pk})
    assert "Pick one of this organisation&#x27;s earlier rounds." in foreign.content.decode()

    made = client.post(address, {**form, "anonymity": "named"})
    assert made.status_code == 302
    assert type(before).objects.get(name="Autumn").follows == before
