"""Task workers: whether one is alive, and putting back the work of one that died.

A worker writes a heartbeat every WORKER_HEARTBEAT_SECONDS (management/commands/db_worker.py);
one unheard for WORKER_STALE_SECONDS is taken for dead. A task it had claimed stays
"running" in the queue's table for ever unless someone puts it back: every live worker
looks on each beat, and a starting worker also takes back what an earlier run under its own
id had claimed. Tasks here are safe to run twice (an import is all or nothing and skips the
entries it already holds; a photo is processed again; a mail may be sent twice, which is
better than never).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def uses_worker() -> bool:
    """Whether tasks wait for a worker of ours (the database queue), rather than running
    in the request or under another engine's own workers."""
    return bool(settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend")


def _fresh_since() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.WORKER_STALE_SECONDS)


def worker_seen() -> bool:
    """Whether a task worker has said it is alive lately (always, when tasks need none)."""
    if not uses_worker():
        return True
    return WorkerHeartbeat.objects.filter(seen__gte=_fresh_since()).exists()


# How long a finished task's row is kept: long enough to look at a failure, short enough
# that the table is not a history of who was mailed when.
FINISHED_KEPT = dt.timedelta(hours=1)


def prune_finished() -> int:
    """Delete the rows of tasks that ended over FINISHED_KEPT ago."""
    ended = (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)
    since = timezone.now() - FINISHED_KEPT
    deleted, _ = DBTaskResult.objects.filter(status__in=ended, finished_at__lt=since).delete()
    return deleted


def requeue_abandoned(own_id: str = "") -> int:
    """Put back in the queue every running task whose worker is no longer heard from, and,
    given a starting worker's id, those an earlier run under that id had claimed."""
    alive = set(
        WorkerHeartbeat.objects.filter(seen__gte=_fresh_since())
        .exclude(worker_id=own_id)
        .values_list("worker_id", flat=True)
    )
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    abandoned = [
        pk
        for pk, workers in running.values_list("pk", "worker_ids")
        if not workers or workers[-1] not in alive
    ]
    if not abandoned:
        return 0
    # Only if still running as read: a worker may have finished one in between.
    count = DBTaskResult.objects.filter(
        Q(pk__in=abandoned), status=TaskResultStatus.RUNNING
    ).update(status=TaskResultStatus.READY, started_at=None)
    if count:
        logger.warning("Put %s task(s) back in the queue: their worker stopped answering.", count)
    return count
