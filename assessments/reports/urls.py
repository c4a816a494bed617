"""URLs for scored reports for a team, a department or a round, and their exports.

Named in the ``orgs`` namespace, which assessments/urls.py assembles from every room.
"""

from django.urls import path

from assessments.reports import views

urlpatterns = [
    path("o/<slug:slug>/assessments/<id:pk>/report/", views.report, name="report"),
    path(
        "o/<slug:slug>/assessments/<id:pk>/report/team/<id:obj_pk>/",
        views.report,
        {"kind": "team"},
        name="report_team",
    ),
    path(
        "o/<slug:slug>/assessments/<id:pk>/report/department/<id:obj_pk>/",
        views.report,
        {"kind": "department"},
        name="report_department",
    ),
    path(
        "o/<slug:slug>/assessments/<id:pk>/report/comments/",
        views.report_comments,
        name="report_comments",
    ),
    path(
        "o/<slug:slug>/assessments/<id:pk>/report/team/<id:obj_pk>/comments/",
        views.report_comments,
        {"kind": "team"},
        name="report_team_comments",
    ),
    path(
        "o/<slug:slug>/assessments/<id:pk>/report/department/<id:obj_pk>/comments/",
        views.report_comments,
        {"kind": "department"},
        name="report_department_comments",
    ),
    path("how-scores-work/", views.how_scores_work, name="how_scores_work"),
    path(
        "o/<slug:slug>/assessments/<id:pk>/report/export.<str:fmt>",
        views.export,
        name="report_export",
    ),
    path(
        "o/<slug:slug>/assessments/<id:pk>/report/team/<id:obj_pk>/export.<str:fmt>",
        views.export,
        {"kind": "team"},
        name="report_team_export",
    ),
    path(
        "o/<slug:slug>/assessments/<id:pk>/report/department/<id:obj_pk>/export.<str:fmt>",
        views.export,
        {"kind": "department"},
        name="report_department_export",
    ),
]
