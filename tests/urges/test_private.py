"""Urges stay out of everything that leaves the app on its own: the calendar, reminders."""

from __future__ import annotations

import datetime as dt
import io

import time_machine
from django.core.management import call_command

from journal.models import LogisticsContact, WaitingPeriod

START = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def test_the_calendar_and_reminders_leave_urges_out(alice, visitor, urge, mailoutbox):
    alice.email_reminders, alice.friend_name, alice.friend_email = True, "Sam", "sam@example.org"
    alice.save()
    period = WaitingPeriod.objects.create(
        user=alice, label="No contact", start=START.date(), days=30, started_at=START
    )
    LogisticsContact.objects.create(period=period, day=START.date(), note="Handed over keys")
    feed = visitor.get(f"/journal/calendar/{alice.calendar_token}.ics").content.decode()
    with time_machine.travel(START + dt.timedelta(days=7, hours=1)):
        call_command("send_reminders", stdout=io.StringIO())
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["alice@example.org"]
    for text in (feed, mailoutbox[0].body, mailoutbox[0].subject):
        for private in ("I miss you", "Late, after a party", "Handed over keys", "Sam", "urge"):
            assert private.lower() not in text.lower()
