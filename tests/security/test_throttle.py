"""The one rate-limit mechanism: a token bucket per kind and asker, refilled evenly."""

from __future__ import annotations

import datetime as dt

import time_machine

from reconnect.lib import throttle
from reconnect.lib.models import RateLimit

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


def test_it_allows_the_limit_then_refills_evenly(db):
    with time_machine.travel(NOW, tick=False) as clock:
        assert [throttle.allow("k", "a", 3, HOUR) for _ in range(4)] == [True, True, True, False]
        clock.shift(dt.timedelta(minutes=19))
        assert not throttle.allow("k", "a", 3, HOUR)  # not yet a whole token back
        clock.shift(dt.timedelta(minutes=1))
        assert throttle.allow("k", "a", 3, HOUR)
        assert not throttle.allow("k", "a", 3, HOUR)
        clock.shift(dt.timedelta(hours=5))
        assert [throttle.allow("k", "a", 3, HOUR) for _ in range(4)] == [True, True, True, False]


def test_kinds_and_askers_are_separate_and_stored_only_as_hashes(db):
    assert throttle.allow("signup", "203.0.113.9", 1, HOUR)
    assert not throttle.allow("signup", "203.0.113.9", 1, HOUR)
    assert throttle.allow("signup", "203.0.113.10", 1, HOUR)
    assert throttle.allow("reset-address", "203.0.113.9", 1, HOUR)
    keys = list(RateLimit.objects.values_list("key", flat=True))
    assert len(keys) == 3 and not any("203.0.113" in key for key in keys)


def test_buckets_untouched_for_a_day_are_forgotten(db):
    with time_machine.travel(NOW, tick=False) as clock:
        throttle.allow("k", "old", 1, HOUR)
        clock.shift(dt.timedelta(days=1, minutes=1))
        throttle.allow("k", "new", 1, HOUR)
    assert RateLimit.objects.count() == 1
