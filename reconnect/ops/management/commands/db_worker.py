"""django-tasks-db's worker, which also says it is alive (/healthz/worker reads it) and
puts back the tasks of workers that died (reconnect/ops/workers.py).

The heartbeat is written every WORKER_HEARTBEAT_SECONDS from a thread of its own, so a
long task (a large import) does not make the worker look dead. The row goes when the
worker stops cleanly; a worker that is killed simply stops beating, and the next beat of
any live worker, once it is stale, puts its task back in the queue.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from reconnect.ops.models import WorkerHeartbeat
from reconnect.ops.workers import prune_finished, requeue_abandoned

logger = logging.getLogger(__name__)


class Heartbeat(threading.Thread):
    def __init__(self, worker_id: str) -> None:
        super().__init__(name="heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()

    def beat(self, first: bool = False) -> None:
        try:
            WorkerHeartbeat.objects.update_or_create(
                worker_id=self.worker_id, defaults={"seen": timezone.now()}
            )
            # On the first beat, what an earlier run under this id had claimed is ours to
            # take back: that run is over, whatever its heartbeat still says.
            requeue_abandoned(own_id=self.worker_id if first else "")
            prune_finished()
        except DatabaseError:  # a busy database: the next beat tries again
            logger.warning("The worker's heartbeat could not be written; trying again.")

    def run(self) -> None:
        try:
            while not self.stopping.wait(settings.WORKER_HEARTBEAT_SECONDS):
                self.beat()
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            pass
        finally:
            connection.close()


class Command(db_worker.Command):
    help = "Run the task worker (imports, photos, mail), saying every few seconds it is alive"

    def handle(self, *args: Any, **options: Any) -> None:
        # With --reload, the outer process only restarts the inner one: only the inner beats.
        if options["reload"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            return super().handle(*args, **options)
        heartbeat = Heartbeat(options["worker_id"])
        # The first beat before any task is claimed: taking back this id's old tasks then
        # cannot take one this run has just begun.
        heartbeat.beat(first=True)
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stopping.set()
            heartbeat.join(timeout=5)
