"""The API's data endpoints (results, comparisons, roadmaps, firms' clients and reviews),
kept apart from the foundation's URLs in urls.py, which includes these."""

from __future__ import annotations

from django.urls import URLPattern, path

from assessments.api import data_views

ROUND = "organisations/<slug:slug>/rounds/<id:pk>/"
TEAM_ROADMAP = f"{ROUND}roadmaps/<id:team_pk>/"

urlpatterns: list[URLPattern] = [
    path(f"{ROUND}results/", data_views.ScopeResults.as_view(), name="round_results"),
    path(f"{ROUND}comparison/", data_views.RoundComparison.as_view(), name="round_comparison"),
    path(f"{ROUND}roadmaps/", data_views.RoundRoadmaps.as_view(), name="round_roadmaps"),
    path(f"{TEAM_ROADMAP}actions/", data_views.TeamActions.as_view(), name="team_actions"),
    path(
        f"{TEAM_ROADMAP}actions/<id:action_pk>/",
        data_views.TeamAction.as_view(),
        name="team_action",
    ),
    path("firm/clients/", data_views.FirmClients.as_view(), name="firm_clients"),
    path("firm/reviews/", data_views.FirmReviews.as_view(), name="firm_reviews"),
]
