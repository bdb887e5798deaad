"""The one table the shared code keeps: token buckets for repeated asks (throttle.py)."""

from __future__ import annotations

from django.db import models


class RateLimit(models.Model):
    """A token bucket for one kind of ask by one asker, named by a keyed hash only."""

    key = models.CharField(max_length=64, unique=True)
    tokens = models.FloatField()
    updated = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "journal_ratelimit"  # made when it belonged to the journal

    def __str__(self) -> str:
        return f"Limit {self.key[:8]}"
