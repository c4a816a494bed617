"""URLs for organisations, their teams and people, and joining one.

Named in the ``orgs`` namespace, which assessments/urls.py assembles from every room.
"""

from django.urls import path

from assessments.organisations import people_views, views

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
    # The "People and teams" page and what it changes.
    path("o/<slug:slug>/people/", people_views.people, name="people"),
    path("o/<slug:slug>/people/hand-over/", people_views.admin_hand_over, name="admin_hand_over"),
    path(
        "o/<slug:slug>/people/<id:membership_pk>/change/",
        people_views.membership_change,
        name="membership_change",
    ),
    path(
        "o/<slug:slug>/people/<id:membership_pk>/remove/",
        people_views.membership_remove,
        name="membership_remove",
    ),
    path("o/<slug:slug>/teams/<id:team_pk>/rename/", people_views.team_rename, name="team_rename"),
    path("o/<slug:slug>/teams/<id:team_pk>/move/", people_views.team_move, name="team_move"),
    path("o/<slug:slug>/teams/<id:team_pk>/delete/", people_views.team_delete, name="team_delete"),
    path(
        "o/<slug:slug>/departments/<id:department_pk>/rename/",
        people_views.department_rename,
        name="department_rename",
    ),
    path(
        "o/<slug:slug>/departments/<id:department_pk>/delete/",
        people_views.department_delete,
        name="department_delete",
    ),
]
