"""The home: the welcome for visitors, the dashboard that gathers every part, the first
steps after signing up, and the web app manifest."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from journal import charts
from journal.auth import AuthenticatedHttpRequest
from journal.forms import MOOD_WORDS, suggested_length
from journal.models import quick_tags_today
from journal.readiness import steps
from journal.readiness.facts import assess
from journal.readiness.views import support_for, timeline_points
from journal.recall import on_this_day
from journal.stats import MOOD_DAYS, journal_summary
from journal.urges import helped
from journal.urges import patterns as urge_patterns
from journal.waiting import suggest_waiting_days
from reconnect.accounts.forms import readable_zone
from reconnect.lib.context_processors import NEUTRAL_NAME


def welcome(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "home/welcome.html")


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    now = timezone.now()
    tz = request.user.tzinfo
    today = now.astimezone(tz).date()
    summary = journal_summary(request.user.pk, today)
    # The summary's year of days holds the growth window: no second look at the entries.
    verdict, records = assess(request.user, now, summary.days)
    points = timeline_points(request.user.pk)
    points.append((now, verdict.met, verdict.total, verdict.state))
    progress = (period.progress(now, tz) for period in records.periods)
    begun = bool(records.periods or records.changes or records.answers)
    first_run = steps.is_first_run(verdict, summary, begun)
    urges = urge_patterns.urge_summary(request.user, now)
    if urges.rested:
        # The dashboard says once that a draft has rested; the drafts page keeps asking.
        urge_patterns.tell_rested(request.user, now)
    support = support_for(verdict)
    return render(
        request,
        "home/dashboard.html",
        {
            "verdict": verdict,
            "support": support,
            "quick_exit_here": bool(support),
            "summary": summary,
            "running": [p for p in progress if not p.complete],
            "changes": records.changes,
            "first_run": first_run,
            "steps": (
                steps.first_steps(suggest_waiting_days(None, None, today))
                if first_run
                else steps.next_steps(verdict)
            ),
            "mood": charts.mood_trend(summary.moods, today - dt.timedelta(days=MOOD_DAYS), today),
            # One point is no line yet: the page says so rather than fill a card with a dot.
            "timeline": charts.readiness_timeline(points) if len(points) > 1 else None,
            "timeline_points": len(points),
            "on_this_day": on_this_day(request.user, today),
            "urges": urges,
            "what_helped": helped.home_question(request.user, urges.ask_helped),
            "faces": faces(),
            "tapped": summary.tapped,
            "quick_tags": quick_tags_today(request.user, today),
        },
    )


def faces() -> list[tuple[int, str, str]]:
    """The five faces on the home: (mood, its word, what a screen reader says)."""
    return [
        (mood, str(word), _("Mood: %(n)d of 5, %(word)s") % {"n": mood, "word": str(word).lower()})
        for mood, word in MOOD_WORDS.items()
    ]


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A short welcome after signing up: what is here, and where to begin."""
    suggestion = suggested_length(request.user)
    return render(
        request,
        "home/start.html",
        {
            "steps": steps.first_steps(suggestion),
            "suggestion": suggestion,
            "zone": readable_zone(request.user.timezone, get_language()),
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
