"""Signing in and out, with the two-factor code step and its settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from journal.auth import AuthenticatedHttpRequest
from reconnect.lib import throttle

from . import lock, two_factor
from .forms import (
    CodeForm,
    ConfirmPasswordForm,
    LoginForm,
)
from .lockout import tries_left
from .models import User


class LogoutView(auth_views.LogoutView):
    """Django's logout, and a line on the next page saying it happened."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are logged out. Nothing you wrote can be seen from here."))
        return response


@login_required
@require_POST
def still_here(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The page's word that someone is reading or writing, sent at most once a minute while
    they are (static/js/idle.js), so an idle sign-out never catches a person mid-entry;
    IdleSignOutMiddleware notes the time."""
    return HttpResponse(status=204)


class LoginView(auth_views.LoginView[LoginForm]):
    """Django's login page; for an account with two-factor sign-in, the code comes next.

    After a wrong password it says how many tries are left before signing in from here
    pauses, so the pause never comes as a surprise.
    """

    authentication_form = LoginForm

    def form_invalid(self, form: LoginForm) -> HttpResponse:
        username = form.data.get("username", "")
        if form.errors.get("__all__") and username:
            left = tries_left(self.request, username)
            if left is not None:
                form.add_error(
                    None,
                    ngettext(
                        "You can try %(n)d more time; after that, signing in from here pauses "
                        "for %(minutes)d minutes.",
                        "You can try %(n)d more times; after that, signing in from here "
                        "pauses for %(minutes)d minutes.",
                        left,
                    )
                    % {"n": left, "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
                )
        return super().form_invalid(form)

    def form_valid(self, form: LoginForm) -> HttpResponse:
        user = form.get_user()
        response: HttpResponse
        if two_factor.is_on(user):
            two_factor.begin_sign_in(self.request, user, self.get_success_url())
            response = redirect("two_factor_login")
        else:
            response = super().form_valid(form)
        # The password opens a locked journal now; the code step, if any, keeps it.
        lock.on_sign_in(self.request, response, user, form.cleaned_data["password"])
        if lock.needs_recovery(self.request, user) and not two_factor.is_on(user):
            response["Location"] = reverse("unlock")  # the same response: it sets the cookie
        return response


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's own login page would skip the code step, so it sends people to ours."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


@never_cache
@sensitive_post_parameters("code")
def two_factor_login(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the session is logged in only once the code is right."""
    pending = two_factor.pending_sign_in(request)
    if pending is None:
        if request.method == "POST":
            messages.info(request, _("That took a while, so please log in again."))
        return redirect("login")
    user, next_url = pending
    # Wrong codes count as failed logins for the username, so the lockout covers them too.
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        two_factor.end_sign_in(request)
        return get_lockout_response(request, None, credentials)
    form = CodeForm(request.POST if request.method == "POST" else None, recovery=True)
    if request.method == "POST" and form.is_valid():
        outcome = _check_code(request, user, form.cleaned_data["code"])
        if outcome is two_factor.Check.ACCEPTED:
            two_factor.end_sign_in(request)
            login(request, user)
            response = redirect(next_url or settings.LOGIN_REDIRECT_URL)
            two_factor.remember_browser(response, user)
            return response
        if outcome is two_factor.Check.WRONG:
            if two_factor.is_app_code(form.cleaned_data["code"]):
                two_factor.note_wrong_code(request)
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                two_factor.end_sign_in(request)
                return get_lockout_response(request, None, credentials)
        form.add_error("code", _code_problem(outcome))
    return render(request, "registration/two_factor_login.html", {"form": form})


def _check_code(request: HttpRequest, user: User, code: str) -> two_factor.Check:
    """Check a sign-in's code, unless this sign-in or this account must wait first."""
    if two_factor.is_app_code(code) and two_factor.seconds_to_wait(request):
        return two_factor.Check.TOO_SOON
    if not two_factor.is_known_browser(request, user) and not throttle.allow(
        "two-factor", str(user.pk), settings.TWO_FACTOR_CODES_PER_HOUR, dt.timedelta(hours=1)
    ):
        return two_factor.Check.TOO_MANY
    return two_factor.check_sign_in_code(user, code)


def _code_problem(outcome: two_factor.Check) -> str:
    if outcome is two_factor.Check.TOO_SOON:
        return _("Wait a few seconds, then try the newest code from your app.")
    if outcome is two_factor.Check.TOO_MANY:
        return _(
            "Many codes have been tried for this account lately, so new devices wait a "
            "while. Try again in a few minutes, or from a device you signed in on before."
        )
    return _("That code did not work. Try the newest one from your app.")


@login_required
@sensitive_post_parameters("code", "password")
def two_factor_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Set up, confirm and turn off two-factor sign-in; each step is a POST `action`."""
    user = request.user
    action = request.POST.get("action") if request.method == "POST" else None
    is_on = two_factor.is_on(user)
    pending = None if is_on else two_factor.pending_device(user)
    code_form = CodeForm(recovery=False)
    password_form = ConfirmPasswordForm(user)

    if action == "start" and not is_on:
        # Turning it on needs the password, as turning it off does: whoever holds only a
        # signed-in session must not set up their own app and lock the owner out.
        password_form = ConfirmPasswordForm(user, request.POST)
        if password_form.is_valid():
            two_factor.begin_setup(user)
            return redirect("two_factor")
    elif action == "cancel" and pending is not None:
        pending.delete()
        return redirect("two_factor")
    elif action == "confirm" and pending is not None:
        code_form = CodeForm(request.POST, recovery=False)
        if code_form.is_valid() and (codes_page := _confirm_setup(request, pending, code_form)):
            return codes_page
    elif action in ("off", "new_codes") and is_on:
        password_form = ConfirmPasswordForm(user, request.POST)
        if password_form.is_valid():
            return _new_codes(request) if action == "new_codes" else _turn_off(request)
    elif action is not None:
        return redirect("two_factor")

    return render(
        request,
        "registration/two_factor.html",
        {
            "state": "on" if is_on else "pending" if pending else "off",
            "setup": two_factor.setup_for(pending) if pending else None,
            "codes_left": two_factor.recovery_codes_left(user) if is_on else None,
            "code_form": code_form,
            "password_form": password_form,
        },
    )


def _confirm_setup(
    request: AuthenticatedHttpRequest, pending: TOTPDevice, code_form: CodeForm
) -> HttpResponse | None:
    """The app's first code turns it on and shows the recovery codes, once; None with the
    form's error when the code is not accepted."""
    outcome, codes = two_factor.confirm_setup(pending, code_form.cleaned_data["code"])
    if outcome is two_factor.Check.ACCEPTED:
        messages.success(request, _("Two-factor sign-in is on."))
        return render(request, "registration/two_factor_codes.html", {"codes": codes})
    code_form.add_error("code", _code_problem(outcome))
    return None


def _new_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Fresh recovery codes, shown once; the old ones stop working."""
    codes = two_factor.new_recovery_codes(request.user)
    messages.success(request, _("Your old recovery codes no longer work."))
    return render(request, "registration/two_factor_codes.html", {"codes": codes})


def _turn_off(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Back to the password alone."""
    two_factor.turn_off(request.user)
    messages.success(request, _("Two-factor sign-in is off. Your password alone signs in."))
    return redirect("two_factor")
