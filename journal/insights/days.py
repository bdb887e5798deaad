"""The days /insights/ reads: each day's mood, and what each day had (its entries' tags and
changes, its quick tags), over the last WINDOW_DAYS days, in two grouped queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet, Value

from ..models import Change, DayMood, Entry, QuickTag, Tag
from ..stats import days_with_moods

# A year: what goes with better days changes as life does, and after a breakup, a lot.
WINDOW_DAYS = 365

# What a day can have, as the page's marks name it (data-insight="tag:run").
TAG, CHANGE, QUICK = "tag", "change", "quick"
KINDS = (TAG, CHANGE, QUICK)

Key = tuple[str, int]  # (kind, the record's id)


@dataclass(frozen=True)
class Days:
    """Day 0 is the day before the window (its mood is not counted; what it had tells
    the next day's); day i is `before` plus i days."""

    before: dt.date
    moods: list[float | None]
    present: dict[Key, set[int]]

    @property
    def mood_days(self) -> int:
        return sum(mood is not None for mood in self.moods)


def gather(user_id: int, today: dt.date) -> Days:
    """The last WINDOW_DAYS days to `today`: their moods, and which days had what."""
    first = today - dt.timedelta(days=WINDOW_DAYS - 1)
    before = first - dt.timedelta(days=1)
    moods: list[float | None] = [None] * (WINDOW_DAYS + 1)
    for day, _entries, mood, _tapped in days_with_moods(user_id, first, today):
        moods[(day - before).days] = mood
    return Days(before=before, moods=moods, present=_present(user_id, before, today))


def _present(user_id: int, before: dt.date, today: dt.date) -> dict[Key, set[int]]:
    """Which days had each tag, change and quick tag: one query, its three parts grouped
    by what they count, each with its days as one text ("2026-11-30,2026-12-01").

    Written out: through the ORM, building the query and reading its rows cost more than
    running it (docs/performance.md). A row per tag, not a row per tagged entry, keeps
    what Python reads to a few short texts however full the journal is.
    """
    table = connection.ops.quote_name
    entries, days = table(Entry._meta.db_table), table(DayMood._meta.db_table)
    tagged = table(Entry.tags.through._meta.db_table)
    quick = table(DayMood.quick_tags.through._meta.db_table)
    where = "user_id = %s AND {day} BETWEEN %s AND %s"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1, t.tag_id, {_days('e.day')} FROM {entries} e "  # noqa: S608 - the tables' own names
            f"JOIN {tagged} t ON t.entry_id = e.id WHERE e.{where.format(day='e.day')} "
            f"GROUP BY t.tag_id UNION ALL SELECT 2, focus_id, {_days('day')} FROM {entries} "
            f"WHERE focus_id IS NOT NULL AND {where.format(day='day')} GROUP BY focus_id "
            f"UNION ALL SELECT 3, q.quicktag_id, {_days('d.day')} FROM {days} d "
            f"JOIN {quick} q ON q.daymood_id = d.id WHERE d.{where.format(day='d.day')} "
            "GROUP BY q.quicktag_id",
            [user_id, before, today] * 3,
        )
        rows = cursor.fetchall()
    index = {
        (before + dt.timedelta(days=number)).isoformat(): number
        for number in range((today - before).days + 1)
    }
    kinds = dict(enumerate(KINDS, start=1))
    return {(kinds[kind], pk): {index[day] for day in days.split(",")} for kind, pk, days in rows}


def _days(column: str) -> str:
    """Each different day of `column` in a group, as ISO dates between commas."""
    if connection.vendor == "postgresql":
        return f"STRING_AGG(DISTINCT {column}::text, ',')"
    return f"GROUP_CONCAT(DISTINCT {column})"


def names(user_id: int, keys: set[Key]) -> dict[Key, str]:
    """The names of these tags, changes and quick tags of the person's, opened, in one
    query (sealed: each opens as it is read)."""
    records: dict[str, QuerySet[Any]] = {
        TAG: Tag.objects.filter(user_id=user_id),
        CHANGE: Change.objects.filter(user_id=user_id),
        QUICK: QuickTag.objects.filter(user_id=user_id),
    }
    parts = [
        records[kind].filter(pk__in=ids).order_by().values_list(Value(number), "pk", "name")
        for number, kind in enumerate(KINDS, start=1)
        if (ids := [pk for k, pk in keys if k == kind])
    ]
    if not parts:
        return {}
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    kinds = dict(enumerate(KINDS, start=1))
    return {(kinds[number], pk): str(name) for number, pk, name in query}
