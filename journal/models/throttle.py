"""Token buckets for repeated asks: sign-ups, reset mails, the friend's mail, codes."""

from __future__ import annotations

from django.db import models


class RateLimit(models.Model):
    """A token bucket for one kind of ask by one asker (journal.throttle), by keyed hash only."""

    key = models.CharField(max_length=64, unique=True)
    tokens = models.FloatField()
    updated = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Limit {self.key[:8]}"
