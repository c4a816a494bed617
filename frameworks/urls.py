from django.urls import path

from frameworks import views

app_name = "frameworks"

urlpatterns = [
    path("", views.about, name="about"),
    path(
        "maturity-model/", views.current, {"page": "maturity-model"}, name="current_maturity_model"
    ),
    path("activities/", views.current, {"page": "activities"}, name="current_activities"),
    path("dashboard/", views.current, {"page": "dashboard"}, name="current_dashboard"),
    path("<slug:slug>/<str:label>/maturity-model/", views.maturity_model, name="maturity_model"),
    path("<slug:slug>/<str:label>/activities/", views.activities, name="activities"),
    path("<slug:slug>/<str:label>/dashboard/", views.dashboard, name="dashboard"),
]
