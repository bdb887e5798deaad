"""Whether the app is serving right now, for commands that must not run while it is.

Two signs, either one enough: a task worker has written its heartbeat lately (every
`make run`, `make serve` and the worker's systemd unit runs one), or the pid file that
gunicorn writes under `make serve` (`--pid`, settings.GUNICORN_PID_FILE) names a process
that is alive. A worker stopped cleanly deletes its heartbeat; one that was killed stops
beating and counts as gone after WORKER_STALE_SECONDS.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from .models import WorkerHeartbeat


def _live_pid(path: Path) -> int | None:
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:  # alive, and someone else's
        return pid
    return pid


def serving_problem() -> str:
    """Why the app looks as if it is serving, in a sentence; "" when it looks stopped."""
    since = timezone.now() - dt.timedelta(seconds=settings.WORKER_STALE_SECONDS)
    try:
        seen = WorkerHeartbeat.objects.filter(seen__gte=since).order_by("-seen").first()
    except DatabaseError:  # no table yet: nothing has ever served from this database
        seen = None
    if seen is not None:
        ago = int((timezone.now() - seen.seen).total_seconds())
        return (
            f"A task worker was seen {ago} s ago, so the app is running. Stop the web server "
            "and the worker (Ctrl-C on make serve, or stop both systemd units) and try again."
        )
    pid = _live_pid(Path(settings.GUNICORN_PID_FILE))
    if pid is not None:
        return (
            f"gunicorn is running (pid {pid}, from {settings.GUNICORN_PID_FILE}). Stop the web "
            "server and the worker and try again."
        )
    return ""
