"""URLs for organisations, their teams and people, and joining one.

Named in the ``orgs`` namespace, which assessments/urls.py assembles from every room.
"""

from django.urls import path

from assessments.organisations import views

urlpatterns = [
    path("orgs/new/", views.organisation_create, name="organisation_create"),
    path("join/<str:token>/", views.join, name="join"),
    path("o/<slug:slug>/departments/new/", views.department_create, name="department_create"),
    path("o/<slug:slug>/teams/new/", views.team_create, name="team_create"),
    path("o/<slug:slug>/members/invite/", views.member_invite, name="member_invite"),
    path(
        "o/<slug:slug>/members/invitations/<id:invitation_pk>/revoke/",
        views.invitation_revoke,
        name="member_invitation_revoke",
    ),
]
