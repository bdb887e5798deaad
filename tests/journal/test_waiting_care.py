"""Waiting periods say one consistent thing: the current run, a complete start said once,
and a second period overlapping a running one asked about first."""

from __future__ import annotations

import datetime as dt

import time_machine

from journal.models import WaitingPeriod

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


def valid(**overrides) -> dict:
    data = {"label": "No contact", "start": "2026-11-14", "days": "30", "purpose": ""}
    data.update(overrides)
    return data


@time_machine.travel(NOW)
def test_the_header_shows_the_current_run(alice_client, alice):
    alice_client.post("/journal/waiting/new/", valid(days="60"))
    period = WaitingPeriod.objects.get()
    html = alice_client.get(f"/journal/waiting/{period.pk}/").text
    assert 'started <time datetime="2026-11-14">14 Nov 2026</time>' in html
    assert 'ends <time datetime="2027-01-13">13 Jan 2027</time>' in html
    with time_machine.travel(NOW + dt.timedelta(days=1)):
        alice_client.force_login(alice)
        alice_client.post(f"/journal/waiting/{period.pk}/reset/", {"note": "I texted"})
        html = alice_client.get(f"/journal/waiting/{period.pk}/").text
    run = html[html.index("data-run") : html.index("</p>", html.index("data-run"))]
    assert 'this run started <time datetime="2026-11-25">25 Nov 2026</time>' in run
    assert 'ends <time datetime="2027-01-24">24 Jan 2027</time>' in run
    assert "0 days kept" in run
    assert "First started" in run


@time_machine.travel(NOW)
def test_a_period_created_complete_says_so_once(alice_client):
    response = alice_client.post("/journal/waiting/new/", valid(start="2026-10-01", days="14"))
    html = alice_client.get(response.url).text
    assert "has started" not in html
    assert html.count("You did it") == 1
    assert "Your waiting period is saved." in html


@time_machine.travel(NOW)
def test_a_running_period_starts_as_before(alice_client):
    response = alice_client.post("/journal/waiting/new/", valid())
    html = alice_client.get(response.url).text
    assert "has started" in html and "You did it" not in html


@time_machine.travel(NOW)
def test_an_overlapping_period_is_asked_about_first(alice_client, alice):
    WaitingPeriod.objects.begin(alice, "No contact", dt.date(2026, 11, 20), 55)  # to 14 Jan
    response = alice_client.post("/journal/waiting/new/", valid(label="No social media"))
    assert response.status_code == 200
    assert WaitingPeriod.objects.count() == 1
    html = response.text
    assert "You already have “No contact” running until 14 Jan. Start another?" in html
    assert "no social media" in html
    assert 'name="confirm_overlap" value="on"' in html
    assert "Yes, start another" in html
    confirmed = alice_client.post(
        "/journal/waiting/new/", valid(label="No social media", confirm_overlap="on")
    )
    assert confirmed.status_code == 302
    assert WaitingPeriod.objects.count() == 2


@time_machine.travel(NOW)
def test_no_question_without_an_overlap(alice_client, alice):
    WaitingPeriod.objects.begin(alice, "Old", dt.date(2026, 1, 1), 30)  # over long ago
    WaitingPeriod.objects.begin(alice, "Later", dt.date(2026, 11, 20), 30)
    # Ended before the running one began: no overlap with it.
    response = alice_client.post("/journal/waiting/new/", valid(start="2026-10-01", days="10"))
    assert response.status_code == 302


@time_machine.travel(NOW)
def test_someone_elses_running_period_never_counts(alice_client, bob):
    WaitingPeriod.objects.begin(bob, "Bob's", dt.date(2026, 11, 20), 55)
    assert alice_client.post("/journal/waiting/new/", valid()).status_code == 302


@time_machine.travel(NOW)
def test_days_are_explained_in_plain_words(alice_client):
    html = alice_client.get("/journal/waiting/new/").text
    assert "Any number of days from 1 to 365" in html
    for bad in ("0", "366", "-5", "1" * 50, "3\x000"):
        response = alice_client.post("/journal/waiting/new/", valid(days=bad))
        assert response.status_code == 200
        assert "Choose a number of days from 1 to 365." in response.text
    assert not WaitingPeriod.objects.exists()
