from __future__ import annotations

import datetime as dt
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from advice.models import SUPPORT_FOR_STOP, support_lines
from journal import charts, limits, urges
from journal.facts import assess, record_readiness
from journal.models import ReadinessSnapshot, Situation
from journal.readiness import Verdict
from journal.recall import on_this_day
from journal.stats import MOOD_DAYS

from . import two_factor
from .clients import client_address
from .forms import (
    CodeForm,
    ConfirmPasswordForm,
    DeleteAccountForm,
    LoginForm,
    ProfileForm,
    QueuedPasswordResetForm,
    SignupForm,
    SituationForm,
)
from .lockout import forget_failures
from .mail import mail_is_set_up
from .models import WorkerHeartbeat, new_calendar_token


def welcome(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "reconnect/welcome.html")


SIGNUP_WINDOW = dt.timedelta(hours=1)
RESET_WINDOW = dt.timedelta(hours=1)


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
        tries_left = limits.allow(
            "signup-try", client, settings.SIGNUP_TRIES_PER_HOUR, SIGNUP_WINDOW
        )
        if not tries_left or (
            form.is_valid()
            and not limits.allow("signup", client, settings.SIGNUP_LIMIT_PER_HOUR, SIGNUP_WINDOW)
        ):
            return render(request, "registration/signup_paused.html", status=429)
        if form.is_valid():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome. Your account is ready, and only you can see it. Check your time zone."),
            )
            return redirect(next_url or "profile")
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings are saved."))
        return redirect("profile")
    feed = reverse("journal:calendar_feed", args=[request.user.calendar_token])
    return render(
        request,
        "registration/profile.html",
        {"form": form, "calendar_url": request.build_absolute_uri(feed)},
    )


@login_required
@require_POST
def regenerate_calendar(request: HttpRequest) -> HttpResponse:
    request.user.calendar_token = new_calendar_token()
    request.user.save(update_fields=["calendar_token"])
    messages.success(request, _("Your calendar has a new address. The old one no longer works."))
    return redirect(f"{reverse('profile')}#calendar")


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        # Every record of the user's points at the user with on_delete=CASCADE, their
        # sessions on other devices too (reconnect.sessions); failed login attempts are
        # kept by username, so they go by hand.
        AccessAttempt.objects.filter(username=user.get_username()).delete()
        AccessFailureLog.objects.filter(username=user.get_username()).delete()
        user.delete()
        messages.success(request, _("Your account and everything in it have been deleted."))
        return redirect("welcome")
    return render(request, "registration/delete_account.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, which says so plainly when this server cannot send mail.

    The mail is queued, never sent here, and at most 3 an hour go to one address and 10
    an hour to one client; past that, nothing is queued and the page reads the same, so
    it tells nobody whether an address has an account or has been asked for too often.
    """

    form_class = QueuedPasswordResetForm

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not mail_is_set_up():
            return render(request, "registration/password_reset_no_mail.html")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: QueuedPasswordResetForm) -> HttpResponse:
        address = form.cleaned_data["email"].strip().lower()
        per_client = limits.allow(
            "reset-client",
            client_address(self.request),
            settings.RESET_MAILS_PER_CLIENT_PER_HOUR,
            RESET_WINDOW,
        )
        if per_client and limits.allow(
            "reset-address", address, settings.RESET_MAILS_PER_ADDRESS_PER_HOUR, RESET_WINDOW
        ):
            return super().form_valid(form)
        return redirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's set-a-new-password page; a reset also lifts the account's login lockout."""

    def form_valid(self, form):
        response = super().form_valid(form)
        forget_failures(self.user.get_username())
        return response


TIMELINE_POINTS = 60


def _support(verdict: Verdict) -> list[dict]:
    """The support that fits each kind of hard stop, with the lines configured for it.

    One query, and only under a hard stop.
    """
    if not verdict.kinds:
        return []
    lines = support_lines([SUPPORT_FOR_STOP[kind] for kind in verdict.kinds])
    return [
        {"stop": kind, "kind": SUPPORT_FOR_STOP[kind], "lines": lines[SUPPORT_FOR_STOP[kind]]}
        for kind in verdict.kinds
    ]


@login_required
def readiness(request: HttpRequest) -> HttpResponse:
    form = None
    if request.method == "POST":
        situation = Situation.objects.filter(user=request.user).first()
        form = SituationForm(request.POST, instance=situation, user=request.user)
        if form.is_valid():
            form.save()
            record_readiness(request.user)
            messages.success(request, _("Your answers are saved. Here is where things stand."))
            return redirect(f"{reverse('readiness')}#verdict")
    verdict, records = assess(request.user, timezone.now())
    return render(
        request,
        "reconnect/readiness.html",
        {
            # Answers sent with a mistake are shown as sent; otherwise the saved ones.
            "form": form or SituationForm(instance=records.situation, user=request.user),
            "verdict": verdict,
            "support": _support(verdict),
            "you": [c for c in verdict.conditions if c.side == "you"],
            "them": [c for c in verdict.conditions if c.side == "them"],
        },
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    tz = request.user.tzinfo
    verdict, records = assess(request.user, now)
    today = records.summary.today
    snapshots = ReadinessSnapshot.objects.filter(user=request.user).order_by("-at")
    points = [(s.at, s.met, s.total, s.state) for s in reversed(snapshots[:TIMELINE_POINTS])]
    points.append((now, verdict.met, verdict.total, verdict.state))
    progress = (period.progress(now, tz, period.reset_count) for period in records.periods)
    return render(
        request,
        "reconnect/dashboard.html",
        {
            "verdict": verdict,
            "support": _support(verdict),
            "summary": records.summary,
            "running": [p for p in progress if not p.complete],
            "areas": records.areas,
            "next_steps": verdict.next_steps,
            "mood": charts.mood_trend(
                records.summary.moods, today - dt.timedelta(days=MOOD_DAYS), today
            ),
            "timeline": charts.readiness_timeline(points),
            "on_this_day": on_this_day(request.user, today),
            "urges": urges.urge_summary(request.user, now),
        },
    )


class LogoutView(auth_views.LogoutView):
    """Django's logout, and a line on the next page saying it happened."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are logged out. Nothing you wrote can be seen from here."))
        return response


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        worker = worker_seen()
    except Exception:  # any database failure means "not healthy", never a 500 page
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    if not worker:
        return HttpResponse("no task worker seen\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def worker_seen() -> bool:
    """Whether a task worker has said it is alive lately (always, when tasks run in-process).

    Queued imports, photos and mail wait for a worker; without one the app only looks up.
    """
    if not uses_worker():
        return True
    since = timezone.now() - dt.timedelta(seconds=settings.WORKER_STALE_SECONDS)
    return WorkerHeartbeat.objects.filter(seen__gte=since).exists()


def uses_worker() -> bool:
    return settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


class LoginView(auth_views.LoginView):
    """Django's login page; for an account with two-factor sign-in, the code comes next."""

    authentication_form = LoginForm

    def form_valid(self, form: LoginForm) -> HttpResponse:
        user = form.get_user()
        if two_factor.is_on(user):
            two_factor.begin_sign_in(self.request, user, self.get_success_url())
            return redirect("two_factor_login")
        return super().form_valid(form)


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
        if two_factor.seconds_to_wait(request):
            outcome = two_factor.Check.TOO_SOON
        elif not two_factor.is_known_browser(request, user) and not limits.allow(
            "two-factor", str(user.pk), settings.TWO_FACTOR_CODES_PER_HOUR, dt.timedelta(hours=1)
        ):
            outcome = two_factor.Check.TOO_MANY
        else:
            outcome = two_factor.check_sign_in_code(user, form.cleaned_data["code"])
        if outcome is two_factor.Check.ACCEPTED:
            two_factor.end_sign_in(request)
            login(request, user)
            response = redirect(next_url or settings.LOGIN_REDIRECT_URL)
            two_factor.remember_browser(response, user)
            return response
        if outcome is two_factor.Check.WRONG:
            two_factor.note_wrong_code(request)
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                two_factor.end_sign_in(request)
                return get_lockout_response(request, None, credentials)
        form.add_error("code", _code_problem(outcome))
    return render(request, "registration/two_factor_login.html", {"form": form})


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
def two_factor_settings(request: HttpRequest) -> HttpResponse:
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
        if code_form.is_valid():
            outcome, codes = two_factor.confirm_setup(pending, code_form.cleaned_data["code"])
            if outcome is two_factor.Check.ACCEPTED:
                messages.success(request, _("Two-factor sign-in is on."))
                return render(request, "registration/two_factor_codes.html", {"codes": codes})
            code_form.add_error("code", _code_problem(outcome))
    elif action in ("off", "new_codes") and is_on:
        password_form = ConfirmPasswordForm(user, request.POST)
        if password_form.is_valid():
            if action == "new_codes":
                codes = two_factor.new_recovery_codes(user)
                messages.success(request, _("Your old recovery codes no longer work."))
                return render(request, "registration/two_factor_codes.html", {"codes": codes})
            two_factor.turn_off(user)
            messages.success(request, _("Two-factor sign-in is off. Your password alone signs in."))
            return redirect("two_factor")
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


# The web app manifest: so the app can be added to a phone's home screen

THEME_COLOUR = "#6f42c1"


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    icons = [
        {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
    ]
    data = {
        "name": "Reconnect",
        "short_name": "Reconnect",
        "description": _("A private journal and guide for after a breakup."),
        "start_url": reverse("dashboard"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": icons,
        "shortcuts": [
            {
                "name": _("I want to contact them"),
                "short_name": _("Urge to contact"),
                "url": reverse("urges:new"),
                "icons": icons[:1],
            }
        ],
    }
    return JsonResponse(
        data,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
