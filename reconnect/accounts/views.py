"""Accounts: signing up, the first welcome, Settings, passwords, deleting everything."""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from journal.auth import AuthenticatedHttpRequest
from reconnect.lib import throttle
from reconnect.lib.clients import client_address
from reconnect.lib.mail import mail_is_set_up, queue_letter

from . import letters, lock, two_factor
from .forms import (
    ChangePasswordForm,
    ConfirmPasswordForm,
    DeleteAccountForm,
    NewPasswordForm,
    ProfileForm,
    ResetRequestForm,
    SignupForm,
    UnlockForm,
)
from .lockout import forget_failures
from .models import AddressChange, User, new_calendar_token

SIGNUP_WINDOW = dt.timedelta(hours=1)


RESET_WINDOW = dt.timedelta(hours=1)
RESET_CEILING_WINDOW = dt.timedelta(days=1)


def reset_mail_allowed(email: str, client: str) -> bool:
    """Whether a reset mail to `email`, asked for by `client`, may go.

    Three buckets, each taken from only when the ones before allow: the client's (10 an
    hour, over any addresses), the address's as asked for by this client (3 an hour), and
    the address's over every client (10 a day). A stranger asking for someone's address
    spends their own pair's bucket, so the owner asking from elsewhere still gets a mail;
    the daily ceiling keeps many clients together from flooding the address.
    """
    address = email.strip().lower()
    return (
        throttle.allow(
            "reset-client", client, settings.RESET_MAILS_PER_CLIENT_PER_HOUR, RESET_WINDOW
        )
        and throttle.allow(
            "reset-address-client",
            f"{address}\x00{client}",
            settings.RESET_MAILS_PER_ADDRESS_AND_CLIENT_PER_HOUR,
            RESET_WINDOW,
        )
        and throttle.allow(
            "reset-address",
            address,
            settings.RESET_MAILS_PER_ADDRESS_PER_DAY,
            RESET_CEILING_WINDOW,
        )
    )


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST if request.method == "POST" else None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    if request.method == "POST":
        client = client_address(request)
        # Every try counts, failed ones too (they tell which usernames are taken); accounts
        # made count again on their own, smaller limit. Both are decided before the save.
        tries_left = throttle.allow(
            "signup-try", client, settings.SIGNUP_TRIES_PER_HOUR, SIGNUP_WINDOW
        )
        if not tries_left or (
            form.is_valid()
            and not throttle.allow("signup", client, settings.SIGNUP_LIMIT_PER_HOUR, SIGNUP_WINDOW)
        ):
            return render(request, "registration/signup_paused.html", status=429)
        if form.is_valid():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account is ready, and only you can see it."))
            return redirect(next_url or "start")
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


def _code_allowed(request: AuthenticatedHttpRequest) -> bool:
    """Whether a code may be checked now. The same guesses as the two-factor sign-in: a
    device that signed in with a code before is trusted; others share the account's few
    codes an hour."""
    return two_factor.is_known_browser(request, request.user) or throttle.allow(
        "two-factor",
        str(request.user.pk),
        settings.TWO_FACTOR_CODES_PER_HOUR,
        dt.timedelta(hours=1),
    )


@login_required
@sensitive_post_parameters("password", "code")
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        instance=user,
        code_allowed=lambda: _code_allowed(request),
    )
    if request.method == "POST" and form.is_valid():
        old_email = form.old_email
        form.save()
        if form.email_changed and old_email:
            tell_old_address(user, old_email)
        # Say so in the language just chosen, as the next page will be.
        translation.activate(user.language or translation.get_language_from_request(request))
        messages.success(request, _("Your settings are saved."))
        return redirect("profile")
    feed = reverse("journal:calendar_feed", args=[user.calendar_token])
    return render(
        request,
        "registration/profile.html",
        {"form": form, "calendar_url": request.build_absolute_uri(feed)},
    )


def tell_old_address(user: User, old_email: str) -> None:
    """A short note to the address the account had: it was changed, and what to do if that
    was not its owner. It names neither the new address nor the account, and in discreet
    mode not the app either: the old mailbox may be read by someone else now."""
    change = AddressChange.objects.create(user=user, old_email=old_email)
    queue_letter(letters.address_changed, change_id=change.pk)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The footer's language switcher: Django's `set_language`, remembered in the cookie.

    A signed-in person's choice in Settings wins over the cookie, so for them the
    switcher saves that choice too; otherwise it would seem to do nothing.
    """
    response = i18n.set_language(request)
    code = request.POST.get("language", "")
    if request.user.is_authenticated and code in dict(settings.LANGUAGES):
        request.user.language = code
        request.user.save(update_fields=["language"])
    return response


@login_required
@require_POST
def regenerate_calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    request.user.calendar_token = new_calendar_token()
    request.user.save(update_fields=["calendar_token"])
    messages.success(request, _("Your calendar has a new address. The old one no longer works."))
    return redirect(f"{reverse('profile')}#calendar")


@login_required
@sensitive_post_parameters("password", "code")
def delete_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DeleteAccountForm(
        request.user,
        request.POST if request.method == "POST" else None,
        code_allowed=lambda: _code_allowed(request),
    )
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        # Every record of the user's points at the user with on_delete=CASCADE, their
        # sessions on other devices too (reconnect.accounts.sessions); failed login attempts are
        # kept by username, so they go by hand.
        AccessAttempt.objects.filter(username=user.get_username()).delete()
        AccessFailureLog.objects.filter(username=user.get_username()).delete()
        user.delete()
        messages.success(request, _("Your account and everything in it have been deleted."))
        return redirect("welcome")
    return render(request, "registration/delete_account.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, which says so plainly when this server cannot send mail.

    The mail is queued, never sent here, and only as `reset_mail_allowed` allows; past
    that, nothing is queued and the page reads the same, so it tells nobody whether an
    address has an account or has been asked for too often.
    """

    form_class = ResetRequestForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not mail_is_set_up():
            return render(request, "registration/password_reset_no_mail.html")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: ResetRequestForm) -> HttpResponse:
        if reset_mail_allowed(form.cleaned_data["email"], client_address(self.request)):
            return super().form_valid(form)
        return redirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's set-a-new-password page; a reset also lifts the account's login lockout."""

    form_class = NewPasswordForm

    def form_valid(self, form: SetPasswordForm[User]) -> HttpResponse:
        response = super().form_valid(form)
        forget_failures(self.user.get_username())
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's change-your-password page, in our words; a locked journal's key is wrapped
    under the new password. Other devices are signed out, as Django does."""

    form_class = ChangePasswordForm

    def form_valid(self, form: ChangePasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        lock.password_changed(form.user, form.cleaned_data["new_password1"])
        return response


@login_required
@sensitive_post_parameters("password")
def journal_lock(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Lock the journal with the password, make a new recovery code, or turn it off; each
    step is a POST `action` (turning it on is the default) and needs the password."""
    user = request.user
    form = ConfirmPasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "on")
        password = form.cleaned_data["password"]
        if action == "on" and not user.journal_locked:
            turned = lock.turn_on(user, password)
            if turned is not None:
                code, private = turned
                messages.success(request, _("Your journal is locked. Only your password opens it."))
                # Drawn after the key is kept, so the page knows the journal is open.
                response = TemplateResponse(
                    request, "registration/journal_lock_code.html", {"code": code}
                )
                lock.remember(request, response, user, private)
                return response
        elif action == "new_code" and user.journal_locked:
            new_code = lock.new_recovery(user)
            if new_code is not None:
                messages.success(request, _("Your old recovery code no longer works."))
                return render(request, "registration/journal_lock_code.html", {"code": new_code})
        elif action == "off" and user.journal_locked and lock.turn_off(request, user, password):
            messages.success(request, _("The lock is off. Your journal is sealed as before."))
            return redirect("lock")
        if not lock.is_open(user):
            form.add_error(None, _("Open your journal on this device first. Nothing was changed."))
    return render(
        request,
        "registration/journal_lock.html",
        {"form": form, "locked": user.journal_locked, "open": lock.is_open(user)},
    )


@login_required
@sensitive_post_parameters("recovery_code", "password")
def journal_unlock(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Open a locked journal on this device: by the recovery code after a reset by mail,
    or by the password when the device lost its key."""
    user = request.user
    if not user.journal_locked or lock.is_open(user):
        return render(request, "registration/journal_open.html")
    form = UnlockForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and not throttle.allow(
            "unlock", str(user.pk), settings.UNLOCK_TRIES_PER_HOUR, dt.timedelta(hours=1)
        )
    ):
        form.add_error(
            None,
            _("That was tried many times in a short while. Wait a few minutes, then try again."),
        )
    if request.method == "POST" and form.is_valid():
        response = redirect("dashboard")
        if lock.unlock(
            request,
            response,
            user,
            recovery_code=form.cleaned_data["recovery_code"],
            password=form.cleaned_data["password"],
        ):
            messages.success(request, _("Your journal is open on this device."))
            return response
        form.add_error(None, _("That did not open your journal. Check the words and try again."))
    return render(
        request,
        "registration/journal_unlock.html",
        {"form": form, "after_reset": lock.needs_recovery(request, user)},
    )


@login_required
@require_POST
def sign_out_everywhere(request: AuthenticatedHttpRequest) -> HttpResponse:
    """End every session of the account, this one too: each forgets its journal key."""
    user = request.user
    logout(request)
    user.sessions.all().delete()
    messages.success(request, _("You are signed out on every device."))
    return redirect("login")
