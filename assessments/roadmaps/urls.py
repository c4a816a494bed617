"""URLs for a team's targets and roadmap.

Named in the ``orgs`` namespace, which assessments/urls.py assembles from every room.
"""

from django.urls import path

from assessments.roadmaps import views

urlpatterns = [
    path(
        "o/<slug:slug>/assessments/<id:pk>/roadmap/team/<id:team_pk>/",
        views.board,
        name="roadmap",
    ),
    path(
        "o/<slug:slug>/assessments/<id:pk>/roadmap/team/<id:team_pk>/generate/",
        views.generate,
        name="roadmap_generate",
    ),
    path(
        "o/<slug:slug>/assessments/<id:pk>/roadmap/team/<id:team_pk>/add/",
        views.action_add,
        name="roadmap_action_add",
    ),
    path(
        "o/<slug:slug>/assessments/<id:pk>/roadmap/team/<id:team_pk>/actions/<id:action_pk>/",
        views.action_edit,
        name="roadmap_action_edit",
    ),
    path(
        "o/<slug:slug>/assessments/<id:pk>/roadmap/team/<id:team_pk>/actions/<id:action_pk>/move/",
        views.action_move,
        name="roadmap_action_move",
    ),
    path(
        "o/<slug:slug>/assessments/<id:pk>/roadmap/team/<id:team_pk>/roadmap.csv",
        views.export_csv,
        name="roadmap_csv",
    ),
    path(
        "o/<slug:slug>/assessments/<id:pk>/roadmap/team/<id:team_pk>/summary/",
        views.summary,
        name="roadmap_summary",
    ),
    path(
        "o/<slug:slug>/assessments/<id:pk>/roadmap/team/<id:team_pk>/summary.pdf",
        views.summary_pdf,
        name="roadmap_summary_pdf",
    ),
    path(
        "o/<slug:slug>/assessments/<id:pk>/roadmap/team/<id:team_pk>/recheck/",
        views.recheck,
        name="roadmap_recheck",
    ),
]
