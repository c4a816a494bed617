"""URLs for imports from a spreadsheet: an organisation's departments and teams, a round's
personal invitations. Named in the ``orgs`` namespace (assessments/urls.py)."""

from django.urls import path

from assessments.imports import views

DEPARTMENTS = "o/<slug:slug>/departments/import/"
INVITATIONS = "o/<slug:slug>/assessments/<id:pk>/invite/import/"

urlpatterns = [
    path(DEPARTMENTS, views.departments_import, name="departments_import"),
    path(
        f"{DEPARTMENTS}template.<str:fmt>",
        views.departments_import_template,
        name="departments_import_template",
    ),
    path(
        f"{DEPARTMENTS}<id:batch_pk>/",
        views.departments_import_preview,
        name="departments_import_preview",
    ),
    path(
        f"{DEPARTMENTS}<id:batch_pk>/confirm/",
        views.departments_import_confirm,
        name="departments_import_confirm",
    ),
    path(INVITATIONS, views.invitations_import, name="invitations_import"),
    path(
        f"{INVITATIONS}template.<str:fmt>",
        views.invitations_import_template,
        name="invitations_import_template",
    ),
    path(
        f"{INVITATIONS}<id:batch_pk>/",
        views.invitations_import_preview,
        name="invitations_import_preview",
    ),
    path(
        f"{INVITATIONS}<id:batch_pk>/confirm/",
        views.invitations_import_confirm,
        name="invitations_import_confirm",
    ),
]
