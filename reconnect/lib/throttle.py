"""How often someone may ask for something: one token bucket per kind of ask and asker.

A bucket holds up to `limit` tokens and refills evenly over `per`; each ask takes one, and
an ask that finds less than one token is refused. Sign-ups per client, reset mails per
address and per client, the friend's mail per person and two-factor codes all go through
`allow`.

healthchecks' `TokenBucket` is the model, with its race closed: the row is made with an
INSERT that ignores a conflict, then read with SELECT ... FOR UPDATE inside the
transaction that writes it back, so concurrent asks queue on the row (PostgreSQL) or on
the write lock taken at BEGIN (SQLite, transaction_mode IMMEDIATE) and never both spend
the last token. The asker (an address, an email) is stored only as a keyed hash.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import RateLimit

# Buckets untouched for this long are full again and are deleted as they are found.
FORGET_AFTER = dt.timedelta(days=1)


def bucket_key(kind: str, asker: str) -> str:
    """The stored name of a bucket: a keyed hash, so no address or email is kept."""
    return salted_hmac("reconnect.limits", f"{kind}\x00{asker}").hexdigest()


def allow(kind: str, asker: str, limit: int, per: dt.timedelta) -> bool:
    """Take one token from `asker`'s bucket for `kind`; False (taking nothing) when empty."""
    key = bucket_key(kind, asker)
    now = timezone.now()
    refill = limit / per.total_seconds()  # tokens a second
    with transaction.atomic():
        RateLimit.objects.bulk_create(
            [RateLimit(key=key, tokens=limit, updated=now)], ignore_conflicts=True
        )
        bucket = RateLimit.objects.select_for_update().get(key=key)
        # Another ask may have written a moment later than `now` was read: never negative.
        elapsed = max(0.0, (now - bucket.updated).total_seconds())
        tokens = min(float(limit), bucket.tokens + elapsed * refill)
        allowed = tokens >= 1
        if allowed:
            tokens -= 1
        RateLimit.objects.filter(pk=bucket.pk).update(
            tokens=tokens, updated=max(now, bucket.updated)
        )
    RateLimit.objects.filter(updated__lt=now - FORGET_AFTER).delete()
    return allowed
