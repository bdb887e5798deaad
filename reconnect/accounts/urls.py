from django.urls import include, path

from . import signin, views

urlpatterns = [
    path("language/", views.set_language, name="set_language"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/login/", signin.LoginView.as_view(), name="login"),
    path("accounts/two-factor/", signin.two_factor_settings, name="two_factor"),
    path("accounts/two-factor/login/", signin.two_factor_login, name="two_factor_login"),
    path("accounts/password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/logout/", signin.LogoutView.as_view(), name="logout"),
    path("accounts/still-here/", signin.still_here, name="still_here"),
    path(
        "accounts/password_change/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/delete/", views.delete_account, name="delete_account"),
    path("accounts/lock/", views.journal_lock, name="lock"),
    path("accounts/unlock/", views.journal_unlock, name="unlock"),
    path("accounts/sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("accounts/calendar/", views.regenerate_calendar, name="regenerate_calendar"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/login/", signin.admin_login),
]
