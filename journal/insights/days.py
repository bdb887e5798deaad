"""The days /insights/ reads: each day's mood, and what each day had (its entries' tags and
changes, its quick tags), over the last 90 days or the last year, in two grouped queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection

from ..models import Change, DayMood, Entry, QuickTag, Tag
from ..stats import MOOD_DAYS, days_after, moods_by_number

# The home mood chart's days (today and the 90 before it): what goes with better days
# changes as life does, and in the months after a breakup, fast. A year on asking.
WINDOW_DAYS = MOOD_DAYS + 1
YEAR_DAYS = 365

# What a day can have, as the page's marks name it (data-insight="tag:run").
TAG, CHANGE, QUICK = "tag", "change", "quick"
KINDS = (TAG, CHANGE, QUICK)

Key = tuple[str, int]  # (kind, the record's id)


@dataclass(frozen=True)
class Days:
    """Day 0 is the day before the window (its mood is not counted; what it had tells
    the next day's); day i is `before` plus i days. `sealed` holds each key's name as
    stored: `names` opens those a page shows."""

    before: dt.date
    moods: list[float | None]
    present: dict[Key, set[int]]
    sealed: dict[Key, str]

    def names(self, keys: set[Key]) -> dict[Key, str]:
        """These keys' names, opened (a name that will not open says so)."""
        fields = {kind: model._meta.get_field("name") for kind, model in MODELS.items()}
        return {
            key: str(fields[key[0]].from_db_value(self.sealed[key], None, connection))
            for key in keys
        }


MODELS: dict[str, type[Tag | Change | QuickTag]] = {TAG: Tag, CHANGE: Change, QUICK: QuickTag}


def gather(user_id: int, today: dt.date, window: int = WINDOW_DAYS) -> Days:
    """The last `window` days to `today`: their moods, and which days had what."""
    first = today - dt.timedelta(days=window - 1)
    before = first - dt.timedelta(days=1)
    moods: list[float | None] = [None] * (window + 1)
    for number, mood in moods_by_number(user_id, first, today, before).items():
        moods[number] = mood
    present, sealed = _present(user_id, before, today)
    return Days(before=before, moods=moods, present=present, sealed=sealed)


def _present(
    user_id: int, before: dt.date, today: dt.date
) -> tuple[dict[Key, set[int]], dict[Key, str]]:
    """Which days had each tag, change and quick tag, and its name as stored: one query,
    its three parts grouped by what they count, each with its days as one text of day
    numbers ("3,17,250").

    Written out: through the ORM, building the query and reading its rows cost more than
    running it (docs/performance.md). A row per tag, not a row per tagged entry, keeps
    what Python reads to a few short texts however full the journal is.
    """
    table = connection.ops.quote_name
    entries, days = table(Entry._meta.db_table), table(DayMood._meta.db_table)
    tagged = table(Entry.tags.through._meta.db_table)
    quick = table(DayMood.quick_tags.through._meta.db_table)
    named = {kind: table(model._meta.db_table) for kind, model in MODELS.items()}
    where = "user_id = %s AND {day} BETWEEN %s AND %s"
    parts = [
        f"SELECT t.tag_id AS id, {_numbers('e.day')} AS days FROM {entries} e "  # noqa: S608 - the tables' own names
        f"JOIN {tagged} t ON t.entry_id = e.id WHERE e.{where.format(day='e.day')} "
        "GROUP BY t.tag_id",
        # Each change's days sought in the index (user, change, day): not every entry's.
        f"SELECT focus_id AS id, {_numbers('day')} AS days FROM {entries} "  # noqa: S608 - the tables' own names
        f"WHERE focus_id IN (SELECT id FROM {named[CHANGE]} WHERE user_id = %s) "
        f"AND {where.format(day='day')} GROUP BY focus_id",
        f"SELECT q.quicktag_id AS id, {_numbers('d.day')} AS days FROM {days} d "  # noqa: S608 - the tables' own names
        f"JOIN {quick} q ON q.daymood_id = d.id WHERE d.{where.format(day='d.day')} "
        "GROUP BY q.quicktag_id",
    ]
    # Each part's few rows take their names after grouping: one look-up a row.
    sql = " UNION ALL ".join(
        f"SELECT {number}, n.id, n.name, s.days FROM ({part}) s "  # noqa: S608 - the tables' own names
        f"JOIN {named[kind]} n ON n.id = s.id AND n.user_id = %s"
        for number, (kind, part) in enumerate(zip(KINDS, parts, strict=True), start=1)
    )
    with connection.cursor() as cursor:
        span: list[int | dt.date] = [user_id, before, today]
        cursor.execute(
            sql,
            [before, *span, user_id, before, user_id, *span, user_id, before, *span, user_id],
        )
        rows = cursor.fetchall()
    kinds = dict(enumerate(KINDS, start=1))
    present = {(kinds[kind], pk): set(map(int, days.split(","))) for kind, pk, _n, days in rows}
    sealed = {(kinds[kind], pk): name for kind, pk, name, _days in rows}
    return present, sealed


def _numbers(column: str) -> str:
    """Each different day of `column` in a group, as its number after `before` (the one
    parameter), between commas."""
    if connection.vendor == "postgresql":
        return f"STRING_AGG(DISTINCT {days_after(column)}::text, ',')"
    return f"GROUP_CONCAT(DISTINCT {days_after(column)})"
