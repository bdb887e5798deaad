"""Journal numbers shared by the journal list, the dashboard and the readiness facts.

Everything comes from two grouped queries, whatever the size of the journal: entries per
day over all time (a few thousand rows at most: one per day with an entry) and the
moods of the last 90 days; and those are cached until the journal changes, as is
everything else the pages draw from the journal alone (`from_journal`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Avg, Count
from django.utils.translation import get_language

from reconnect.models import User

from .models import Entry, WaitingPeriod

YEAR_DAYS = 371  # 53 whole weeks: what the calendar heat map shows
MOOD_DAYS = 90  # what the dashboard's mood trend shows
SUMMARY_CACHE_SECONDS = 24 * 60 * 60

T = TypeVar("T")


def week_start(day: dt.date) -> dt.date:
    """The Monday of the ISO week `day` falls in."""
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class Streaks:
    current: int
    best: int


def weekly_streaks(weeks: Iterable[dt.date], today: dt.date) -> Streaks:
    """Runs of consecutive weeks (Mondays) with at least one entry.

    The current streak still counts when this week has no entry yet, as long as last
    week had one: the week is not over.
    """
    active = sorted(set(weeks))
    best = run = 0
    previous: dt.date | None = None
    for monday in active:
        run = run + 1 if previous and monday - previous == dt.timedelta(weeks=1) else 1
        best = max(best, run)
        previous = monday
    this_week = week_start(today)
    current = run if previous in (this_week, this_week - dt.timedelta(weeks=1)) else 0
    return Streaks(current=current, best=best)


def day_counts(user_id: int) -> dict[dt.date, int]:
    """Entries per day over all time, in one query.

    Grouping by the plain date column stays on the (user, day) index; weeks are counted
    in Python from these rows, which is much cheaper than truncating dates in SQL.
    """
    rows = (
        Entry.objects.filter(user_id=user_id).values_list("day").annotate(n=Count("pk")).order_by()
    )
    return dict(rows)


def daily_moods(user_id: int, first: dt.date, last: dt.date) -> dict[dt.date, float]:
    """The average mood of each day from `first` to `last` where one was noted (one query)."""
    rows = (
        Entry.objects.filter(user_id=user_id, day__range=(first, last), mood__isnull=False)
        .values_list("day")
        .annotate(mood=Avg("mood"))
        .order_by()
    )
    return {day: float(mood) for day, mood in rows}


@dataclass(frozen=True)
class JournalSummary:
    today: dt.date
    this_week: int
    last_30_days: int
    total: int
    streaks: Streaks
    weeks: dict[dt.date, int]
    days: dict[dt.date, int]  # the last YEAR_DAYS days only
    moods: dict[dt.date, float]  # average mood per day, the last MOOD_DAYS days only

    def entries_since(self, first: dt.date) -> int:
        """Entries from `first` to today, for a window inside the last year."""
        return sum(n for day, n in self.days.items() if first <= day <= self.today)

    def weeks_since(self, first: dt.date) -> int:
        """Distinct weeks with an entry from `first` to today (inside the last year)."""
        return len({week_start(day) for day in self.days if first <= day <= self.today})


def journal_summary(user: User, today: dt.date) -> JournalSummary:
    """Counts, streaks, the last year's days and recent moods, cached per journal version.

    Two queries when the journal changed since the last look (or the day did), none
    otherwise.
    """
    return from_journal(user, today, "summary", lambda: compute_summary(user.pk, today))


def from_journal(user: User, today: dt.date, name: str, build: Callable[[], T]) -> T:
    """`build()`, cached for as long as it depends only on the journal, the day and language.

    For records and what is drawn from them (the summary, rendered rows), never
    for anything that depends on the time of day: that is worked out on each request. The
    key holds the user's `journal_version`, which saving or deleting any of their journal
    records bumps (journal.models.JournalRecord), so a write is seen on the next request,
    in every process.
    """
    key = f"journal:{user.pk}:{user.journal_version}:{today.isoformat()}:{get_language()}:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, SUMMARY_CACHE_SECONDS)
    return value


_MISSING = object()


def waiting_periods(user: User, today: dt.date) -> list[WaitingPeriod]:
    """The user's waiting periods, newest first, each with its `reset_count`."""
    return from_journal(
        user,
        today,
        "waiting-periods",
        lambda: list(WaitingPeriod.objects.filter(user=user).annotate(reset_count=Count("resets"))),
    )


def compute_summary(user_id: int, today: dt.date) -> JournalSummary:
    """The summary from the database, in two queries."""
    all_days = day_counts(user_id)
    weeks: dict[dt.date, int] = {}
    for day, n in all_days.items():
        weeks[week_start(day)] = weeks.get(week_start(day), 0) + n
    first = today - dt.timedelta(days=YEAR_DAYS - 1)
    days = {day: n for day, n in all_days.items() if first <= day <= today}
    return JournalSummary(
        today=today,
        this_week=sum(n for day, n in days.items() if week_start(today) <= day),
        last_30_days=sum(n for day, n in days.items() if today - dt.timedelta(days=30) < day),
        total=sum(all_days.values()),
        streaks=weekly_streaks(weeks, today),
        weeks=weeks,
        days=days,
        moods=daily_moods(user_id, today - dt.timedelta(days=MOOD_DAYS), today),
    )
