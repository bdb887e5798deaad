"""Journal numbers shared by the journal list, the dashboard and the readiness facts.

Everything comes from two grouped queries, whatever the size of the journal: entries
per week over all time, and entries per day over the last year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Avg, Count
from django.db.models.functions import TruncWeek

from .models import Entry

YEAR_DAYS = 371  # 53 whole weeks: what the calendar heat map shows


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


def week_counts(user_id: int) -> dict[dt.date, int]:
    """Entries per week (keyed by Monday) over all time, in one query."""
    rows = (
        Entry.objects.filter(user_id=user_id)
        .annotate(week=TruncWeek("day"))
        .values_list("week")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(week.date() if isinstance(week, dt.datetime) else week): n for week, n in rows}


def day_counts(
    user_id: int, first: dt.date, last: dt.date
) -> tuple[dict[dt.date, int], dict[dt.date, float]]:
    """Entries per day and the average mood of each day (where noted), in one query."""
    rows = (
        Entry.objects.filter(user_id=user_id, day__range=(first, last))
        .values_list("day")
        .annotate(n=Count("pk"), mood=Avg("mood"))
        .order_by()
    )
    counts = {day: n for day, n, _ in rows}
    moods = {day: float(mood) for day, _, mood in rows if mood is not None}
    return counts, moods


@dataclass(frozen=True)
class JournalSummary:
    today: dt.date
    this_week: int
    last_30_days: int
    total: int
    streaks: Streaks
    weeks: dict[dt.date, int]
    days: dict[dt.date, int]  # the last YEAR_DAYS days only
    moods: dict[dt.date, float]  # average mood per day, the last YEAR_DAYS days only

    def entries_since(self, first: dt.date) -> int:
        """Entries from `first` to today, for a window inside the last year."""
        return sum(n for day, n in self.days.items() if first <= day <= self.today)

    def weeks_since(self, first: dt.date) -> int:
        """Distinct weeks with an entry from `first` to today (inside the last year)."""
        return len({week_start(day) for day in self.days if first <= day <= self.today})


def journal_summary(user_id: int, today: dt.date) -> JournalSummary:
    """Counts, streaks and the last year's days for one user, in two queries."""
    weeks = week_counts(user_id)
    days, moods = day_counts(user_id, today - dt.timedelta(days=YEAR_DAYS - 1), today)
    return JournalSummary(
        today=today,
        this_week=sum(n for day, n in days.items() if week_start(today) <= day <= today),
        last_30_days=sum(n for day, n in days.items() if today - dt.timedelta(days=30) < day),
        total=sum(weeks.values()),
        streaks=weekly_streaks(weeks, today),
        weeks=weeks,
        days=days,
        moods=moods,
    )
