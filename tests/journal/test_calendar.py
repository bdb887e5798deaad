from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from journal.models import WaitingPeriod
from tests.responses import Response


def events(response: Response) -> list[tuple[str, dt.date]]:
    calendar = Calendar.from_ical(response.content)
    return sorted((str(e["summary"]), e.decoded("dtstart")) for e in calendar.walk("VEVENT"))


def test_the_feed_is_neutral_unless_names_are_chosen(visitor, alice):
    WaitingPeriod.objects.begin(alice, "Sam", dt.date(2027, 3, 1), 30)
    url = f"/journal/calendar/{alice.calendar_token}.ics"
    titles = [title for title, _day in events(visitor.get(url))]
    assert sorted(titles) == [
        "Waiting period: day 14",
        "Waiting period: day 30 — complete",
        "Waiting period: day 7",
    ]
    assert b"Sam" not in visitor.get(url).content


def test_the_profile_opts_in_to_names(alice_client, alice):
    assert 'name="calendar_names"' in alice_client.get("/accounts/profile/").text
    alice_client.post(
        "/accounts/profile/",
        {"timezone": "UTC", "email": "alice@example.org", "calendar_names": "on"},
    )
    alice.refresh_from_db()
    assert alice.calendar_names


def test_the_feed_lists_milestones_and_the_end(visitor, alice, bob):
    alice.timezone = "America/New_York"
    alice.calendar_names = True
    alice.save()
    start = dt.date(2027, 3, 1)
    WaitingPeriod.objects.begin(alice, "No contact", start, 30)
    WaitingPeriod.objects.begin(bob, "Bob's", start, 10)
    response = visitor.get(f"/journal/calendar/{alice.calendar_token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    assert events(response) == [
        ("No contact: 14 days kept", dt.date(2027, 3, 15)),
        ("No contact: 30 days — complete", dt.date(2027, 3, 31)),  # across the DST change
        ("No contact: 7 days kept", dt.date(2027, 3, 8)),
    ]


def test_an_unknown_token_is_404(visitor, db):
    assert visitor.get("/journal/calendar/not-a-token.ics").status_code == 404
    assert visitor.get("/journal/calendar/%00.ics").status_code == 404


def test_a_new_token_retires_the_old_one(alice_client, alice, visitor):
    old = alice.calendar_token
    html = alice_client.get("/accounts/profile/").text
    assert f"/journal/calendar/{old}.ics" in html
    response = alice_client.post("/accounts/calendar/")
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.calendar_token != old
    assert visitor.get(f"/journal/calendar/{old}.ics").status_code == 404
    assert visitor.get(f"/journal/calendar/{alice.calendar_token}.ics").status_code == 200


def test_regenerating_is_post_only(alice_client):
    assert alice_client.get("/accounts/calendar/").status_code == 405


@pytest.mark.parametrize("token", ["%00", "abc%00def", "x" * 65, "a.b", "%E2%9C%93"])
def test_a_token_that_cannot_be_one_is_404(visitor, db, token):
    # PostgreSQL refuses a NUL in a query: it must never reach one.
    assert visitor.get(f"/journal/calendar/{token}.ics").status_code == 404
