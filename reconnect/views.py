from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from journal import charts
from journal.models import ReadinessSnapshot, Situation
from journal.stats import MOOD_DAYS, from_journal

from .clients import client_address
from .facts import assess
from .forms import DeleteAccountForm, ProfileForm, SignupForm, SituationForm
from .fragments import digest, form_digest
from .lockout import forget_failures
from .mail import mail_is_set_up
from .models import Signup, new_calendar_token


def welcome(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "reconnect/welcome.html")


def _signups_from(request: HttpRequest) -> tuple[str, int]:
    """A keyed hash of the request's address, and how many accounts it made in the last hour.

    Only the hash is stored, and only for an hour: enough to count, nothing to trace.
    """
    address = salted_hmac("reconnect.signup", client_address(request)).hexdigest()
    Signup.objects.filter(at__lt=timezone.now() - dt.timedelta(hours=1)).delete()
    return address, Signup.objects.filter(address_hash=address).count()


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST if request.method == "POST" else None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    if request.method == "POST":
        address, recent = _signups_from(request)
        if recent >= settings.SIGNUP_LIMIT_PER_HOUR:
            return render(request, "registration/signup_paused.html", status=429)
        if form.is_valid():
            user = form.save()
            Signup.objects.create(address_hash=address)
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
    """Django's reset page, which says so plainly when this server cannot send mail."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not mail_is_set_up():
            return render(request, "registration/password_reset_no_mail.html")
        return super().dispatch(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's set-a-new-password page; a reset also lifts the account's login lockout."""

    def form_valid(self, form):
        response = super().form_valid(form)
        forget_failures(self.user.get_username())
        return response


TIMELINE_POINTS = 60


@login_required
def readiness(request: HttpRequest) -> HttpResponse:
    sent = None
    if request.method == "POST":
        situation = Situation.objects.filter(user=request.user).first()
        sent = SituationForm(request.POST, instance=situation, user=request.user)
        if sent.is_valid():
            sent.save()
            messages.success(request, _("Your answers are saved. Here is where things stand."))
            return redirect(f"{reverse('readiness')}#verdict")
    verdict, records = assess(request.user, timezone.now())
    # Answers sent with a mistake are shown as sent; otherwise the saved answers, whose
    # HTML is cached, so that form is only built when its HTML is not.
    saved_form = SimpleLazyObject(
        lambda: SituationForm(instance=records.situation, user=request.user)
    )
    return render(
        request,
        "reconnect/readiness.html",
        {
            "form": sent if sent is not None else saved_form,
            "form_digest": None
            if sent is not None
            else form_digest(SituationForm, records.situation),
            "verdict": verdict,
            "verdict_digest": digest(verdict),
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
    snapshots = from_journal(
        request.user,
        today,
        "timeline",
        lambda: list(
            ReadinessSnapshot.objects.filter(user=request.user).order_by("-at")[:TIMELINE_POINTS]
        ),
    )
    points = [(s.at, s.met, s.total, s.state) for s in reversed(snapshots)]
    points.append((now, verdict.met, verdict.total, verdict.state))
    mood_since = today - dt.timedelta(days=MOOD_DAYS)
    progress = (period.progress(now, tz, period.reset_count) for period in records.periods)
    running = [p for p in progress if not p.complete]
    return render(
        request,
        "reconnect/dashboard.html",
        {
            "verdict": verdict,
            "verdict_digest": digest(verdict),
            "summary": records.summary,
            "running": running,
            "running_digest": digest([p.shown() for p in running]),
            "areas": records.areas,
            "next_steps": verdict.missing[:3],
            # Shown only inside the journal column, whose HTML is cached with the journal.
            "mood": SimpleLazyObject(
                lambda: charts.mood_trend(records.summary.moods, mood_since, today)
            ),
            "timeline": charts.readiness_timeline(points),
        },
    )


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy", never a 500 page
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
