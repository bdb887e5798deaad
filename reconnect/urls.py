from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import LoginForm

urlpatterns = [
    path("", views.welcome, name="welcome"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("readiness/", views.readiness, name="readiness"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/signup/", views.signup, name="signup"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/delete/", views.delete_account, name="delete_account"),
    path("accounts/calendar/", views.regenerate_calendar, name="regenerate_calendar"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("advice/", include("advice.urls")),
    path("journal/", include("journal.urls")),
    path("urges/", include("journal.urges_urls")),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("admin/", admin.site.urls),
]
