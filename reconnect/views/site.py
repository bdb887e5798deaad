"""The welcome page, the health check and the web app manifest."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..context_processors import NEUTRAL_NAME
from ..models import WorkerHeartbeat


def welcome(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "reconnect/welcome.html")


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
