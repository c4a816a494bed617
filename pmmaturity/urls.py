from allauth.account import views as account_views
from django.contrib import admin
from django.urls import include, path

from assessments.home import views as home_views
from assessments.personas import urls as persona_urls
from assessments.rounds import respond_urls
from pmmaturity import views

handler500 = "pmmaturity.views.server_error"
handler403 = "assessments.home.views.permission_denied"

admin.site.site_header = "pmmaturity administration"
admin.site.site_title = "pmmaturity admin"

urlpatterns = [
    # The questionnaire's pages, and the personas section it carries, in one namespace. First:
    # every autosave is resolved here, and Django notes each pattern it tries before the one
    # that matches (the 120 patterns above them took a tenth of a save's time). Nothing else
    # starts with r/ or t/.
    path(
        "",
        include(([*respond_urls.urlpatterns, *persona_urls.urlpatterns], respond_urls.app_name)),
    ),
    path("", home_views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("instruments/", include("frameworks.urls")),
    # Accounts are django-allauth's (sign-up with a confirmed address, password reset). The
    # names the app and its links have always used point at the same views and addresses.
    path("accounts/login/", account_views.login, name="login"),
    path("accounts/logout/", account_views.logout, name="logout"),
    path("accounts/signup/", account_views.signup, name="signup"),
    path("accounts/password/reset/", account_views.password_reset, name="password_reset"),
    path("accounts/", include("allauth.urls")),
    path("", include("assessments.urls")),
    # The REST API: tokens or a session, the same access rules as the pages.
    path("api/v1/", include("assessments.api.urls")),
    path("admin/", admin.site.urls),
]
