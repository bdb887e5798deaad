"""The range of dates the app accepts, in one place for forms and imports alike.

Dates far from now are nobody's breakup or journal, and near the ends of the calendar
(year 1, year 9999) a time zone shift or a few added days leave the range Python can
represent. So every date a person types or imports must lie between 1900-01-01 and a
year from today; most dates here are of things that have happened, "today or earlier".
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

EARLIEST_DAY = dt.date(1900, 1, 1)
DAYS_AHEAD = 365


def latest_day(today: dt.date) -> dt.date:
    """The last date accepted anywhere: a year from `today`."""
    return today + dt.timedelta(days=DAYS_AHEAD)


def check_day(day: dt.date, today: dt.date) -> dt.date:
    """`day`, if it lies between 1900-01-01 and a year from `today`; else a ValidationError."""
    if day < EARLIEST_DAY:
        raise ValidationError(
            _("That date is too long ago: pick one from 1900 on."), code="date_too_early"
        )
    if day > latest_day(today):
        raise ValidationError(
            _("That date is too far ahead: pick one within a year from today."),
            code="date_too_late",
        )
    return day


def check_past_day(day: dt.date, today: dt.date) -> dt.date:
    """`day`, if it is `today` or earlier and from 1900 on; else a ValidationError.

    For every date of something that has happened: an entry's day, a breakup, the start
    of a waiting period, a practical contact.
    """
    if day > today:
        raise ValidationError(
            _("That day is in the future. Pick today or earlier."), code="date_in_future"
        )
    return check_day(day, today)


def input_bounds(latest: dt.date) -> dict[str, str]:
    """`min` and `max` for a date input, so a date picker offers only what the form takes."""
    return {"min": EARLIEST_DAY.isoformat(), "max": latest.isoformat()}
