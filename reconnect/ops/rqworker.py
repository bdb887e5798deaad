"""RQ's worker for Django's tasks (DJANGO_TASKS_BACKEND=rq), as `manage.py rqworker` runs it.

Three things beyond RQ's own Worker:

- It writes the same heartbeat as db_worker (reconnect.ops.management.commands.db_worker),
  so /healthz and `restore` know a worker is alive under RQ too.
- A job whose worker died is run again by another. RQ keeps each running job in the queue's
  StartedJobRegistry for as long as its worker says it is alive (every
  `job_monitoring_interval`); a worker's maintenance (every `maintenance_interval`) finds
  the entries whose worker stopped saying so, calls the exception handlers with
  AbandonedJobError, and then retries the job if it has retries left, or else moves it to
  the FailedJobRegistry. `requeue_abandoned` gives such a job a retry, at most
  MAX_REQUEUES times (a job that kills every worker that runs it must end somewhere), and
  never a job that failed by raising: that one stays failed. Our tasks can run again
  after a death: an import saves all its entries in one transaction and skips those it
  has, and a photo is only written over while it is still being prepared.
- The work horse (the process RQ forks for each job) dies with its worker. Without that, a
  worker killed with SIGKILL leaves its horse running the job, unwatched, while another
  worker runs the same job again.

settings.RQ_ABANDONED_SECONDS sets how long a silent worker's job waits before it is taken
as abandoned; the worker beats three times within it and looks for abandoned jobs as often.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
from types import TracebackType
from typing import Any

import rq
from django.conf import settings
from rq.exceptions import AbandonedJobError
from rq.job import Job
from rq.queue import Queue

from reconnect.ops.management.commands.db_worker import Heartbeat

logger = logging.getLogger(__name__)

MAX_REQUEUES = 2
PR_SET_PDEATHSIG = 1


def requeue_abandoned(
    job: Job,
    exc_type: type[BaseException],
    exc_value: BaseException,
    traceback: TracebackType | None,
) -> bool:
    """An exception handler: give a job whose worker died a retry, so it is queued again."""
    if not issubclass(exc_type, AbandonedJobError):
        return True
    requeues = int(job.meta.get("reconnect_requeues", 0))
    if requeues >= MAX_REQUEUES:
        logger.error("Job %s was abandoned %d times; leaving it failed.", job.id, requeues + 1)
        return True
    job.meta["reconnect_requeues"] = requeues + 1
    job.save_meta()  # type: ignore[no-untyped-call]
    job.retries_left = max(job.retries_left or 0, 1)
    job.retry_intervals = [0]
    logger.warning("Job %s was abandoned by a worker that died; queueing it again.", job.id)
    return True


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (elsewhere: nothing)."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


class Worker(rq.Worker):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        abandoned = settings.RQ_ABANDONED_SECONDS
        kwargs.setdefault("job_monitoring_interval", max(1, abandoned // 3))
        kwargs.setdefault("maintenance_interval", abandoned)
        super().__init__(*args, **kwargs)
        self.push_exc_handler(requeue_abandoned)  # type: ignore[no-untyped-call]

    @property
    def dequeue_timeout(self) -> int:
        # An idle worker wakes up to look for abandoned jobs, rather than after RQ's 405 s.
        return max(1, min(super().dequeue_timeout, self.maintenance_interval))

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        # RQ's own is the monitoring interval and a fixed 60 s.
        return int(settings.RQ_ABANDONED_SECONDS)

    def work(self, *args: Any, **kwargs: Any) -> bool:
        heartbeat = Heartbeat(self.name)
        heartbeat.beat()  # seen at once, as db_worker is; then every few seconds
        heartbeat.start()
        try:
            return bool(super().work(*args, **kwargs))
        finally:
            heartbeat.stopping.set()
            heartbeat.join(timeout=5)

    def main_work_horse(self, job: Job, queue: Queue) -> None:
        die_with_parent()
        super().main_work_horse(job, queue)
