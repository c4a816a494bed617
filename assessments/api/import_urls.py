"""The API's import endpoints (``assessments.api.import_views``), included by urls.py."""

from __future__ import annotations

from django.urls import path

from assessments.api import import_views

ORG = "organisations/<slug:slug>/"

urlpatterns = [
    path(
        f"{ORG}departments/import/",
        import_views.DepartmentsImport.as_view(),
        name="departments_import",
    ),
    path(
        f"{ORG}rounds/<id:pk>/invitations/import/",
        import_views.InvitationsImport.as_view(),
        name="invitations_import",
    ),
]
