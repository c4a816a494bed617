from django.urls import path

from assessments import views, views_report, views_roadmap

app_name = "orgs"

urlpatterns = [
    path("orgs/new/", views.organisation_create, name="organisation_create"),
    path("join/<str:token>/", views.join, name="join"),
    path("o/<slug:slug>/", views.organisation, name="organisation"),
    path("o/<slug:slug>/departments/new/", views.department_create, name="department_create"),
    path("o/<slug:slug>/teams/new/", views.team_create, name="team_create"),
    path("o/<slug:slug>/members/invite/", views.member_invite, name="member_invite"),
    path("o/<slug:slug>/assessments/new/", views.assessment_create, name="assessment_create"),
    path("o/<slug:slug>/assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path(
        "o/<slug:slug>/assessments/<int:pk>/invite/",
        views.assessment_invite,
        name="assessment_invite",
    ),
    path(
        "o/<slug:slug>/assessments/<int:pk>/team-link/",
        views.assessment_team_link,
        name="assessment_team_link",
    ),
    path(
        "o/<slug:slug>/assessments/<int:pk>/links/<int:invitation_pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "o/<slug:slug>/assessments/<int:pk>/remind/",
        views.assessment_remind,
        name="assessment_remind",
    ),
    path(
        "o/<slug:slug>/assessments/<int:pk>/close/", views.assessment_close, name="assessment_close"
    ),
    path(
        "o/<slug:slug>/assessments/<int:pk>/extend/",
        views.assessment_extend,
        name="assessment_extend",
    ),
    path("o/<slug:slug>/assessments/<int:pk>/report/", views_report.report, name="report"),
    path(
        "o/<slug:slug>/assessments/<int:pk>/report/team/<int:obj_pk>/",
        views_report.report,
        {"kind": "team"},
        name="report_team",
    ),
    path(
        "o/<slug:slug>/assessments/<int:pk>/report/department/<int:obj_pk>/",
        views_report.report,
        {"kind": "department"},
        name="report_department",
    ),
    path("how-scores-work/", views_report.how_scores_work, name="how_scores_work"),
    path(
        "o/<slug:slug>/assessments/<int:pk>/report/export.<str:fmt>",
        views_report.export,
        name="report_export",
    ),
    path(
        "o/<slug:slug>/assessments/<int:pk>/report/team/<int:obj_pk>/export.<str:fmt>",
        views_report.export,
        {"kind": "team"},
        name="report_team_export",
    ),
    path(
        "o/<slug:slug>/assessments/<int:pk>/report/department/<int:obj_pk>/export.<str:fmt>",
        views_report.export,
        {"kind": "department"},
        name="report_department_export",
    ),
    path(
        "o/<slug:slug>/assessments/<int:pk>/roadmap/team/<int:team_pk>/",
        views_roadmap.board,
        name="roadmap",
    ),
    path(
        "o/<slug:slug>/assessments/<int:pk>/roadmap/team/<int:team_pk>/generate/",
        views_roadmap.generate,
        name="roadmap_generate",
    ),
    path(
        "o/<slug:slug>/assessments/<int:pk>/roadmap/team/<int:team_pk>/add/",
        views_roadmap.action_add,
        name="roadmap_action_add",
    ),
    path(
        "o/<slug:slug>/assessments/<int:pk>/roadmap/team/<int:team_pk>/actions/<int:action_pk>/",
        views_roadmap.action_edit,
        name="roadmap_action_edit",
    ),
    path(
        "o/<slug:slug>/assessments/<int:pk>/roadmap/team/<int:team_pk>/actions/<int:action_pk>/move/",
        views_roadmap.action_move,
        name="roadmap_action_move",
    ),
    path(
        "o/<slug:slug>/assessments/<int:pk>/roadmap/team/<int:team_pk>/roadmap.csv",
        views_roadmap.export_csv,
        name="roadmap_csv",
    ),
    path(
        "o/<slug:slug>/assessments/<int:pk>/roadmap/team/<int:team_pk>/summary/",
        views_roadmap.summary,
        name="roadmap_summary",
    ),
    path(
        "o/<slug:slug>/assessments/<int:pk>/roadmap/team/<int:team_pk>/summary.pdf",
        views_roadmap.summary_pdf,
        name="roadmap_summary_pdf",
    ),
    path(
        "o/<slug:slug>/assessments/<int:pk>/roadmap/team/<int:team_pk>/recheck/",
        views_roadmap.recheck,
        name="roadmap_recheck",
    ),
]
