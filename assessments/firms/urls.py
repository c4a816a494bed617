"""URLs of the firms room: the firm, its colleagues and clients (the workspace is the home
room's)."""

from django.urls import path

from assessments.firms import views

urlpatterns = [
    path("firm/new/", views.firm_create, name="firm_create"),
    path("firm/edit/", views.firm_edit, name="firm_edit"),
    path(
        "firm/invitations/<int:invitation_pk>/revoke/",
        views.firm_invitation_revoke,
        name="firm_invitation_revoke",
    ),
    path("firm/join/<str:token>/", views.firm_join, name="firm_join"),
    path("firm/clients/new/", views.client_create, name="firm_client_create"),
    path("firm/<slug:firm_slug>/logo", views.firm_logo, name="firm_logo"),
]
