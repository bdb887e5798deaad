from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.welcome, name="welcome"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("start/", views.start, name="start"),
    path("readiness/", views.readiness, name="readiness"),
    path("healthz", views.healthz, name="healthz"),
    path("language/", views.set_language, name="set_language"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/two-factor/", views.two_factor_settings, name="two_factor"),
    path("accounts/two-factor/login/", views.two_factor_login, name="two_factor_login"),
    path("accounts/password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/delete/", views.delete_account, name="delete_account"),
    path("accounts/calendar/", views.regenerate_calendar, name="regenerate_calendar"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("advice/", include("advice.urls")),
    path("journal/", include("journal.urls")),
    path("admin/login/", views.admin_login),
    path("urges/", include("journal.urges.urls")),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("admin/", admin.site.urls),
]
