"""A private iCalendar feed of each waiting period's milestones and end."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import WaitingPeriod


def feed(user: AbstractUser, now: dt.datetime) -> bytes:
    """All-day events, in the user's time zone, for the current run of each waiting period."""
    calendar = Calendar()
    calendar.add("prodid", "-//Reconnect//waiting periods//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Reconnect: waiting periods"))
    tz = user.tzinfo
    for period in WaitingPeriod.objects.filter(user=user).order_by("started_at"):
        run = int(period.started_at.timestamp())
        for day in period.milestones():
            on = period.reached_at(day, tz).date()
            event = Event()
            event.add("uid", f"period-{period.pk}-run-{run}-day-{day}@reconnect")
            event.add("dtstamp", now)
            event.add("dtstart", on)
            event.add("dtend", on + dt.timedelta(days=1))
            if day == period.days:
                summary = _("%(label)s: %(days)d days — complete")
            else:
                summary = _("%(label)s: %(days)d days kept")
            event.add("summary", summary % {"label": period.label, "days": day})
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    return calendar.to_ical()
