from django.contrib import admin
from django.urls import include, path

from pmmaturity import views

admin.site.site_header = "pmmaturity administration"
admin.site.site_title = "pmmaturity admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("instruments/", include("frameworks.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
