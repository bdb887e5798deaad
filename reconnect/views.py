from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt, AccessFailureLog
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from journal import charts, urges
from journal.facts import assess, record_readiness
from journal.models import ReadinessSnapshot, Situation
from journal.stats import MOOD_DAYS

from .forms import DeleteAccountForm, ProfileForm, SignupForm, SituationForm
from .models import new_calendar_token


def welcome(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "reconnect/welcome.html")


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST if request.method == "POST" else None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    if request.method == "POST" and form.is_valid():
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
        # Every record of the user's points at the user with on_delete=CASCADE; failed
        # login attempts are kept by username, so they go by hand.
        AccessAttempt.objects.filter(username=user.get_username()).delete()
        AccessFailureLog.objects.filter(username=user.get_username()).delete()
        user.delete()
        messages.success(request, _("Your account and everything in it have been deleted."))
        return redirect("welcome")
    return render(request, "registration/delete_account.html", {"form": form})


TIMELINE_POINTS = 60


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
            "summary": records.summary,
            "running": [p for p in progress if not p.complete],
            "areas": records.areas,
            "next_steps": verdict.missing[:3],
            "mood": charts.mood_trend(
                records.summary.moods, today - dt.timedelta(days=MOOD_DAYS), today
            ),
            "timeline": charts.readiness_timeline(points),
            "urges": urges.urge_summary(request.user, now),
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
