"""Dates far from now: refused by every form, and harmless in records that already exist."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from journal.models import Entry, LogisticsContact, Situation, WaitingPeriod
from reconnect.lib.dates import EARLIEST_DAY, check_day, check_past_day, latest_day
from tests.conftest import SITUATION
from tests.markup import search

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
TOO_EARLY = "too long ago: pick one from 1900 on"


def test_the_bounds_are_1900_and_a_year_ahead():
    today = dt.date(2026, 11, 24)
    assert check_day(EARLIEST_DAY, today) == EARLIEST_DAY
    assert check_day(latest_day(today), today) == dt.date(2027, 11, 24)
    with pytest.raises(Exception, match="1900"):
        check_day(dt.date(1899, 12, 31), today)
    with pytest.raises(Exception, match="within a year"):
        check_day(dt.date(2027, 11, 25), today)


IN_THE_FUTURE = "That day is in the future. Pick today or earlier."


def test_a_day_that_has_happened_is_today_or_earlier_and_from_1900():
    today = dt.date(2026, 11, 24)
    assert check_past_day(today, today) == today
    assert check_past_day(EARLIEST_DAY, today) == EARLIEST_DAY
    with pytest.raises(ValidationError, match=IN_THE_FUTURE) as tomorrow:
        check_past_day(dt.date(2026, 11, 25), today)
    assert tomorrow.value.code == "date_in_future"
    with pytest.raises(ValidationError, match="1900"):
        check_past_day(dt.date(1899, 12, 31), today)


@time_machine.travel(NOW)
@pytest.mark.parametrize(
    ("page", "form", "model"),
    [
        ("/journal/new/", {"day": "2026-11-25", "title": "Soon"}, Entry),
        (
            "/journal/waiting/new/",
            {"label": "No contact", "start": "2026-11-25", "days": "30", "purpose": ""},
            WaitingPeriod,
        ),
        ("/readiness/", {**SITUATION, "broke_up_on": "2026-11-25"}, Situation),
        ("contact", {"day": "2026-11-25", "note": "Keys"}, LogisticsContact),
    ],
)
def test_every_day_that_has_happened_refuses_tomorrow_in_the_same_words(
    alice_client, period, page, form, model
):
    page = f"/journal/waiting/{period.pk}/contact/" if page == "contact" else page
    before = model.objects.count()  # the period the contact needs is one already
    response = alice_client.post(page, form)
    assert response.status_code == 200
    assert IN_THE_FUTURE in response.text
    assert model.objects.count() == before


@time_machine.travel(NOW)
@pytest.mark.parametrize("start", ["0001-01-01", "1899-12-31"])
def test_a_period_starting_in_year_1_is_refused(alice_client, start):
    data = {"label": "No contact", "start": start, "days": "30", "purpose": ""}
    response = alice_client.post("/journal/waiting/new/", data)
    assert response.status_code == 200
    assert TOO_EARLY in response.text
    assert not WaitingPeriod.objects.exists()


@time_machine.travel(NOW)
def test_a_period_may_start_on_the_first_day_of_1900(alice_client):
    data = {"label": "No contact", "start": "1900-01-01", "days": "30", "purpose": ""}
    assert alice_client.post("/journal/waiting/new/", data).status_code == 302


@time_machine.travel(NOW)
def test_an_entry_in_year_1_is_refused(alice_client):
    response = alice_client.post("/journal/new/", {"day": "0001-01-01", "title": "Long ago"})
    assert response.status_code == 200
    assert TOO_EARLY in response.text
    assert not Entry.objects.exists()


@time_machine.travel(NOW)
def test_a_breakup_in_year_1_is_refused(alice_client):
    response = alice_client.post("/readiness/", {**SITUATION, "broke_up_on": "0001-01-01"})
    assert response.status_code == 200
    assert TOO_EARLY in response.text
    assert not Situation.objects.exists()


EXTREMES = [
    # Year 1 at UTC midnight is in year 0 in New York; 9999-12-31 plus the days and a
    # zone ahead of UTC is in year 10000. Neither can be shown or added to naively.
    (dt.datetime(1, 1, 1, tzinfo=dt.UTC), dt.date(1, 1, 1), "America/New_York"),
    (dt.datetime(9999, 12, 31, tzinfo=dt.UTC), dt.date(9999, 12, 31), "Pacific/Kiritimati"),
]


@time_machine.travel(NOW)
@pytest.mark.parametrize(("started_at", "start", "zone"), EXTREMES)
def test_an_existing_period_at_the_ends_of_the_calendar_breaks_no_page(
    alice_client, alice, started_at, start, zone
):
    period = WaitingPeriod.objects.create(
        user=alice, label="Old one", start=start, days=365, started_at=started_at
    )
    alice.timezone = zone
    alice.save()
    pages = [
        "/dashboard/",
        "/readiness/",
        "/journal/waiting/",
        f"/journal/waiting/{period.pk}/",
        f"/journal/calendar/{alice.calendar_token}.ics",
        "/journal/export/json/",
    ]
    for page in pages:
        response = alice_client.get(page)
        assert response.status_code == 200, page
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    reset = alice_client.post(f"/journal/waiting/{period.pk}/reset/", {"note": "It happened"})
    assert reset.status_code == 302


@time_machine.travel(NOW)
@pytest.mark.parametrize(
    ("page", "field"),
    [("/journal/new/", "day"), ("/journal/waiting/new/", "start"), ("/readiness/", "broke_up_on")],
)
def test_date_pickers_offer_only_the_accepted_range(alice_client, page, field):
    html = alice_client.get(page).text
    tag = search(rf'<input[^>]*name="{field}"[^>]*>', html)
    assert 'type="date"' in tag
    assert 'min="1900-01-01"' in tag
    assert 'max="2026-11-24"' in tag
