"""On this day: what the user wrote a month, three months and a year ago."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from .models import Entry
from .rows import url_maker

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
class Recalled:
    """An entry as the page links to it: its title and address."""

    title: str
    url: str


@dataclass(frozen=True)
class Memory:
    label: str
    day: dt.date
    entries: list[Recalled]


def on_this_day(user: User, today: dt.date) -> list[Memory]:
    """Entries from those days, in one query of tuples; days without entries are left out."""
    days = {label: months_before(today, months) for months, label in LOOK_BACK}
    wanted = [d for d in days.values() if d is not None]
    url = url_maker("journal:entry_detail")
    found: dict[dt.date, list[Recalled]] = {}
    for day, pk, title in (
        Entry.objects.filter(user=user, day__in=wanted)
        .order_by("day", "time", "created")
        .values_list("day", "pk", "title")
    ):
        found.setdefault(day, []).append(Recalled(title, url(pk)))
    return [Memory(str(label), day, found[day]) for label, day in days.items() if day in found]
