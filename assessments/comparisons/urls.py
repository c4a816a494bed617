"""URLs for comparing a round's departments, teams and earlier rounds, and its board pack."""

from django.urls import path

from assessments.comparisons import views

urlpatterns = [
    path("o/<slug:slug>/assessments/<id:pk>/compare/", views.compare, name="compare"),
    path(
        "o/<slug:slug>/assessments/<id:pk>/compare/board-pack.<str:fmt>",
        views.board_pack,
        name="compare_board_pack",
    ),
]
