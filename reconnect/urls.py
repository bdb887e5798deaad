from django.contrib import admin
from django.urls import include, path

from .views import accounts, readiness, signin, site

urlpatterns = [
    path("", site.welcome, name="welcome"),
    path("dashboard/", readiness.dashboard, name="dashboard"),
    path("start/", accounts.start, name="start"),
    path("readiness/", readiness.readiness, name="readiness"),
    path("healthz", site.healthz, name="healthz"),
    path("language/", accounts.set_language, name="set_language"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", signin.LoginView.as_view(), name="login"),
    path("accounts/two-factor/", signin.two_factor_settings, name="two_factor"),
    path("accounts/two-factor/login/", signin.two_factor_login, name="two_factor_login"),
    path("accounts/password_reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/logout/", signin.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        accounts.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path("accounts/profile/", accounts.profile, name="profile"),
    path("accounts/delete/", accounts.delete_account, name="delete_account"),
    path("accounts/calendar/", accounts.regenerate_calendar, name="regenerate_calendar"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("advice/", include("advice.urls")),
    path("journal/", include("journal.urls")),
    path("admin/login/", signin.admin_login),
    path("urges/", include("journal.urges.urls")),
    path("manifest.webmanifest", site.manifest, name="manifest"),
    path("admin/", admin.site.urls),
]
