"""Journal numbers shared by the journal list, the dashboard and the readiness facts.

One grouped query over the year a page shows (entries and mood per day, read from a
covering index and the day's one-tap mood), whatever the size of the journal; nothing is
kept between requests. Streaks are counted within that year, like the heat map beside them.

A day's mood is the one tapped on the home when there is one, and otherwise the average
of that day's entries' moods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from .models import DayMood, Entry

YEAR_DAYS = 371  # 53 whole weeks: what the calendar heat map shows
MOOD_DAYS = 90  # what the dashboard's mood trend shows


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


@dataclass(frozen=True)
class JournalSummary:
    today: dt.date
    this_week: int
    last_30_days: int
    streaks: Streaks  # within the last YEAR_DAYS days
    days: dict[dt.date, int]  # entries per day, the last YEAR_DAYS days only
    moods: dict[dt.date, float]  # each day's mood (see above), the last MOOD_DAYS days only
    tapped: int | None = None  # today's one-tap mood, if any
    tapped_days: dict[dt.date, int] = field(default_factory=dict)  # the last YEAR_DAYS

    def entries_since(self, first: dt.date) -> int:
        """Entries from `first` to today, for a window inside the last year."""
        return sum(n for day, n in self.days.items() if first <= day <= self.today)

    def weeks_since(self, first: dt.date) -> int:
        """Distinct weeks with an entry from `first` to today (inside the last year)."""
        return len({week_start(day) for day in self.days if first <= day <= self.today})


def entries_per_day(
    user_id: int, first: dt.date, last: dt.date
) -> list[tuple[dt.date, int, float | None]]:
    """(day, entries, average mood) for each day with entries from `first` to `last`.

    Three pages open with this query, so it is written out: through the ORM, building the
    query and converting its rows cost more than the query itself (docs/performance.md has
    the figures). It reads the covering index on user, day and mood.
    """
    table = connection.ops.quote_name(Entry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT day, COUNT(*), AVG(mood) FROM {table} "  # noqa: S608 - the table's own name
            "WHERE user_id = %s AND day BETWEEN %s AND %s GROUP BY day",
            [user_id, first, last],
        )
        rows = cursor.fetchall()
    return [
        (
            day if isinstance(day, dt.date) else dt.date.fromisoformat(day),
            n,
            None if mood is None else float(mood),
        )
        for day, n, mood in rows
    ]


def days_with_moods(
    user_id: int, first: dt.date, last: dt.date
) -> list[tuple[dt.date, int, float | None, int | None]]:
    """(day, entries, mood, tapped) for each day with entries or a one-tap mood from
    `first` to `last`: the mood is the tapped one where there is one, else the entries'
    average; `tapped` is the one-tap mood alone (None without one).

    The entries' half is `entries_per_day`'s query; the one-tap moods join it in the same
    query (at most one a day), so a page that shows both still asks once.
    """
    return [
        (
            day if isinstance(day, dt.date) else dt.date.fromisoformat(day),
            int(n),
            None if mood is None else float(mood),
            None if tapped is None else int(tapped),
        )
        for day, n, mood, tapped in _per_day(user_id, first, last, "day", [])
    ]


def moods_by_number(
    user_id: int, first: dt.date, last: dt.date, since: dt.date
) -> dict[int, float]:
    """Each day's mood (as `days_with_moods` has it) from `first` to `last`, by its number of
    days after `since`: the database counts them, so no date is read back."""
    rows = _per_day(user_id, first, last, days_after("day"), [since])
    return {int(number): float(mood) for number, _n, mood, _tapped in rows if mood is not None}


def _per_day(
    user_id: int, first: dt.date, last: dt.date, day: str, day_params: list[dt.date]
) -> list[tuple[Any, ...]]:
    """The rows of the per-day query, each day written as `day` (SQL, with `day_params`)."""
    entries = connection.ops.quote_name(Entry._meta.db_table)
    moods = connection.ops.quote_name(DayMood._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d, SUM(n), COALESCE(MAX(tapped), MAX(average)), MAX(tapped) FROM ("  # noqa: S608 - the tables' own names
            f"SELECT {day} AS d, COUNT(*) AS n, AVG(mood) AS average, NULL AS tapped "
            f"FROM {entries} WHERE user_id = %s AND day BETWEEN %s AND %s GROUP BY day "
            f"UNION ALL SELECT {day}, 0, NULL, mood FROM {moods} "
            "WHERE user_id = %s AND day BETWEEN %s AND %s) AS days GROUP BY d",
            [*day_params, user_id, first, last, *day_params, user_id, first, last],
        )
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def days_after(column: str) -> str:
    """SQL for the whole days from a date given as its one parameter to `column`'s date,
    as each database counts them."""
    if connection.vendor == "postgresql":
        return f"({column} - CAST(%s AS DATE))"
    return f"CAST(julianday({column}) - julianday(%s) AS INTEGER)"


def journal_summary(user_id: int, today: dt.date, with_moods: bool = True) -> JournalSummary:
    """Counts, streaks, the last year's days and recent moods, in one query. A page that
    shows no mood asks `with_moods=False`: the entries alone, a lighter query."""
    first = today - dt.timedelta(days=YEAR_DAYS - 1)
    mood_first = today - dt.timedelta(days=MOOD_DAYS)
    days: dict[dt.date, int] = {}
    moods: dict[dt.date, float] = {}
    rows: list[tuple[dt.date, int, float | None, int | None]] = (
        days_with_moods(user_id, first, today)
        if with_moods
        else [(day, n, None, None) for day, n, _mood in entries_per_day(user_id, first, today)]
    )
    monday, month_ago = week_start(today), today - dt.timedelta(days=30)
    this_week = last_30_days = 0
    weeks: set[dt.date] = set()
    tapped_today = None
    tapped_days: dict[dt.date, int] = {}
    # One pass over the days: each number the page shows is counted on the way.
    for day, n, mood, tapped in rows:
        if tapped is not None:
            tapped_days[day] = tapped
        if day == today:
            tapped_today = tapped
        if mood is not None and day >= mood_first:
            moods[day] = mood
        if not n:  # a mood tapped on a day with nothing written
            continue
        days[day] = n
        weeks.add(day - dt.timedelta(days=day.weekday()))
        if day > month_ago:
            last_30_days += n
            if day >= monday:
                this_week += n
    return JournalSummary(
        today=today,
        this_week=this_week,
        last_30_days=last_30_days,
        streaks=weekly_streaks(weeks, today),
        days=days,
        moods=moods,
        tapped=tapped_today,
        tapped_days=tapped_days,
    )
