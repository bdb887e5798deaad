"""Gather the readiness facts from a user's records, in a fixed number of queries, and keep
the readiness timeline.

Only what the rules read is loaded, as tuples (`values_list`), never whole rows as model
instances: on the readiness page and the dashboard, building queries and objects cost
more than the database did.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.utils import timezone

from ..models import Change, Entry, ReadinessSnapshot, Situation, WaitingPeriod
from ..stats import entries_per_day
from .rules import (
    GROWTH_WINDOW_DAYS,
    ChangeFacts,
    Facts,
    PeriodFacts,
    SituationFacts,
    Verdict,
    evaluate,
)

if TYPE_CHECKING:
    from ..auth import User


CHANGE_FIELDS = ("pk", "name", "about_breakup", "need_to_fix", "want_to_fix", "for_myself")
# The fields a period's clock reads (`WaitingPeriod.progress`), and nothing else.
CLOCK_FIELDS = ("pk", "label", "days", "started_at")


@dataclass(frozen=True)
class Records:
    """What the verdict is made from, and what the pages show of it; loaded once, used twice."""

    entry_days: dict[dt.date, int]  # entries per day, at least the last GROWTH_WINDOW_DAYS
    changes: list[ChangeFacts]  # active ones, each with its pk
    periods: list[WaitingPeriod]  # newest first; only CLOCK_FIELDS loaded: never save these
    answers: dict[str, Any] | None  # the `Situation.ANSWERS`, or None if never answered


def entry_days(user_id: int, today: dt.date) -> dict[dt.date, int]:
    """Entries per day over the growth window only: all the rules read of the journal.

    The journal's written-out query (stats.entries_per_day) over a quarter of the year the
    dashboard's `journal_summary` reads.
    """
    first = today - dt.timedelta(days=GROWTH_WINDOW_DAYS - 1)
    return {day: n for day, n, _mood in entries_per_day(user_id, first, today)}


def _entry_count() -> RawSQL:
    """Each change's number of entries, as a correlated count.

    A join with GROUP BY made SQLite sort every entry of the journal; a `Subquery` counts
    the same way but costs more to build than to run (docs/performance.md has the figures).
    Plain SQL that both SQLite and PostgreSQL read, with the names taken from the models.
    """
    entry, change = Entry._meta, Change._meta
    focus = entry.get_field("focus").column
    sql = (
        f'SELECT COUNT(*) FROM "{entry.db_table}" WHERE "{entry.db_table}"."{focus}" = '  # noqa: S608 - the models' names
        f'"{change.db_table}"."{change.pk.column}"'
    )
    return RawSQL(sql, (), output_field=IntegerField())  # noqa: S611 - no user input in it


def active_changes(user_id: int) -> list[ChangeFacts]:
    """The user's active changes with their entry counts, in the order they were added
    (one query).

    That is the order the pages always showed: the joined count's GROUP BY dropped the
    model's ordering by name, and SQLite grouped by id.
    """
    rows = (
        Change.objects.filter(user_id=user_id, archived=False)
        .annotate(entry_count=_entry_count())
        .values_list(*CHANGE_FIELDS, "entry_count")
        .order_by("pk")
    )
    return [
        ChangeFacts(name, about, need, want, mine, count, pk)
        for pk, name, about, need, want, mine, count in rows
    ]


def clocks(user_id: int) -> list[WaitingPeriod]:
    """The user's waiting periods, newest first, with only what their clocks read (one query).

    Instances, as the clock's day arithmetic lives on the model, but made from a tuple:
    the rest of each row (purpose, ids, resets) is never read here.
    """
    rows = WaitingPeriod.objects.filter(user_id=user_id).values_list(*CLOCK_FIELDS)
    return [
        WaitingPeriod(id=pk, user_id=user_id, label=label, days=days, started_at=started_at)
        for pk, label, days, started_at in rows
    ]


def answers(user_id: int) -> dict[str, Any] | None:
    """The user's readiness answers by name, or None if they never gave any (one query).

    One row at most (one Situation a user), so no `first()`: its ORDER BY and LIMIT cost
    more to build than the lookup does to run.
    """
    rows = Situation.objects.filter(user_id=user_id).values_list(*Situation.ANSWERS)
    row = next(iter(rows), None)
    return dict(zip(Situation.ANSWERS, row, strict=True)) if row else None


def load_records(user: User, today: dt.date, days: dict[dt.date, int] | None = None) -> Records:
    """Four queries, whatever the size of the journal; three when `days` (entries per day
    over at least the growth window, as the dashboard's summary has them) is given."""
    return Records(
        entry_days=entry_days(user.pk, today) if days is None else days,
        changes=active_changes(user.pk),
        periods=clocks(user.pk),
        answers=answers(user.pk),
    )


def gather_facts(records: Records, now: dt.datetime, user: User) -> Facts:
    """Turn loaded records into the plain facts the rules take (no queries)."""
    tz = user.tzinfo
    periods = []
    for period in records.periods:
        progress = period.progress(now, tz)
        periods.append(
            PeriodFacts(
                label=period.label,
                days=period.days,
                complete=progress.complete,
                days_left=progress.days_left,
            )
        )
    return Facts(
        entry_days=records.entry_days,
        changes=tuple(records.changes),
        periods=tuple(periods),
        situation=SituationFacts(**records.answers) if records.answers else None,
    )


def assess(
    user: User, now: dt.datetime, days: dict[dt.date, int] | None = None
) -> tuple[Verdict, Records]:
    """Load the user's records and evaluate them: the verdict and what it came from.

    `days`: entries per day the caller already has (see `load_records`).
    """
    today = now.astimezone(user.tzinfo).date()
    records = load_records(user, today, days)
    return evaluate(gather_facts(records, now, user), today), records


def record_snapshot(user: User, verdict: Verdict, now: dt.datetime) -> ReadinessSnapshot | None:
    """Store the verdict if its outcome (state and which conditions are met) changed."""
    met_keys = sorted(c.key for c in verdict.conditions if c.met)
    last = ReadinessSnapshot.objects.filter(user=user).order_by("-at").first()
    if last and last.state == verdict.state and last.conditions.get("met") == met_keys:
        return None
    return ReadinessSnapshot.objects.create(
        user=user,
        at=now,
        state=verdict.state,
        met=verdict.met,
        total=verdict.total,
        conditions={"met": met_keys, "status": {c.key: c.status for c in verdict.conditions}},
    )


def record_readiness(user: User) -> None:
    """After a write that changes what the verdict reads, keep the timeline up to date.

    Called by the views and commands that write entries, changes, waiting periods,
    answers and imports; never on a page view.
    """
    now = timezone.now()
    verdict, _ = assess(user, now)
    record_snapshot(user, verdict, now)
