"""The API's URLs, under ``/api/v1/`` in the ``api`` namespace: the OpenAPI schema, its
documentation page, and the endpoints (the data endpoints come from data_urls.py)."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from assessments.api import data_urls, round_views, views
from assessments.api import schema as _schema  # noqa: F401 (its import registers the token scheme)
from assessments.api.docs import DocsView

ORG = "organisations/<slug:slug>/"

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("organisations/", views.OrganisationList.as_view(), name="organisations"),
    path(ORG, views.OrganisationDetail.as_view(), name="organisation"),
    path(f"{ORG}departments/", views.DepartmentList.as_view(), name="departments"),
    path(f"{ORG}departments/<id:pk>/", views.DepartmentDetail.as_view(), name="department"),
    path(f"{ORG}teams/", views.TeamList.as_view(), name="teams"),
    path(f"{ORG}teams/<id:pk>/", views.TeamDetail.as_view(), name="team"),
    path(f"{ORG}rounds/", round_views.RoundList.as_view(), name="rounds"),
    path(f"{ORG}rounds/<id:pk>/", round_views.RoundDetail.as_view(), name="round"),
    path(f"{ORG}rounds/<id:pk>/open/", round_views.RoundOpen.as_view(), name="round_open"),
    path(f"{ORG}rounds/<id:pk>/close/", round_views.RoundClose.as_view(), name="round_close"),
    path(f"{ORG}rounds/<id:pk>/extend/", round_views.RoundExtend.as_view(), name="round_extend"),
    *data_urls.urlpatterns,
]
