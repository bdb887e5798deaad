"""A private iCalendar feed of each waiting period's milestones and end."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import WaitingPeriod

if TYPE_CHECKING:
    from .auth import User


def feed(user: User, now: dt.datetime) -> bytes:
    """All-day events, in the user's time zone, for the current run of each waiting period."""
    calendar = Calendar()
    # In discreet mode nothing a calendar app shows names the app, its ids included.
    name, domain = ("Notes", "notes") if user.discreet else ("Reconnect", "reconnect")
    calendar.add("prodid", f"-//{name}//waiting periods//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Notes") if user.discreet else _("Reconnect: waiting periods"))
    tz = user.tzinfo
    # A locked journal's names open only in its owner's session, never for the feed.
    named = user.calendar_names and not user.journal_locked
    for period in WaitingPeriod.objects.filter(user=user).order_by("started_at"):
        run = int(period.started_at.timestamp())
        for day in period.milestones():
            on = period.reached_at(day, tz).date()
            event = Event()
            event.add("uid", f"period-{period.pk}-run-{run}-day-{day}@{domain}")
            event.add("dtstamp", now)
            event.add("dtstart", on)
            event.add("dtend", on + dt.timedelta(days=1))
            event.add("summary", _summary(period, day, named=named))
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical


def _summary(period: WaitingPeriod, day: int, *, named: bool) -> str:
    """An event's title. The period's name (often the ex's) only when the user opts in:
    the feed is read by a calendar service and shown wherever the calendar is."""
    if not named:
        if day == period.days:
            return _("Waiting period: day %(days)d — complete") % {"days": day}
        return _("Waiting period: day %(days)d") % {"days": day}
    if day == period.days:
        return _("%(label)s: %(days)d days — complete") % {"label": period.label, "days": day}
    return _("%(label)s: %(days)d days kept") % {"label": period.label, "days": day}
