"""Health: /healthz for load balancers (this web process and its database), and
/healthz/worker for monitoring (whether a task worker is alive)."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .workers import worker_seen


def _plain(text: str, status: int = 200) -> HttpResponse:
    return HttpResponse(f"{text}\n", status=status, content_type="text/plain")


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 while this process can serve: its database answers. A stuck worker must not take
    every web server out of a load balancer, so the worker is not asked here."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy", never a 500 page
        return _plain("database unavailable", 503)
    return _plain("ok")


@require_GET
@never_cache
def worker(request: HttpRequest) -> HttpResponse:
    """200 when a task worker has been seen lately (or tasks need none), 503 otherwise."""
    try:
        seen = worker_seen()
    except Exception:
        return _plain("database unavailable", 503)
    return _plain("ok") if seen else _plain("no task worker seen", 503)
