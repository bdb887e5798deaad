"""What operations keep in the database: which task workers are alive."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """A running task worker (`manage.py db_worker`) says it is alive every few seconds."""

    worker_id = models.CharField(max_length=64, unique=True)
    seen = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "reconnect_workerheartbeat"  # made when it belonged to the accounts app

    def __str__(self) -> str:
        return f"Worker {self.worker_id[:8]} seen {self.seen:%H:%M:%S}"
