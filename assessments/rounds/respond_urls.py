from django.urls import path

from assessments.rounds import respond_views as views

app_name = "respond"

urlpatterns = [
    path("r/<str:token>/", views.start, name="start"),
    path("r/<str:token>/s/<slug:section>/", views.section, name="section"),
    path("r/<str:token>/save/", views.autosave, name="autosave"),
    path("r/<str:token>/review/", views.review, name="review"),
    path("r/<str:token>/done/", views.done, name="done"),
    path("r/<str:token>/email-link/", views.email_link, name="email_link"),
    path("t/<str:token>/", views.team_link, name="team_link"),
]
