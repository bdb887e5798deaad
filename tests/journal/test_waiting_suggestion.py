"""The suggested waiting length: a table of cases, and the form that shows it."""

from __future__ import annotations

import datetime as dt

import pytest

from journal.models import Situation
from journal.waiting import MAX_SUGGESTED_DAYS, suggest_waiting_days

TODAY = dt.date(2026, 11, 24)
OLD = TODAY - dt.timedelta(days=100)


@pytest.mark.parametrize(
    ("months", "broke_up_on", "days"),
    [
        (None, None, 30),
        (None, TODAY, 60),
        (0, OLD, 30),
        (5, OLD, 30),
        (6, OLD, 60),
        (24, OLD, 60),
        (25, OLD, 90),
        (1200, OLD, 90),
        (3, TODAY, 60),  # a breakup today is under two weeks old
        (12, TODAY - dt.timedelta(days=13), 90),
        (12, TODAY - dt.timedelta(days=14), 60),  # two weeks exactly: no longer fresh
        (36, TODAY - dt.timedelta(days=1), 120),
        (36, TODAY + dt.timedelta(days=3), 90),  # a date in the future adds nothing
        (36, dt.date(1, 1, 1), 90),
    ],
)
def test_the_table(months, broke_up_on, days):
    suggestion = suggest_waiting_days(months, broke_up_on, TODAY)
    assert suggestion.days == days
    assert suggestion.reasons
    assert suggestion.days <= MAX_SUGGESTED_DAYS


def test_the_fresh_breakup_says_why():
    reasons = suggest_waiting_days(30, TODAY, TODAY).reasons
    assert reasons == (
        "You were together for more than two years.",
        "The breakup is less than two weeks old, so 30 more days.",
    )


def test_the_form_shows_and_prefills_it(alice_client, alice):
    html = alice_client.get("/journal/waiting/new/").text
    assert 'data-suggested-days="30"' in html
    Situation.objects.create(user=alice, together_months=30, broke_up_on=alice.local_today())
    html = alice_client.get("/journal/waiting/new/").text
    assert 'data-suggested-days="120"' in html
    assert 'name="days" value="120"' in html
    assert "less than two weeks old" in html


def test_any_length_can_still_be_chosen(alice_client, alice):
    Situation.objects.create(user=alice, together_months=30)
    start = alice.local_today().isoformat()
    alice_client.post(
        "/journal/waiting/new/", {"label": "No contact", "start": start, "days": "14"}
    )
    assert alice.waiting_periods.get().days == 14
