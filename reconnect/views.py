from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from advice.models import SUPPORT_FOR_STOP, SupportLine, support_lines
from journal import charts, throttle
from journal.auth import AuthenticatedHttpRequest
from journal.forms import suggested_length
from journal.models import ReadinessSnapshot, Situation
from journal.readiness.facts import assess, record_readiness
from journal.readiness.forms import SituationForm
from journal.readiness.rules import StopKind, Verdict
from journal.recall import on_this_day
from journal.stats import MOOD_DAYS
from journal.urges import patterns as urge_patterns
from journal.waiting import suggest_waiting_days

from . import steps, two_factor
from .clients import client_address
from .context_processors import NEUTRAL_NAME
from .forms import (
    ChangePasswordForm,
    CodeForm,
    ConfirmPasswordForm,
    DeleteAccountForm,
    LoginForm,
    NewPasswordForm,
    ProfileForm,
    ResetRequestForm,
    SignupForm,
)
from .lockout import forget_failures, tries_left
from .mail import mail_is_set_up
from .models import User, WorkerHeartbeat, new_calendar_token


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


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A short welcome after signing up: what is here, and where to begin."""
    suggestion = suggested_length(request.user)
    return render(
        request,
        "reconnect/start.html",
        {"steps": steps.first_steps(suggestion), "suggestion": suggestion},
    )


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        # Say so in the language just chosen, as the next page will be.
        translation.activate(
            request.user.language or translation.get_language_from_request(request)
        )
        messages.success(request, _("Your settings are saved."))
        return redirect("profile")
    feed = reverse("journal:calendar_feed", args=[request.user.calendar_token])
    return render(
        request,
        "registration/profile.html",
        {"form": form, "calendar_url": request.build_absolute_uri(feed)},
    )


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
def delete_account(request: AuthenticatedHttpRequest) -> HttpResponse:
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

    form_class = ResetRequestForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not mail_is_set_up():
            return render(request, "registration/password_reset_no_mail.html")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: ResetRequestForm) -> HttpResponse:
        address = form.cleaned_data["email"].strip().lower()
        per_client = throttle.allow(
            "reset-client",
            client_address(self.request),
            settings.RESET_MAILS_PER_CLIENT_PER_HOUR,
            RESET_WINDOW,
        )
        if per_client and throttle.allow(
            "reset-address", address, settings.RESET_MAILS_PER_ADDRESS_PER_HOUR, RESET_WINDOW
        ):
            return super().form_valid(form)
        return redirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's set-a-new-password page; a reset also lifts the account's login lockout."""

    form_class = NewPasswordForm

    def form_valid(self, form: SetPasswordForm[User]) -> HttpResponse:
        response = super().form_valid(form)
        forget_failures(self.user.get_username())
        return response


TIMELINE_POINTS = 60
# The session key of the quiet "Saved." after the readiness answers are sent.
ANSWERS_SAVED = "readiness_answers_saved"


class Support(TypedDict):
    """The help that fits one hard stop, and the lines listed for it."""

    stop: StopKind
    kind: SupportLine.Kind
    lines: list[SupportLine]
    reasons: list[str]


def _support(verdict: Verdict) -> list[Support]:
    """The support that fits each kind of hard stop, with the lines configured for it.

    One query, and only under a hard stop.
    """
    if not verdict.kinds:
        return []
    lines = support_lines([SUPPORT_FOR_STOP[kind] for kind in verdict.kinds])
    return [
        {
            "stop": kind,
            "kind": SUPPORT_FOR_STOP[kind],
            "lines": lines[SUPPORT_FOR_STOP[kind]],
            "reasons": [stop.reason for stop in verdict.stops if stop.kind == kind],
        }
        for kind in verdict.kinds
    ]


@login_required
def readiness(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = None
    if request.method == "POST":
        situation = Situation.objects.filter(user=request.user).first()
        form = SituationForm(request.POST, instance=situation, user=request.user)
        if form.is_valid():
            form.save()
            record_readiness(request.user)
            # Said quietly beside the verdict, never as a banner above a hard stop.
            request.session[ANSWERS_SAVED] = True
            return redirect(f"{reverse('readiness')}#verdict")
    verdict, records = assess(request.user, timezone.now())
    support = _support(verdict)
    return render(
        request,
        "reconnect/readiness.html",
        {
            # Answers sent with a mistake are shown as sent; otherwise the saved ones.
            "form": form or SituationForm(instance=records.situation, user=request.user),
            "verdict": verdict,
            "support": support,
            "quick_exit_here": bool(support),
            "saved": request.session.pop(ANSWERS_SAVED, False),
            "you": [c for c in verdict.conditions if c.side == "you"],
            "them": [c for c in verdict.conditions if c.side == "them"],
        },
    )


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    now = timezone.now()
    tz = request.user.tzinfo
    verdict, records = assess(request.user, now)
    today = records.summary.today
    snapshots = ReadinessSnapshot.objects.filter(user=request.user).order_by("-at")
    points = [(s.at, s.met, s.total, s.state) for s in reversed(snapshots[:TIMELINE_POINTS])]
    points.append((now, verdict.met, verdict.total, verdict.state))
    progress = (period.progress(now, tz, period.reset_count) for period in records.periods)
    begun = bool(records.periods or records.areas or records.situation)
    first_run = steps.is_first_run(verdict, records.summary, begun)
    urges = urge_patterns.urge_summary(request.user, now)
    if urges.rested:
        # The dashboard says once that a draft has rested; the drafts page keeps asking.
        urge_patterns.tell_rested(request.user, now)
    support = _support(verdict)
    return render(
        request,
        "reconnect/dashboard.html",
        {
            "verdict": verdict,
            "support": support,
            "quick_exit_here": bool(support),
            "summary": records.summary,
            "running": [p for p in progress if not p.complete],
            "areas": records.areas,
            "first_run": first_run,
            "steps": (
                steps.first_steps(suggest_waiting_days(None, None, today))
                if first_run
                else steps.next_steps(verdict)
            ),
            "mood": charts.mood_trend(
                records.summary.moods, today - dt.timedelta(days=MOOD_DAYS), today
            ),
            "timeline": charts.readiness_timeline(points),
            "on_this_day": on_this_day(request.user, today),
            "urges": urges,
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
    return bool(settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's change-your-password page, in our words."""

    form_class = ChangePasswordForm


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
        elif not two_factor.is_known_browser(request, user) and not throttle.allow(
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

THEME_COLOUR = "#9c4527"  # the accent, --rc-accent in static/css/site.css
BACKGROUND_COLOUR = "#f8f4ee"  # the page, --rc-canvas


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The app as a phone installs it; in discreet mode ("Notes") nothing names it.

    A browser fetches the manifest without cookies, so discreet pages link `?discreet=1`.
    """
    discreet = request.GET.get("discreet") == "1" or bool(
        request.user.is_authenticated and request.user.discreet
    )
    icon = "img/notes-icon" if discreet else "img/icon"
    icons = [
        {"src": static(f"{icon}-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static(f"{icon}-512.png"), "sizes": "512x512", "type": "image/png"},
        {"src": static(f"{icon}.svg"), "sizes": "any", "type": "image/svg+xml"},
    ]
    name = str(NEUTRAL_NAME) if discreet else "Reconnect"
    data = {
        "name": name,
        "short_name": name,
        "description": _("Notes to yourself.")
        if discreet
        else _("A private journal and guide for after a breakup."),
        "start_url": reverse("dashboard"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": icons,
        "shortcuts": [
            {
                "name": _("A new note") if discreet else _("I want to contact them"),
                "short_name": _("New note") if discreet else _("Urge to contact"),
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
