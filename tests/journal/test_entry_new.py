from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from journal.models import Change, Entry
from tests.journal.writing import post_entry
from tests.markup import elements, inert, page_html
from tests.records import find


def valid(**overrides: str | int) -> dict[str, str | int]:
    data: dict[str, str | int] = {
        "day": "2026-11-20",
        "title": "Ran 5k",
        "body": "I *did* it.",
        "mood": "4",
        "focus": "",
    }
    data.update(overrides)
    return data


def test_it_needs_login(visitor):
    assert visitor.get("/journal/new/").url.startswith("/accounts/login/")


def test_the_day_defaults_to_the_users_local_today(alice_client, alice):
    alice.timezone = "Pacific/Auckland"
    alice.save()
    with time_machine.travel(dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)):
        html = alice_client.get("/journal/new/").text
    assert 'value="2026-11-21"' in html  # already tomorrow in New Zealand


@time_machine.travel(dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC))
def test_it_creates_an_entry(alice_client, alice, change):
    response = alice_client.post("/journal/new/", valid(focus=change.pk))
    entry = Entry.objects.get()
    assert response.url == f"/journal/{entry.pk}/"
    assert (entry.user, entry.day, entry.mood, entry.focus) == (
        alice,
        dt.date(2026, 11, 20),
        4,
        change,
    )
    assert entry.body_html == "<p>I <em>did</em> it.</p>"


@time_machine.travel(dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC))
def test_mood_is_optional(alice_client):
    alice_client.post("/journal/new/", valid(mood=""))
    assert Entry.objects.get().mood is None


@time_machine.travel(dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC))
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("day", "2026-11-25", "in the future"),
        ("day", "2026-02-30", "Write the day as a date"),
        ("day", "", "Choose the day this entry is about."),
        ("title", "", "Give the entry a title"),
        ("title", "x" * 121, "A title holds up to 120 characters; this one has 121."),
        ("body", "x" * 20_001, "An entry holds up to 20,000 characters; this one has 20001."),
        ("mood", "0", "Choose a mood from 1 to 5, or none."),
        ("mood", "9", "Choose a mood from 1 to 5, or none."),
        ("mood", "happy", "Choose a mood from 1 to 5, or none."),
        ("focus", "999999", "Choose one of your changes, or none."),
    ],
)
def test_bad_input_is_refused(alice_client, field, value, message):
    response = alice_client.post("/journal/new/", valid(**{field: value}))
    assert response.status_code == 200
    assert message in response.text
    assert "This field is required" not in response.text
    assert not Entry.objects.exists()


def test_the_body_tells_its_limit_and_the_browser_never_cuts_it(alice_client):
    html = alice_client.get("/journal/new/").text
    body = html[html.index('<textarea name="body"') :]
    body = body[: body.index(">")]
    assert 'data-limit="20000"' in body
    assert "maxlength" not in body
    assert "Up to 20,000 characters." in html
    assert "js/counter.js" in html


@time_machine.travel(dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC))
def test_a_body_of_exactly_20000_characters_is_fine(alice_client):
    alice_client.post("/journal/new/", valid(body="x" * 20_000))
    assert Entry.objects.count() == 1


@time_machine.travel(dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC))
def test_someone_elses_change_is_refused(alice_client, bob):
    theirs = Change.objects.create(user=bob, name="Bob's")
    response = alice_client.post("/journal/new/", valid(focus=theirs.pk))
    assert "Choose one of your changes, or none." in response.text
    assert not Entry.objects.exists()


def test_the_form_offers_only_my_active_changes(alice_client, alice, bob):
    Change.objects.create(user=alice, name="Mine")
    Change.objects.create(user=alice, name="Old one", archived=True)
    Change.objects.create(user=bob, name="Bob's area")
    html = alice_client.get("/journal/new/").text
    assert "Mine" in html
    assert "Old one" not in html
    assert "Bob&#x27;s area" not in html


@time_machine.travel(dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC))
def test_scripts_in_the_body_never_reach_the_page(alice_client):
    alice_client.post(
        "/journal/new/", valid(body="<script>alert(1)</script><img src=x onerror=alert(2)>")
    )
    entry = Entry.objects.get()
    html = alice_client.get(f"/journal/{entry.pk}/").text
    assert inert(html.split('id="main"')[1].split("</main>")[0])
    # Shown as the text that was written, never run and never dropped.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_empty_post_says_what_is_missing(alice_client):
    # An empty POST once left the form unbound: the page came back with no message at all.
    response = alice_client.post("/journal/new/", {})
    assert response.status_code == 200
    assert "Choose the day this entry is about." in response.text
    assert "Give the entry a title" in response.text
    assert not Entry.objects.exists()


def test_an_entry_keeps_its_time_and_lists_sort_by_it(alice_client, alice):
    post_entry(alice_client, title="Morning", time="07:15")
    post_entry(alice_client, title="Evening", time="21:40")
    post_entry(alice_client, title="Earlier day", day="2026-03-04", time="23:59")
    assert find(Entry, title="Morning").time == dt.time(7, 15)
    html = alice_client.get("/journal/").text
    assert html.index(">Evening<") < html.index(">Morning<") < html.index(">Earlier day<")
    assert "2026-03-05T21:40" in html


def test_a_bad_time_is_a_form_error(alice_client):
    response = post_entry(alice_client, time="25:00")
    assert response.status_code == 200
    assert "Enter a valid time" in response.text
    assert not Entry.objects.exists()


def test_bodies_are_stored_with_plain_newlines(alice_client):
    post_entry(alice_client, body="one\r\ntwo\rthree")
    assert Entry.objects.get().body == "one\ntwo\nthree"


@pytest.mark.parametrize(
    ("day", "message"),
    [("1899-12-31", "from 1900 on"), ("0001-01-01", "from 1900 on"), ("9999-12-31", "future")],
)
def test_days_are_bounded(alice_client, day, message):
    response = post_entry(alice_client, day=day)
    assert message in response.text
    assert not Entry.objects.exists()


def test_nul_is_refused_everywhere(alice_client):
    for field in ("title", "body", "tags"):
        response = post_entry(alice_client, **{field: "a\x00b"})
        assert "Null characters are not allowed" in response.text
    assert not Entry.objects.exists()


def test_the_counter_groups_figures_as_the_help_text_does(alice_client, alice):
    """The script counted "20,000" or "20.000" (the browser's way) beside "Up to 20 000"."""
    html = page_html(alice_client, "/journal/new/")
    assert 'data-thousands=","' in html and "Up to 20,000 characters." in html
    alice.language = "es"
    alice.save()
    html = page_html(alice_client, "/journal/new/")
    assert 'data-thousands="\xa0"' in html and "Hasta 20\xa0000 caracteres." in html


def test_the_cursor_starts_in_the_first_empty_field_to_type_in(alice_client):
    """Not in Day, filled in already: on a phone focusing it opens the date picker."""
    html = page_html(alice_client, "/journal/new/")
    assert 'name="day" value="' in html
    assert [a["name"] for _t, a in elements(html) if "autofocus" in a] == ["title"]
