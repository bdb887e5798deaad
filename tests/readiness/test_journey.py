"""From an empty account to READY through the pages alone, with the clock moved forward."""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from django.test import Client

from journal.models import Change
from reconnect.accounts.models import User
from tests.conftest import SITUATION
from tests.markup import search

START = dt.datetime(2026, 8, 3, 9, 0, tzinfo=dt.UTC)  # a Monday morning


def checklist(client: Client) -> tuple[str, dict[str, str]]:
    html = client.get("/readiness/").text
    state = search(r'data-verdict="(\w+)"', html, 1)
    return state, dict(re.findall(r'data-condition="(\w+)" data-status="(\w+)"', html))


def test_an_empty_account_reaches_ready(visitor, db):
    with time_machine.travel(START, tick=False) as clock:
        password = "a-long-enough-passphrase"
        visitor.post(
            "/accounts/signup/",
            {"username": "dana", "email": "", "password1": password, "password2": password},
        )
        dana = User.objects.get(username="dana")
        assert checklist(visitor)[0] == "not_yet"

        visitor.post("/readiness/", SITUATION)
        visitor.post("/journal/focus/new/", {
            "name": "Jealousy", "about_breakup": "on", "need_to_fix": "yes",
            "want_to_fix": "yes", "for_myself": "yes",
        })  # fmt: skip
        change = Change.objects.get(user=dana)
        visitor.post(
            "/journal/waiting/new/", {"label": "No contact", "start": "2026-08-03", "days": "30"}
        )

        # Two entries a week for three weeks.
        for week in range(3):
            for weekday in (0, 3):
                day = START.date() + dt.timedelta(weeks=week, days=weekday)
                clock.move_to(dt.datetime.combine(day, dt.time(20), tzinfo=dt.UTC))
                visitor.force_login(dana)  # sessions last two weeks; the journey lasts longer
                response = visitor.post("/journal/new/", {
                    "day": day.isoformat(), "title": "Worked on it", "body": "Small steps.",
                    "mood": "4", "focus": change.pk,
                })  # fmt: skip
                assert response.status_code == 302

        state, found = checklist(visitor)  # day 18 of the waiting period
        assert state == "not_yet"
        assert {key for key, status in found.items() if status != "met"} == {"waited"}

        # Day 30 of 30: still running until midnight.
        clock.move_to(dt.datetime(2026, 9, 1, 23, 0, tzinfo=dt.UTC))
        visitor.force_login(dana)
        assert checklist(visitor)[1]["waited"] == "unmet"

        clock.move_to(dt.datetime(2026, 9, 2, 0, 30, tzinfo=dt.UTC))
        state, found = checklist(visitor)
        assert state == "ready"
        assert set(found.values()) == {"met"}
