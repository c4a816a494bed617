"""Every URL × every kind of visitor. New URLs must be added here (see the last test).

Outside your organisations everything is a 404; inside, a role that may not do
something gets a 403; pages that need a login send anonymous visitors to it (302).
"""

from __future__ import annotations

import pytest
from django.urls import get_resolver

from tests.api.data_matrix import api_data_rows
from tests.api.matrix import api_rows
from tests.calendars.matrix import calendar_rows
from tests.charters.matrix import charter_matrix
from tests.firms.matrix import firm_rows
from tests.imports.matrix import import_rows
from tests.matrix_rows import AUTH_VIEWS, filled, merged, named_patterns, send
from tests.organisations.matrix import people_rows
from tests.questionnaires.matrix import questionnaire_rows
from tests.reports.report_matrix import report_rows
from tests.reviews.matrix import review_rows
from tests.reviews.report_matrix import deliverable_rows
from tests.webhooks.matrix import webhook_rows

ROLES = [
    "anonymous",
    "respondent",
    "member",  # in the organisation, in no team
    "teammate",  # a member of the round's team
    "team_lead",
    "owner",
    "outsider",
    "staff",
    "consultant",  # of the firm serving the organisation
    "rival",  # a consultant of another firm, serving another organisation
]


def expect(default: int, **per_role: int) -> dict[str, int]:
    """Expected status per visitor; a teammate is treated as a member unless said otherwise."""
    per_role.setdefault("teammate", per_role.get("member", default))
    # Unless said otherwise: the firm's consultant may what an admin may; a rival firm's
    # consultant sees no more than any outsider.
    per_role.setdefault("consultant", per_role.get("owner", default))
    per_role.setdefault("rival", per_role.get("outsider", default))
    return {role: per_role.get(role, default) for role in ROLES}


PUBLIC = expect(200)
REDIRECT = expect(302)
LOGIN = {"anonymous": 302, "respondent": 302}
ANONYMOUS_200 = {"anonymous": 200, "respondent": 200}
ORG_READ = expect(200, **LOGIN, outsider=404, staff=404)
ORG_ADMIN_POST = expect(302, member=403, team_lead=403, outsider=404, staff=404)
LEAD_PAGE = expect(200, **LOGIN, member=403, outsider=404, staff=404)
LEAD_POST = expect(302, member=403, outsider=404, staff=404)

CHARTER_URLS, CHARTER_WRITES, CHARTER_WRITE_STATUS = charter_matrix(expect, LOGIN)
ROOMS = merged(
    firm_rows(expect, LOGIN),
    review_rows(expect, LOGIN),
    deliverable_rows(expect, LOGIN),
    questionnaire_rows(expect, LOGIN),
    report_rows(expect, LOGIN),
    people_rows(expect, LOGIN),
    import_rows(expect, LOGIN),
    api_rows(expect, LOGIN),
    calendar_rows(expect, LOGIN),
    api_data_rows(expect, LOGIN),
    webhook_rows(expect, LOGIN),
)

# url name -> (method, path template, expected status per role)
MATRIX = {
    "home": ("get", "/", PUBLIC),
    # Open to everyone; no background worker runs here, so it reports the task queue down.
    "healthz": ("get", "/healthz/", expect(503)),
    # Asked for by browsers when a page names no icon: sent to ours, for everyone.
    "favicon": ("get", "/favicon.ico", REDIRECT),
    # Accounts (django-allauth): someone already signed in is sent on from these two.
    "login": ("get", "/accounts/login/", expect(302, **ANONYMOUS_200)),
    "signup": ("get", "/accounts/signup/", expect(302, **ANONYMOUS_200)),
    "logout": ("get", "/accounts/logout/", expect(200, **LOGIN)),
    "password_reset": ("get", "/accounts/password/reset/", PUBLIC),
    "account_reset_password_done": ("get", "/accounts/password/reset/done/", PUBLIC),
    "account_email_verification_sent": ("get", "/accounts/confirm-email/", PUBLIC),
    "account_inactive": ("get", "/accounts/inactive/", PUBLIC),
    "account_email": ("get", "/accounts/email/", expect(200, **LOGIN)),
    "account_change_password": ("get", "/accounts/password/change/", expect(200, **LOGIN)),
    "account_reauthenticate": ("get", "/accounts/reauthenticate/", expect(200, **LOGIN)),
    "frameworks:about": ("get", "/instruments/", PUBLIC),
    "frameworks:current_maturity_model": ("get", "/instruments/maturity-model/", REDIRECT),
    "frameworks:current_activities": ("get", "/instruments/activities/", REDIRECT),
    "frameworks:current_dashboard": ("get", "/instruments/dashboard/", REDIRECT),
    "frameworks:maturity_model": ("get", "/instruments/sample/0.1/maturity-model/", PUBLIC),
    "frameworks:activities": ("get", "/instruments/sample/0.1/activities/", PUBLIC),
    "frameworks:dashboard": ("get", "/instruments/sample/0.1/dashboard/", PUBLIC),
    "draft version": (
        "get",
        "/instruments/sample/0.2-draft/maturity-model/",
        expect(404, staff=200),
    ),
    "admin:index": ("get", "/admin/", expect(302, staff=200)),
    "admin:frameworks_statement_changelist": (
        "get",
        "/admin/frameworks/statement/",
        expect(302, staff=200),
    ),
    "orgs:organisation_create": ("get", "/orgs/new/", expect(200, **LOGIN)),
    # An invitation is for one address: signed in with another account, it is refused.
    "orgs:join": ("get", "/join/{join_token}/", expect(403, anonymous=200, respondent=200)),
    "orgs:organisation": ("get", "/o/{org}/", ORG_READ),
    "orgs:department_create": (
        "post",
        "/o/{org}/departments/new/",
        expect(302, member=403, team_lead=403, outsider=404, staff=404),
    ),
    "orgs:team_create": ("post", "/o/{org}/teams/new/", ORG_ADMIN_POST),
    "orgs:member_invite": ("post", "/o/{org}/members/invite/", ORG_ADMIN_POST),
    "orgs:member_invitation_revoke": (
        "post",
        "/o/{org}/members/invitations/{join_invitation}/revoke/",
        ORG_ADMIN_POST,
    ),
    "orgs:assessment_create": ("get", "/o/{org}/assessments/new/", LEAD_PAGE),
    "orgs:assessment": ("get", "/o/{org}/assessments/{assessment}/", LEAD_PAGE),
    "orgs:assessment_invite": ("post", "/o/{org}/assessments/{assessment}/invite/", LEAD_POST),
    "orgs:assessment_team_link": (
        "post",
        "/o/{org}/assessments/{assessment}/team-link/",
        LEAD_POST,
    ),
    "orgs:invitation_revoke": (
        "post",
        "/o/{org}/assessments/{assessment}/links/{invitation}/revoke/",
        LEAD_POST,
    ),
    "orgs:invitation_restore": (
        "post",
        "/o/{org}/assessments/{assessment}/links/{invitation}/restore/",
        LEAD_POST,
    ),
    "orgs:team_link_cap": (
        "post",
        "/o/{org}/assessments/{assessment}/links/{invitation}/cap/",
        LEAD_POST,
    ),
    "orgs:assessment_remind": ("post", "/o/{org}/assessments/{assessment}/remind/", LEAD_POST),
    "orgs:assessment_close": ("post", "/o/{org}/assessments/{assessment}/close/", LEAD_POST),
    "orgs:assessment_extend": ("post", "/o/{org}/assessments/{assessment}/extend/", LEAD_POST),
    "orgs:report_export": (
        "get",
        "/o/{org}/assessments/{assessment}/report/export.csv",
        expect(200, **LOGIN, member=403, team_lead=403, outsider=404, staff=404),
    ),
    "orgs:report_department_export": (
        "get",
        "/o/{org}/assessments/{assessment}/report/department/{department}/export.xlsx",
        expect(200, **LOGIN, member=403, team_lead=403, outsider=404, staff=404),
    ),
    "orgs:report_team_export": (
        "get",
        "/o/{org}/assessments/{assessment}/report/team/{team}/export.csv",
        expect(200, **LOGIN, member=403, teammate=200, outsider=404, staff=404),
    ),
    # Comparing departments and teams is for organisation admins and consultants.
    "orgs:compare": (
        "get",
        "/o/{org}/assessments/{assessment}/compare/",
        expect(200, **LOGIN, member=403, team_lead=403, outsider=404, staff=404),
    ),
    "orgs:compare_board_pack": (
        "get",
        "/o/{org}/assessments/{assessment}/compare/board-pack.xlsx",
        expect(200, **LOGIN, member=403, team_lead=403, outsider=404, staff=404),
    ),
    "board pack PDF, asked for": (
        "post",
        "/o/{org}/assessments/{assessment}/compare/board-pack.pdf",
        expect(302, member=403, team_lead=403, outsider=404, staff=404),
    ),
    "another organisation's comparison": (
        "get",
        "/o/{org}/assessments/{foreign_assessment}/compare/",
        expect(404, **LOGIN),
    ),
    "orgs:how_scores_work": ("get", "/how-scores-work/", PUBLIC),
    "accessibility": ("get", "/accessibility/", PUBLIC),
    "orgs:roadmap": (
        "get",
        "/o/{org}/assessments/{assessment}/roadmap/team/{team}/",
        expect(200, **LOGIN, member=403, teammate=200, outsider=404, staff=404),
    ),
    "orgs:roadmap_csv": (
        "get",
        "/o/{org}/assessments/{assessment}/roadmap/team/{team}/roadmap.csv",
        expect(200, **LOGIN, member=403, teammate=200, outsider=404, staff=404),
    ),
    "orgs:roadmap_summary": (
        "get",
        "/o/{org}/assessments/{assessment}/roadmap/team/{team}/summary/",
        expect(200, **LOGIN, member=403, teammate=200, outsider=404, staff=404),
    ),
    "orgs:roadmap_summary_pdf": (
        "get",
        "/o/{org}/assessments/{assessment}/roadmap/team/{team}/summary.pdf",
        expect(200, **LOGIN, member=403, teammate=200, outsider=404, staff=404),
    ),
    # A PDF is asked for with a POST (the GET only offers the button) and made in the background.
    "report PDF, asked for": (
        "post",
        "/o/{org}/assessments/{assessment}/report/team/{team}/export.pdf",
        expect(302, member=403, teammate=302, outsider=404, staff=404),
    ),
    "roadmap summary PDF, asked for": (
        "post",
        "/o/{org}/assessments/{assessment}/roadmap/team/{team}/summary.pdf",
        expect(302, member=403, teammate=302, outsider=404, staff=404),
    ),
    # An export is seen only by the person who asked for it (the owner here).
    "orgs:exports": ("get", "/o/{org}/exports/", ORG_READ),
    "orgs:export": (
        "get",
        "/o/{org}/exports/{export}/",
        expect(404, **LOGIN, owner=200, consultant=404),
    ),
    "orgs:export_status": (
        "get",
        "/o/{org}/exports/{export}/status.json",
        expect(404, **LOGIN, owner=200, consultant=404),
    ),
    "orgs:export_download": (
        "get",
        "/o/{org}/exports/{export}/download",
        expect(404, **LOGIN),  # this one failed: there is nothing to download
    ),
    "orgs:export_retry": (
        "post",
        "/o/{org}/exports/{export}/again",
        expect(404, anonymous=302, respondent=302, owner=302, consultant=404),
    ),
    # A re-check is a new round: only those who may start rounds may start one.
    "orgs:roadmap_recheck": (
        "post",
        "/o/{org}/assessments/{assessment}/roadmap/team/{team}/recheck/",
        expect(302, member=403, teammate=403, outsider=404, staff=404),
    ),
    "orgs:roadmap_generate": (
        "post",
        "/o/{org}/assessments/{assessment}/roadmap/team/{team}/generate/",
        expect(302, member=403, teammate=302, outsider=404, staff=404),
    ),
    "orgs:roadmap_action_add": (
        "post",
        "/o/{org}/assessments/{assessment}/roadmap/team/{team}/add/",
        expect(302, member=403, teammate=302, outsider=404, staff=404),
    ),
    "orgs:roadmap_action_edit": (
        "post",
        "/o/{org}/assessments/{assessment}/roadmap/team/{team}/actions/{action}/",
        expect(302, member=403, teammate=302, outsider=404, staff=404),
    ),
    "orgs:roadmap_action_move": (
        "post",
        "/o/{org}/assessments/{assessment}/roadmap/team/{team}/actions/{action}/move/",
        expect(302, member=403, teammate=302, outsider=404, staff=404),
    ),
    **CHARTER_URLS,
    **ROOMS.urls,
    "another organisation's charter version": (
        "get",
        "/o/{org}/charter/versions/{foreign_charter_version}/",
        expect(404, **LOGIN, member=403, team_lead=403),
    ),
    # The link is the credential: whoever holds it may answer, signed in or not.
    "respond:start": ("get", "/r/{token}/", REDIRECT),  # resumes at the first open section
    "respond:section": ("get", "/r/{token}/s/purpose/", PUBLIC),
    "respond:autosave": ("post", "/r/{token}/save/", PUBLIC),
    "respond:review": ("get", "/r/{token}/review/", PUBLIC),
    "respond:done": ("get", "/r/{token}/done/", PUBLIC),
    # The optional personas section saves and goes back to the review page.
    "respond:personas": ("post", "/r/{token}/personas/", REDIRECT),
    "respond:team_link": ("get", "/t/{team_token}/", PUBLIC),
    # Someone from a team link may have their own link emailed (a POST without an address is
    # a 400; with one, see WRITE_STATUS); a personal link was emailed already: no such page.
    "respond:email_link": ("post", "/r/{team_respondent_token}/email-link/", expect(400)),
    "email link, personal link": ("post", "/r/{token}/email-link/", expect(404)),
    "unknown respondent link": ("get", "/r/unknown-token-0123456789abcdefghij/", expect(404)),
    "another organisation's assessment": (
        "get",
        "/o/{org}/assessments/{foreign_assessment}/",
        expect(404, **LOGIN),
    ),
}


@pytest.fixture
def visitor(request, client, world):
    role = request.param
    if role == "respondent":
        client.get(f"/r/{world['token']}/")  # holds a respondent link, no account
    elif role != "anonymous":
        client.force_login(world["users"][role])
    return role, client


@pytest.mark.parametrize("visitor", ROLES, indirect=True)
@pytest.mark.parametrize("name", list(MATRIX))
def test_url_access(visitor, world, name):
    role, client = visitor
    method, template, expected = MATRIX[name]
    response = send(client, method, template.format(**world))
    assert response.status_code == expected[role], f"{role} {method.upper()} {template}"


def _state(world, what: str):
    """What a write would change, read straight from the database."""
    if what in ROOMS.states:
        return ROOMS.states[what](world)
    from django_tasks_db.models import DBTaskResult

    from assessments.models import (
        Answer,
        Assessment,
        CharterVersion,
        Department,
        ExportJob,
        Invitation,
        OrganisationInvitation,
        Roadmap,
        RoadmapAction,
        Team,
    )

    org = world["org"]
    return {
        "departments": lambda: Department.objects.filter(organisation__slug=org).count(),
        "teams": lambda: Team.objects.filter(organisation__slug=org).count(),
        "join invitations": lambda: OrganisationInvitation.objects.filter(
            organisation__slug=org, revoked_at__isnull=True
        ).count(),
        "links": lambda: Invitation.objects.filter(
            assessment_id=world["assessment"], revoked_at__isnull=True
        ).count(),
        "cap": lambda: Invitation.objects.get(pk=world["invitation"]).max_respondents,
        "reminded": lambda: Invitation.objects.get(pk=world["personal_invitation"]).last_sent_at,
        "round": lambda: Assessment.objects.values_list("closes_at", "closed_early_at").get(
            pk=world["assessment"]
        ),
        "exports": lambda: ExportJob.objects.filter(organisation__slug=org).count(),
        "roadmap": lambda: list(
            Roadmap.objects.filter(team_id=world["team"]).values_list(
                "generated_at", "generated_by"
            )
        ),
        "rounds": lambda: Assessment.objects.filter(organisation__slug=org).count(),
        "board": lambda: list(
            RoadmapAction.objects.filter(roadmap__team_id=world["team"])
            .order_by("position", "pk")
            .values_list("title", flat=True)
        ),
        "answers": lambda: Answer.objects.filter(
            respondent__invitation_id=world["personal_invitation"]
        ).count(),
        "actions": lambda: list(
            RoadmapAction.objects.filter(roadmap__team_id=world["team"]).values_list(
                "title", "notes"
            )
        ),
        "charter versions": lambda: list(
            CharterVersion.objects.filter(charter__organisation__slug=org).values_list(
                "pk", "published_at"
            )
        ),
        "emails queued": lambda: DBTaskResult.objects.filter(queue_name="email").count(),
    }[what]()


# A valid body for each write, and what it changes when it is allowed.
WRITES = {
    "orgs:department_create": ({"name": "Growth"}, "departments"),
    "orgs:team_create": ({"name": "Search"}, "teams"),
    "orgs:member_invite": ({"email": "new@example.com", "role": "member"}, "join invitations"),
    "orgs:member_invitation_revoke": ({}, "join invitations"),
    "orgs:assessment_team_link": ({"team": "{team}"}, "links"),
    "orgs:assessment_invite": ({"team": "{team}", "emails": "zoe@example.com"}, "links"),
    "orgs:assessment_remind": ({}, "reminded"),
    "orgs:invitation_revoke": ({}, "links"),
    "orgs:team_link_cap": ({"max_respondents": "7"}, "cap"),
    "orgs:assessment_close": ({}, "round"),
    "orgs:assessment_extend": ({"closes_at": "2099-01-01T09:00"}, "round"),
    "orgs:roadmap_action_add": ({"title": "Agree a charter", "horizon": "now"}, "actions"),
    "orgs:roadmap_action_edit": ({"notes": "Owner to confirm"}, "actions"),
    "report PDF, asked for": ({}, "exports"),
    "board pack PDF, asked for": ({}, "exports"),
    "roadmap summary PDF, asked for": ({}, "exports"),
    "orgs:export_retry": ({}, "exports"),
    "orgs:invitation_restore": ({}, "links"),
    "orgs:roadmap_action_move": ({"direction": "down"}, "board"),
    "respond:autosave": ({"s-{statement}": "{agree}"}, "answers"),
    "respond:email_link": ({"email": "me@example.com", "back": "done"}, "emails queued"),
    "email link, personal link": ({"email": "me@example.com"}, "emails queued"),
    "orgs:roadmap_generate": ({}, "roadmap"),
    "orgs:roadmap_recheck": ({}, "rounds"),
    **CHARTER_WRITES,
    **ROOMS.writes,
}


# Where a valid body answers differently from the empty POST of test_url_access.
WRITE_STATUS = {"respond:email_link": PUBLIC, **CHARTER_WRITE_STATUS, **ROOMS.statuses}
# The link is the credential: whoever holds it may answer, or have it emailed to them.
LINK_WRITES = {"respond:autosave", "respond:email_link"}


def _prepare(world, name: str) -> None:
    """Writes that need something to act on: a withdrawn link to restore, an action to pass."""
    if name in ROOMS.prepare:
        ROOMS.prepare[name](world)
    from django.utils import timezone

    from assessments.models import Invitation, RoadmapAction

    if name == "orgs:invitation_restore":
        Invitation.objects.filter(pk=world["invitation"]).update(revoked_at=timezone.now())
    if name == "orgs:roadmap_generate":
        from assessments.models import Assessment, Team
        from tests.factories import answer_all

        answer_all(
            Assessment.objects.get(pk=world["assessment"]), Team.objects.get(pk=world["team"]), 3
        )
    if name == "orgs:roadmap_recheck":
        from frameworks.models import Recommendation

        road_action = RoadmapAction.objects.get(pk=world["action"])
        recommendation = Recommendation.objects.get(
            version=road_action.roadmap.assessment.framework_version, key="write-it-down"
        )
        RoadmapAction.objects.filter(pk=world["action"]).update(
            status=RoadmapAction.Status.DONE, recommendation=recommendation
        )
    if name == "orgs:roadmap_action_move":
        first = RoadmapAction.objects.get(pk=world["action"])
        RoadmapAction.objects.create(
            roadmap=first.roadmap, title="After it", position=first.position + 1
        )


@pytest.mark.parametrize("visitor", ROLES, indirect=True)
@pytest.mark.parametrize("name", list(WRITES))
def test_a_write_changes_the_database_only_for_those_allowed(visitor, world, name):
    role, client = visitor
    method, template, expected = MATRIX[name]
    expected = WRITE_STATUS.get(name, expected)
    body, what = WRITES[name]
    _prepare(world, name)
    before = _state(world, what)
    response = send(
        client,
        method,
        template.format(**world),
        {k.format(**world): filled(v, world) for k, v in body.items()},
    )
    assert response.status_code == expected[role]
    allowed = expected[role] in (200, 201, 302) and role not in LOGIN
    if name in LINK_WRITES:
        allowed = True
    changed = _state(world, what) != before
    assert changed == allowed, f"{role} POST {template}: changed={changed}"


def test_the_matrix_covers_every_url_of_the_app():
    ours = named_patterns(get_resolver()) - AUTH_VIEWS
    assert ours - set(MATRIX) == set()


def test_every_form_carries_a_csrf_token(client, world):
    client.force_login(world["users"]["owner"])
    for path in (
        f"/o/{world['org']}/",
        f"/o/{world['org']}/assessments/{world['assessment']}/",
        f"/r/{world['token']}/s/purpose/",
    ):
        html = client.get(path).content.decode()
        assert html.count("<form") == html.count('name="csrfmiddlewaretoken"') > 0, path


def test_posts_without_a_csrf_token_are_refused(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world["users"]["owner"])
    assert strict.post(f"/o/{world['org']}/teams/new/", {"name": "X"}).status_code == 403
    assert (
        Client(enforce_csrf_checks=True).post(f"/r/{world['token']}/save/", {}).status_code == 403
    )
