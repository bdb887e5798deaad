"""On this day: what the user wrote a month, three months and a year ago."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from .models import Entry

if TYPE_CHECKING:
    from .auth import User

LOOK_BACK = ((1, _("A month ago")), (3, _("Three months ago")), (12, _("A year ago")))


def months_before(day: dt.date, months: int) -> dt.date | None:
    """The same date `months` earlier (the 31st becomes the month's last day), or None."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    if year < dt.MINYEAR:
        return None
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Memory:
    label: str
    day: dt.date
    entries: list[Entry]


def on_this_day(user: User, today: dt.date) -> list[Memory]:
    """Entries from those days, in one query; days without entries are left out."""
    days = {label: months_before(today, months) for months, label in LOOK_BACK}
    wanted = [d for d in days.values() if d is not None]
    found: dict[dt.date, list[Entry]] = {}
    for entry in (
        Entry.objects.filter(user=user, day__in=wanted)
        .only("pk", "day", "time", "title", "starred")
        .order_by("day", "time", "created")
    ):
        found.setdefault(entry.day, []).append(entry)
    return [Memory(str(label), day, found[day]) for label, day in days.items() if day in found]
