"""Running an assessment round: creating it, links, participation, closing and extending."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    Assessment,
    Invitation,
)
from assessments.rounds import services
from tests.background import run_tasks

pytestmark = pytest.mark.django_db


def assessment_form(version, teams, **overrides):
    now = timezone.localtime()
    data = {
        "name": "Q3 check",
        "framework_version": version.pk,
        "teams": [t.pk for t in teams],
        "include_maturity": "on",
        "include_activities": "on",
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "anonymity": "anonymous",
        "min_group_size": 3,
    }
    data.update(overrides)
    return data


def test_a_team_lead_creates_an_assessment_for_their_team_with_a_team_link(
    client, team_lead, organisation, team, sample_version
):
    from tests.factories import TeamFactory

    other = TeamFactory(organisation=organisation, department__organisation=organisation)
    client.force_login(team_lead)
    url = reverse("orgs:assessment_create", args=[organisation.slug])
    assert list(client.get(url).context["form"].fields["teams"].queryset) == [team]
    refused = client.post(url, assessment_form(sample_version, [other]))
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()

    response = client.post(url, assessment_form(sample_version, [team]))
    assessment = Assessment.objects.get()
    assert response["Location"] == reverse(
        "orgs:assessment", args=[organisation.slug, assessment.pk]
    )
    assert assessment.invitations.get().kind == Invitation.Kind.TEAM
    page = client.get(response["Location"]).content.decode()
    assert "/t/" in page
    assert "Copy link" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"include_maturity": "", "include_activities": ""}, "Include at least one instrument."),
        ({"closes_at": "2020-01-01T00:00"}, "The closing date is in the past."),
        ({"min_group_size": 1}, "Ensure this value is greater than or equal to 2."),
        ({"auto_remind_days_before_close": "0"}, "Enter a whole number of days from 1 to 30"),
    ],
)
def test_assessment_form_mistakes_are_explained(
    client, owner, organisation, team, sample_version, overrides, message
):
    client.force_login(owner)
    response = client.post(
        reverse("orgs:assessment_create", args=[organisation.slug]),
        assessment_form(sample_version, [team], **overrides),
    )
    assert message in response.content.decode()
    assert Assessment.objects.count() == 0


def test_a_member_cannot_start_an_assessment(client, member, organisation):
    client.force_login(member)
    assert (
        client.get(reverse("orgs:assessment_create", args=[organisation.slug])).status_code == 403
    )


def test_participation_counts_and_anonymity(
    client, owner, assessment, team, personal_link, team_link
):
    invitation, token = personal_link
    client.post(reverse("respond:start", args=[token]), {"role": "engineer"})
    respondent = invitation.respondents.get()
    services.respondent_submit(respondent=respondent)
    client.force_login(owner)
    page = client.get(
        reverse("orgs:assessment", args=[assessment.organisation.slug, assessment.pk])
    ).content.decode()
    assert re.search(r'data-total="invited">1<', page)
    # While the round is open, counts go up in batches of the threshold, as its results do.
    assert re.search(r'data-total="submitted">0<', page)
    assert "you see counts, never who answered" in page
    assert "Submitted</td>" not in page  # no per-person status in anonymous rounds
    assert f"/r/{token}/" not in page  # nor personal links that would show someone's answers


def test_an_open_anonymous_rounds_counts_go_up_a_batch_at_a_time(client, owner, assessment, team):
    from tests.factories import answer_all

    client.force_login(owner)
    url = reverse("orgs:assessment", args=[assessment.organisation.slug, assessment.pk])
    answer_all(assessment, team, 2)
    assert re.search(r'data-total="submitted">0<', client.get(url).content.decode())
    answer_all(assessment, team, 2, agree="disagree")  # 4: one batch of 3
    assert re.search(r'data-total="submitted">3<', client.get(url).content.decode())
    services.assessment_close(assessment=assessment)
    assert re.search(r'data-total="submitted">4<', client.get(url).content.decode())


def test_named_rounds_show_who_has_submitted(client, owner, assessment, personal_link):
    Assessment.objects.filter(pk=assessment.pk).update(anonymity="named")
    _invitation, token = personal_link
    client.post(reverse("respond:start", args=[token]), {"role": "engineer", "name": "Ana"})
    client.force_login(owner)
    page = client.get(
        reverse("orgs:assessment", args=[assessment.organisation.slug, assessment.pk])
    ).content.decode()
    # Choosing a role is not starting: started means an answer saved (rounds.selectors).
    assert "Opened, nothing saved yet</td>" in page
    assert "Ana (Engineer)" in page


def test_sending_personal_links_rejects_bad_addresses_and_sends_nothing(
    client, owner, assessment, team
):
    client.force_login(owner)
    url = reverse("orgs:assessment_invite", args=[assessment.organisation.slug, assessment.pk])
    page = client.post(url, {"team": team.pk, "emails": "a@example.com, not-an-email"}, follow=True)
    assert (
        "These don&#x27;t look like email addresses: not-an-email. Nothing was sent."
        in page.content.decode()
    )
    assert mail.outbox == []
    client.post(url, {"team": team.pk, "emails": "a@example.com\nb@example.com; a@example.com"})
    assert mail.outbox == [], "emails go out from the background worker, not the request"
    assert run_tasks() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "b@example.com"]
    assert assessment.invitations.filter(kind="personal").count() == 2


def test_close_early_and_extend(client, owner, assessment, personal_link):
    _, token = personal_link
    client.force_login(owner)
    base = [assessment.organisation.slug, assessment.pk]
    client.post(reverse("orgs:assessment_close", args=base))
    assert client.get(reverse("respond:start", args=[token])).status_code == 410
    later = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("orgs:assessment_extend", args=base), {"closes_at": later})
    assert client.get(reverse("respond:start", args=[token])).status_code == 200
    past = client.post(
        reverse("orgs:assessment_extend", args=base), {"closes_at": "2020-01-01T10:00"}, follow=True
    )
    assert "The new closing date must be in the future." in past.content.decode()


def test_revoking_a_link(client, owner, assessment, team_link):
    invitation, token = team_link
    client.force_login(owner)
    client.post(
        reverse(
            "orgs:invitation_revoke",
            args=[assessment.organisation.slug, assessment.pk, invitation.pk],
        )
    )
    assert client.get(reverse("respond:team_link", args=[token])).status_code == 410
    # Withdrawn by mistake: restored, the same link works again.
    client.post(
        reverse(
            "orgs:invitation_restore",
            args=[assessment.organisation.slug, assessment.pk, invitation.pk],
        )
    )
    assert client.get(reverse("respond:team_link", args=[token])).status_code == 200


def test_destructive_buttons_only_open_a_confirmation(client, owner, assessment, team_link):
    client.force_login(owner)
    page = client.get(
        reverse("orgs:assessment", args=[assessment.organisation.slug, assessment.pk])
    )
    html = page.content.decode()
    # Each destructive form sits inside a closed <details>: its summary is the first click,
    # the real submit button the second. No JavaScript needed.
    for label, button in (("Withdraw…", "Withdraw the link"), ("Close now…", "Close the round")):
        summary = html.index(f">{label}</summary>")
        opening = html.rindex('<details class="confirm', 0, summary)
        closing = html.index("</details>", summary)
        assert button in html[summary:closing]
        assert "open" not in html[opening : html.index(">", opening)]


def _add_respondents(assessment, team, n):
    for i in range(n):
        invitation = services.invitation_create_personal(
            assessment=assessment, team=team, email=f"p{i}-{team.pk}@example.com"
        )
        respondent = services.respondent_for_personal_link(invitation=invitation)
        services.respondent_set_profile(respondent=respondent, role="engineer")


def test_participation_page_queries_do_not_grow_with_respondents_or_teams(
    client, owner, assessment, team, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import TeamFactory

    client.force_login(owner)
    url = reverse("orgs:assessment", args=[assessment.organisation.slug, assessment.pk])
    _add_respondents(assessment, team, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _ in range(3):
        extra = TeamFactory(
            organisation=assessment.organisation, department__organisation=assessment.organisation
        )
        assessment.teams.add(extra)
        services.invitation_create_team_link(assessment=assessment, team=extra)
        _add_respondents(assessment, extra, 5)
    _add_respondents(assessment, team, 10)
    with django_assert_max_num_queries(len(small)):
        client.get(url)


def test_questionnaire_pages_use_a_fixed_number_of_queries(
    client, personal_link, django_assert_max_num_queries
):
    _, token = personal_link
    client.post(reverse("respond:start", args=[token]), {"role": "engineer"})
    # Session, respondent, questionnaire (re-check subset, enablers, statements, areas, activities, scales,
    # leaders) and answers: one query each, however long the questionnaire.
    with django_assert_max_num_queries(11):
        assert client.get(reverse("respond:section", args=[token, "purpose"])).status_code == 200
    # The review page also offers the optional personas section: one query more.
    with django_assert_max_num_queries(12):
        assert client.get(reverse("respond:review", args=[token])).status_code == 200
