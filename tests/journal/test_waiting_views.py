from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from journal.models import ReadinessSnapshot, Reset, WaitingPeriod
from tests.markup import page_html

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


def valid(**overrides: str) -> dict[str, str]:
    data = {"label": "No contact", "start": "2026-11-14", "days": "30", "purpose": ""}
    data.update(overrides)
    return data


@time_machine.travel(NOW)
def test_it_starts_a_backdated_period_and_shows_progress(alice_client, alice):
    response = alice_client.post("/journal/waiting/new/", valid())
    period = WaitingPeriod.objects.get()
    assert response.url == f"/journal/waiting/{period.pk}/"
    assert period.started_at == dt.datetime(2026, 11, 14, tzinfo=dt.UTC)
    html = alice_client.get(response.url).text
    assert 'data-percent="35"' in html  # 10.5 of 30 days
    assert "10 days kept" in html
    assert "20 days left" in html
    assert 'data-state="running"' in html


@time_machine.travel(NOW)
def test_the_form_offers_the_usual_lengths(alice_client):
    html = alice_client.get("/journal/waiting/new/").text
    for days in (14, 21, 30, 60, 90):
        assert f'<option value="{days}">' in html
    assert 'list="id_days-presets"' in html


@time_machine.travel(NOW)
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("start", "2026-11-25", "That day is in the future. Pick today or earlier."),
        ("start", "someday", "Write the day as a date"),
        ("days", "0", "Choose a number of days from 1 to 365."),
        ("days", "400", "Choose a number of days from 1 to 365."),
        ("days", "", "Choose a number of days from 1 to 365."),
        ("days", "thirty", "Choose a number of days from 1 to 365."),
        ("label", "", "Give it a name"),
    ],
)
def test_bad_input_is_refused(alice_client, field, value, message):
    response = alice_client.post("/journal/waiting/new/", valid(**{field: value}))
    assert response.status_code == 200
    assert message in response.text
    assert "Ensure this value" not in response.text
    assert not WaitingPeriod.objects.exists()


@time_machine.travel(NOW)
def test_the_start_uses_the_users_time_zone(alice_client, alice):
    alice.timezone = "Pacific/Kiritimati"  # UTC+14: already 25 November there
    alice.save()
    response = alice_client.post("/journal/waiting/new/", valid(start="2026-11-25"))
    assert response.status_code == 302


def test_the_list_shows_each_period_with_its_progress(alice_client, period, bob):
    WaitingPeriod.objects.create(
        user=bob, label="Bob's period", start=period.start, days=5, started_at=period.started_at
    )
    html = alice_client.get("/journal/waiting/").text
    assert f'data-period="{period.pk}"' in html
    assert re.search(r'data-percent="3[3-6]"', html)  # 10 to 11 days of 30
    assert "Bob&#x27;s period" not in html


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_has_a_fixed_query_count(
    alice_client, alice, period, count, django_assert_num_queries
):
    for _ in range(count):
        Reset.objects.create(period=period, run_started_at=period.started_at, note="x")
        WaitingPeriod.objects.create(
            user=alice, label="more", start=period.start, days=9, started_at=period.started_at
        )
    for _ in range(2):
        with django_assert_num_queries(4):  # with the keys that open their words
            alice_client.get("/journal/waiting/")
    with django_assert_num_queries(
        6
    ):  # session, user, its keys, period, resets, practical contacts
        alice_client.get(f"/journal/waiting/{period.pk}/")


def test_reset_restarts_the_clock_and_keeps_history(alice_client, period):
    old_start = period.started_at
    with time_machine.travel(NOW, tick=False):
        response = alice_client.post(f"/journal/waiting/{period.pk}/reset/", {"note": "I texted"})
    assert response.url == f"/journal/waiting/{period.pk}/"
    period.refresh_from_db()
    reset = period.resets.get()
    assert (reset.run_started_at, reset.at, reset.note) == (old_start, NOW, "I texted")
    assert period.started_at == NOW
    with time_machine.travel(NOW + dt.timedelta(days=2)):
        alice_client.force_login(period.user)
        html = alice_client.get(response.url).text
    assert 'data-count="resets">1<' in html
    assert "I texted" in html


# The period fixture began ten local days ago: the run it ends kept ten days.
RESTARTED = "The clock has restarted. You kept 10 days. That still counts."


@pytest.mark.parametrize("way", ["reset", "contacted urge"])
def test_both_ways_to_restart_do_the_same(alice_client, alice, urge, period, way):
    """A reset and a contacted urge restart the clock through one function: same history,
    same timeline, same kind word."""
    if way == "reset":
        url, form = f"/journal/waiting/{period.pk}/reset/", {"note": "I texted"}
    else:
        alice_client.post(f"/urges/{urge.pk}/outcome/", {"outcome": "contacted"})
        url, form = f"/urges/{urge.pk}/reset/", {}
    response = alice_client.post(url, form, follow=True)
    assert response.redirect_chain == [(f"/journal/waiting/{period.pk}/", 302)]
    assert RESTARTED in response.text
    assert period.resets.count() == 1
    assert ReadinessSnapshot.objects.filter(user=alice).exists()


def test_reset_needs_a_note(alice_client, period):
    old_start = period.started_at
    response = alice_client.post(f"/journal/waiting/{period.pk}/reset/", {"note": ""})
    assert response.status_code == 200
    assert "This field is required" not in response.text  # Django's words, on a bad day
    assert "A few words are enough, even just “it happened”. Then reset." in response.text
    assert "data-reset-form" in response.text and "Reset it again" not in response.text
    period.refresh_from_db()
    assert period.started_at == old_start
    assert not period.resets.exists()


def test_reset_is_post_only(alice_client, period):
    assert alice_client.get(f"/journal/waiting/{period.pk}/reset/").status_code == 405


def test_a_complete_period_says_so(alice_client, alice, period):
    with time_machine.travel(period.started_at + dt.timedelta(days=31)):
        alice_client.force_login(alice)  # the old session has expired by then
        html = alice_client.get(f"/journal/waiting/{period.pk}/").text
    assert 'data-percent="100"' in html
    assert 'data-state="complete"' in html
    # Said once, not "Complete", "Completed …" and "· complete" in one box.
    assert html.count(">Complete<") == 1 and "Completed" not in html and "· complete" not in html


def test_delete_asks_then_deletes(alice_client, period):
    assert alice_client.get(f"/journal/waiting/{period.pk}/delete/").status_code == 200
    assert WaitingPeriod.objects.exists()
    assert alice_client.post(f"/journal/waiting/{period.pk}/delete/").url == "/journal/waiting/"
    assert not WaitingPeriod.objects.exists()


@pytest.mark.parametrize("suffix", ["", "reset/", "delete/"])
def test_it_checks_ownership(bob_client, period, suffix):
    url = f"/journal/waiting/{period.pk}/{suffix}"
    assert bob_client.post(url, {"note": "x"}).status_code == 404
    if suffix != "reset/":
        assert bob_client.get(url).status_code == 404
    assert WaitingPeriod.objects.filter(pk=period.pk).exists()
    assert not Reset.objects.exists()


def test_visitors_are_sent_to_log_in(visitor, period):
    for url in ("/journal/waiting/", "/journal/waiting/new/", f"/journal/waiting/{period.pk}/"):
        assert visitor.get(url).url.startswith("/accounts/login/")


def test_the_list_follows_every_change(alice_client, alice, period):
    assert "reset once" not in page_html(alice_client, "/journal/waiting/")
    alice_client.post(f"/journal/waiting/{period.pk}/reset/", {"note": "I texted them."})
    assert "reset once" in alice_client.get("/journal/waiting/").text
    alice_client.post(
        "/journal/waiting/new/", valid(label="No social media", confirm_overlap="on")
    )  # it overlaps the running one: confirmed
    assert "No social media" in alice_client.get("/journal/waiting/").text
    alice_client.post(f"/journal/waiting/{period.pk}/delete/")
    html = alice_client.get("/journal/waiting/").text
    assert f'data-period="{period.pk}"' not in html and "No social media" in html


def test_the_cards_follow_the_clock(alice_client, alice):
    with time_machine.travel(NOW, tick=False):
        alice_client.post("/journal/waiting/new/", valid())  # 10.5 of 30 days at NOW
        assert 'data-percent="35"' in alice_client.get("/journal/waiting/").text
        assert 'data-percent="35"' in alice_client.get("/dashboard/").text
    with time_machine.travel(NOW + dt.timedelta(hours=9), tick=False):  # the same day
        assert 'data-percent="36"' in alice_client.get("/journal/waiting/").text
        assert 'data-percent="36"' in alice_client.get("/dashboard/").text


# One consistent story: the current run, a complete start said once, an overlap asked first


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
    assert response.status_code == 302
    html = alice_client.get(response.url).text
    assert html.count("You did it") == 1
    assert "has started" not in html
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


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/Berlin"])
def test_a_period_across_a_clock_change_shows_every_day_kept(alice_client, alice, zone):
    alice.timezone = zone
    alice.save(update_fields=["timezone"])
    period = WaitingPeriod.objects.begin(alice, "No contact", dt.date(2025, 3, 1), 60)
    with time_machine.travel(dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC)):
        alice_client.force_login(alice)
        html = alice_client.get(f"/journal/waiting/{period.pk}/").text
    assert "60 days kept" in html
    assert '<dd data-count="longest_clean_days">60</dd>' in html
    assert '<dd data-count="total_kept_days">60</dd>' in html


def test_right_after_a_reset_the_form_steps_back(alice_client, period):
    """Under "0 days kept", a card inviting another reset was the first thing after it."""
    html = page_html(alice_client, f"/journal/waiting/{period.pk}/")
    assert '<section class="card" data-reset-form>' in html
    alice_client.post(f"/journal/waiting/{period.pk}/reset/", {"note": "I texted"})
    html = page_html(alice_client, f"/journal/waiting/{period.pk}/")
    assert "0 days kept" in html
    assert '<section class="card" data-reset-form>' not in html
    fold = html.index('<details class="fold mt-3" data-reset-form>')
    assert html.index("data-reset=") < fold  # the history first
    assert 'action="/journal/waiting/' in html[fold:]
    with time_machine.travel(dt.timedelta(days=2)):
        alice_client.force_login(period.user)
        html = page_html(alice_client, f"/journal/waiting/{period.pk}/")
    assert '<section class="card" data-reset-form>' in html
