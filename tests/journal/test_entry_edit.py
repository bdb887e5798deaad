from __future__ import annotations

import datetime as dt

import time_machine


def test_it_shows_the_form_filled_in(alice_client, entry):
    html = alice_client.get(f"/journal/{entry.pk}/edit/").text
    assert 'value="A long walk"' in html
    assert 'value="2026-11-01"' in html


@time_machine.travel(dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC))
def test_it_saves_changes_and_rerenders(alice_client, entry):
    response = alice_client.post(
        f"/journal/{entry.pk}/edit/",
        {"day": "2026-11-02", "title": "Changed", "body": "**new**", "mood": "", "focus": ""},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.title, entry.day, entry.focus) == ("Changed", dt.date(2026, 11, 2), None)
    assert entry.body_html == "<p><strong>new</strong></p>"


@time_machine.travel(dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC))
def test_bad_input_changes_nothing(alice_client, entry):
    response = alice_client.post(
        f"/journal/{entry.pk}/edit/",
        {"day": "2030-01-01", "title": "", "body": "", "mood": "7", "focus": ""},
    )
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.title == "A long walk"


def test_it_checks_ownership(bob_client, entry):
    assert bob_client.get(f"/journal/{entry.pk}/edit/").status_code == 404
    response = bob_client.post(f"/journal/{entry.pk}/edit/", {"title": "hacked"})
    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.title == "A long walk"
