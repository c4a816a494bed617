"""URLs for running an assessment round: create, share links, remind, close, extend.

Named in the ``orgs`` namespace, which assessments/urls.py assembles from every room.
"""

from django.urls import path

from assessments.rounds import views

urlpatterns = [
    path("o/<slug:slug>/assessments/new/", views.assessment_create, name="assessment_create"),
    path("o/<slug:slug>/assessments/<id:pk>/", views.assessment_detail, name="assessment"),
    path(
        "o/<slug:slug>/assessments/<id:pk>/invite/",
        views.assessment_invite,
        name="assessment_invite",
    ),
    path(
        "o/<slug:slug>/assessments/<id:pk>/team-link/",
        views.assessment_team_link,
        name="assessment_team_link",
    ),
    path(
        "o/<slug:slug>/assessments/<id:pk>/links/<id:invitation_pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "o/<slug:slug>/assessments/<id:pk>/links/<id:invitation_pk>/restore/",
        views.invitation_restore,
        name="invitation_restore",
    ),
    path(
        "o/<slug:slug>/assessments/<id:pk>/links/<id:invitation_pk>/cap/",
        views.team_link_cap,
        name="team_link_cap",
    ),
    path(
        "o/<slug:slug>/assessments/<id:pk>/remind/",
        views.assessment_remind,
        name="assessment_remind",
    ),
    path(
        "o/<slug:slug>/assessments/<id:pk>/close/", views.assessment_close, name="assessment_close"
    ),
    path(
        "o/<slug:slug>/assessments/<id:pk>/extend/",
        views.assessment_extend,
        name="assessment_extend",
    ),
]
