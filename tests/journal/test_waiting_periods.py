"""Waiting periods as units: ends, progress and history, across time zones and DST."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from journal.models import Reset, WaitingPeriod, local_midnight

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
UTC = zoneinfo.ZoneInfo("UTC")


def period_from(day: dt.date, days: int, tz: zoneinfo.ZoneInfo) -> WaitingPeriod:
    started_at = local_midnight(day, tz).astimezone(UTC)  # as the database gives it back
    return WaitingPeriod(label="p", start=day, days=days, started_at=started_at)


def broken(period: WaitingPeriod, at: dt.datetime, tz: zoneinfo.ZoneInfo) -> Reset:
    """The reset `period.reset` would store at `at`, unsaved."""
    run_days = period.run_days_at(at, tz)
    return Reset(run_started_at=period.started_at, at=at, note="texted", run_days=run_days)


def test_it_ends_at_local_midnight_across_the_march_dst_change():
    # 2027-03-14 is when New York moves its clocks forward: that day is 23 hours long.
    period = period_from(dt.date(2027, 3, 1), 30, NEW_YORK)
    ends = period.ends_at(NEW_YORK)
    assert ends == dt.datetime(2027, 3, 31, 0, 0, tzinfo=NEW_YORK)
    assert ends.astimezone(UTC) == dt.datetime(2027, 3, 31, 4, 0, tzinfo=UTC)
    # Adding 30 × 24 hours would have ended an hour late, at 01:00 local time.
    assert period.started_at + dt.timedelta(hours=30 * 24) != ends


def test_it_ends_at_local_midnight_across_the_november_change():
    period = period_from(dt.date(2026, 10, 20), 30, NEW_YORK)
    assert period.ends_at(NEW_YORK) == dt.datetime(2026, 11, 19, 0, 0, tzinfo=NEW_YORK)


def test_progress_on_the_last_day_and_after():
    period = period_from(dt.date(2027, 3, 1), 30, NEW_YORK)
    last_evening = dt.datetime(2027, 3, 30, 23, 30, tzinfo=NEW_YORK)
    progress = period.progress(last_evening, NEW_YORK)
    assert (progress.complete, progress.days_left, progress.days_elapsed) == (False, 1, 29)
    assert progress.percent == 99
    at_end = period.progress(dt.datetime(2027, 3, 31, 0, 0, tzinfo=NEW_YORK), NEW_YORK)
    assert (at_end.complete, at_end.days_left, at_end.percent) == (True, 0, 100)


def test_progress_before_the_start_is_zero():
    period = period_from(dt.date(2026, 11, 10), 14, UTC)
    progress = period.progress(dt.datetime(2026, 11, 9, tzinfo=UTC), UTC)
    assert progress.percent == 0
    assert not progress.complete


def test_history_counts_runs_broken_and_current():
    period = period_from(dt.date(2026, 10, 1), 30, UTC)
    broken_at = dt.datetime(2026, 10, 11, 12, tzinfo=UTC)  # 10.5 days into the first run
    resets = [broken(period, broken_at, UTC)]
    period.started_at = broken_at
    now = dt.datetime(2026, 10, 15, 12, tzinfo=UTC)  # 4 days into the second run
    history = period.history(resets, now, UTC)
    assert (history.reset_count, history.longest_clean_days, history.total_kept_days) == (1, 10, 14)


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/Berlin", "UTC"])
@pytest.mark.parametrize("days", [30, 60])
def test_days_across_a_clock_change_are_local_calendar_days(zone, days):
    # March 2025 moves the clocks forward in New York (9th) and Berlin (30th): a day of
    # 23 hours still counts as a day, for kept, the longest run and in all alike.
    tz = zoneinfo.ZoneInfo(zone)
    period = period_from(dt.date(2025, 3, 1), days, tz)
    after = dt.datetime(2025, 6, 1, 12, tzinfo=tz)
    progress = period.progress(after, tz)
    history = period.history([], after, tz)
    assert progress.complete and progress.days_left == 0
    assert (progress.days_elapsed, history.longest_clean_days, history.total_kept_days) == (
        days,
        days,
        days,
    )


def test_a_broken_run_across_the_clock_change_counts_local_days():
    period = period_from(dt.date(2025, 3, 1), 60, NEW_YORK)
    broken_at = dt.datetime(2025, 3, 20, 0, 0, tzinfo=NEW_YORK)  # 19 local days, 455 hours
    resets = [broken(period, broken_at, NEW_YORK)]
    period.started_at = broken_at
    history = period.history(resets, dt.datetime(2025, 3, 25, 0, 0, tzinfo=NEW_YORK), NEW_YORK)
    assert (history.longest_clean_days, history.total_kept_days) == (19, 24)
