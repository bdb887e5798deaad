"""Health: whether this web process can serve, and whether a task worker is alive."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import WorkerHeartbeat


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
