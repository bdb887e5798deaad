"""Journal numbers shared by the journal list, the dashboard and the readiness facts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek

from .models import Entry


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
    last_week = this_week - dt.timedelta(weeks=1)
    current = 0
    if previous in (this_week, last_week):
        current = run
    return Streaks(current=current, best=best)


def active_weeks(user_id: int) -> set[dt.date]:
    """The Mondays of every week in which the user wrote an entry (one query)."""
    weeks = (
        Entry.objects.filter(user_id=user_id)
        .annotate(week=TruncWeek("day"))
        .values_list("week", flat=True)
        .distinct()
    )
    return {week.date() if isinstance(week, dt.datetime) else week for week in weeks}


@dataclass(frozen=True)
class EntryCounts:
    this_week: int
    last_30_days: int
    total: int


def entry_counts(user_id: int, today: dt.date) -> EntryCounts:
    """Entries this week (from Monday), in the last 30 days and in all, in one query."""
    counts = Entry.objects.filter(user_id=user_id).aggregate(
        this_week=Count("pk", filter=Q(day__gte=week_start(today))),
        last_30_days=Count("pk", filter=Q(day__gt=today - dt.timedelta(days=30))),
        total=Count("pk"),
    )
    return EntryCounts(**counts)
