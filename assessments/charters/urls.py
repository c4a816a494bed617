"""URLs for the charter of an organisation and of each of its departments.

Named in the ``orgs`` namespace, which assessments/urls.py assembles from every room.
"""

from django.urls import path

from assessments.charters import views

ORG = "o/<slug:slug>/charter/"
DEPARTMENT = "o/<slug:slug>/charter/department/<id:department_pk>/"

urlpatterns = [
    path(ORG, views.charter, name="charter"),
    path(f"{ORG}edit/", views.edit, name="charter_edit"),
    path(f"{ORG}history/", views.history, name="charter_history"),
    path(f"{ORG}versions/<id:version_pk>/", views.version, name="charter_version"),
    path(f"{ORG}versions/<id:version_pk>/publish/", views.publish, name="charter_publish"),
    path(DEPARTMENT, views.charter, name="charter_department"),
    path(f"{DEPARTMENT}edit/", views.edit, name="charter_department_edit"),
    path(f"{DEPARTMENT}history/", views.history, name="charter_department_history"),
    path(
        f"{DEPARTMENT}versions/<id:version_pk>/", views.version, name="charter_department_version"
    ),
    path(
        f"{DEPARTMENT}versions/<id:version_pk>/publish/",
        views.publish,
        name="charter_department_publish",
    ),
]
