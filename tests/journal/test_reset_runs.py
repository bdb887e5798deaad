"""A slip is a day, not a verdict: each reset keeps the days its run kept, the pages say
them kindly, and what led to a reset may be said. Every figure against a hand count."""

from __future__ import annotations

import datetime as dt
import importlib
import zoneinfo

import pytest
import time_machine
from django.apps import apps

from journal.models import Reset, WaitingPeriod, local_midnight
from reconnect.accounts.models import User
from tests.markup import page_html

UTC = zoneinfo.ZoneInfo("UTC")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def period_from(day: dt.date, days: int, tz: zoneinfo.ZoneInfo) -> WaitingPeriod:
    started_at = local_midnight(day, tz).astimezone(UTC)
    return WaitingPeriod(label="p", start=day, days=days, started_at=started_at)


def reset_at(period: WaitingPeriod, at: dt.datetime, tz: zoneinfo.ZoneInfo) -> Reset:
    """What `period.reset` stores, without a database: the run's days, then a new run."""
    kept = Reset(run_started_at=period.started_at, at=at, run_days=period.run_days_at(at, tz))
    period.started_at = at
    return kept


def figures(period: WaitingPeriod, resets: list[Reset], now: dt.datetime, tz) -> tuple[int, ...]:
    history = period.history(resets, now, tz)
    runs = tuple(r.run_days for r in resets)
    return (*runs, history.current_days, history.longest_clean_days, history.total_kept_days)


def test_a_reset_on_the_first_day_kept_no_whole_day():
    period = period_from(dt.date(2026, 3, 2), 30, UTC)
    first = reset_at(period, dt.datetime(2026, 3, 2, 19, tzinfo=UTC), UTC)
    now = dt.datetime(2026, 3, 5, 20, tzinfo=UTC)  # 3 days and an hour into the new run
    # run 0; current 3; longest 3; in all 0 + 3
    assert figures(period, [first], now, UTC) == (0, 3, 3, 3)


def test_two_resets_the_same_day():
    period = period_from(dt.date(2026, 3, 2), 30, UTC)
    morning = reset_at(period, dt.datetime(2026, 3, 12, 8, tzinfo=UTC), UTC)  # 10 days, 8 h
    evening = reset_at(period, dt.datetime(2026, 3, 12, 20, tzinfo=UTC), UTC)  # 12 hours
    now = dt.datetime(2026, 3, 14, 21, tzinfo=UTC)  # 2 days and an hour
    # runs 10 and 0; current 2; longest 10; in all 10 + 0 + 2
    assert figures(period, [morning, evening], now, UTC) == (10, 0, 2, 10, 12)


def test_a_period_that_has_ended_counts_its_length_not_beyond():
    period = period_from(dt.date(2026, 1, 1), 30, UTC)
    slip = reset_at(period, dt.datetime(2026, 1, 6, 12, tzinfo=UTC), UTC)  # 5 days
    now = dt.datetime(2026, 4, 1, tzinfo=UTC)  # long after the new run's 30 days
    assert period.progress(now, UTC).complete
    # run 5; current 30 (its length); longest 30; in all 35
    assert figures(period, [slip], now, UTC) == (5, 30, 30, 35)


def test_a_reset_after_the_end_keeps_the_runs_length():
    period = period_from(dt.date(2026, 1, 1), 30, UTC)
    late = reset_at(period, dt.datetime(2026, 3, 1, tzinfo=UTC), UTC)  # 59 days after
    assert late.run_days == 30


@pytest.mark.parametrize(
    ("tz", "start", "broken", "kept"),
    [
        # New York springs forward on 9 March: 19 local days are 455 hours, not 456.
        (NEW_YORK, dt.date(2025, 3, 1), dt.datetime(2025, 3, 20, 0, 0), 19),
        # Berlin falls back on 26 October: 10 local days are 241 hours.
        (BERLIN, dt.date(2025, 10, 20), dt.datetime(2025, 10, 30, 0, 0), 10),
        # 23:30 the evening before the tenth day is still nine days kept.
        (BERLIN, dt.date(2025, 10, 20), dt.datetime(2025, 10, 29, 23, 30), 9),
    ],
)
def test_runs_across_a_clock_change_count_local_days(tz, start, broken, kept):
    period = period_from(start, 60, tz)
    slip = reset_at(period, broken.replace(tzinfo=tz), tz)
    assert slip.run_days == kept
    now = (broken + dt.timedelta(days=5)).replace(tzinfo=tz)
    assert figures(period, [slip], now, tz) == (kept, 5, max(kept, 5), kept + 5)


def test_what_a_run_kept_stays_when_the_zone_changes():
    period = period_from(dt.date(2026, 3, 1), 60, NEW_YORK)
    slip = reset_at(period, dt.datetime(2026, 3, 11, 23, tzinfo=NEW_YORK), NEW_YORK)  # 10 days
    tokyo = zoneinfo.ZoneInfo("Asia/Tokyo")  # there it was already 12 March, 13:00
    assert period.history([slip], slip.at, tokyo).total_kept_days == 10


# The pages


NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def slipped(alice: User) -> WaitingPeriod:
    """Alice's 60 days from 1 November: a reset on 24 Nov (23 days) and one the same day."""
    period = WaitingPeriod.objects.begin(alice, "No contact", dt.date(2026, 11, 1), 60)
    period.reset("Texted", dt.datetime(2026, 11, 24, 9, tzinfo=UTC), UTC, ",alcohol,")
    period.reset("Called", dt.datetime(2026, 11, 24, 10, tzinfo=UTC), UTC, ",unsaid,")
    return period


def test_the_period_shows_each_run_kept_and_the_days_in_all(alice_client, slipped):
    with time_machine.travel(dt.datetime(2026, 11, 27, 11, tzinfo=dt.UTC), tick=False):
        html = page_html(alice_client, f"/journal/waiting/{slipped.pk}/")
    # runs 23 and 0; current 3 (24 Nov 10:00 to 27 Nov 11:00); longest 23; in all 26
    assert '<dd data-count="current_days">3</dd>' in html
    assert '<dd data-count="longest_clean_days">23</dd>' in html
    assert '<dd data-count="total_kept_days">26</dd>' in html
    assert '<dd data-count="resets">2</dd>' in html
    assert "Over every run you kept 26 days. That still counts." in html
    assert 'data-run-days="23"' in html and "You kept 23 days. That still counts." in html
    assert 'data-run-days="0"' in html and "Less than a day this time." in html
    assert 'data-led-to="alcohol"' in html and "Before it: Alcohol" in html
    assert 'data-led-to="unsaid"' in html and "Before it: I&#x27;d rather not say" in html
    for blame in ("fail", "broke your", "lost", "ruined"):
        assert blame not in html.lower()


def test_the_list_shows_the_days_in_all_and_the_longest_run(alice_client, slipped):
    with time_machine.travel(dt.datetime(2026, 11, 27, 11, tzinfo=dt.UTC), tick=False):
        html = page_html(alice_client, "/journal/waiting/")
    assert 'data-total-kept="26" data-longest="23"' in html
    assert "26 days kept in all" in html and "longest run 23 days" in html


def test_a_period_without_resets_says_no_totals_in_the_list(alice_client, period):
    assert "data-total-kept" not in page_html(alice_client, "/journal/waiting/")


def test_a_reset_keeps_its_run_and_what_led_to_it(alice_client, alice, period):
    # The period fixture began ten local days ago, at midnight.
    response = alice_client.post(
        f"/journal/waiting/{period.pk}/reset/",
        {"note": "I texted", "triggers": ["loneliness", "alcohol", "loneliness"]},
        follow=True,
    )
    reset = period.resets.get()
    assert (reset.run_days, reset.triggers) == (10, ",loneliness,alcohol,")
    assert "The clock has restarted. You kept 10 days. That still counts." in response.text


@time_machine.travel(NOW, tick=False)
def test_a_reset_on_the_first_day_speaks_kindly(alice_client, alice):
    period = WaitingPeriod.objects.begin(alice, "Fresh", alice.local_today(), 30)
    response = alice_client.post(
        f"/journal/waiting/{period.pk}/reset/", {"note": "It happened"}, follow=True
    )
    assert period.resets.get().run_days == 0
    assert "Beginning again is part of it, and it counts." in response.text


@pytest.mark.parametrize(
    ("triggers", "message"),
    [
        (["unsaid", "alcohol"], "Choose what led to it, or “I&#x27;d rather not say”: not both."),
        (["heartbreak"], "Pick from the list; “Something else” is fine."),
        (["alcohol\x00"], "Pick from the list; “Something else” is fine."),
    ],
)
def test_a_bad_answer_about_what_led_to_it_changes_nothing(alice_client, period, triggers, message):
    started_at = period.started_at
    response = alice_client.post(
        f"/journal/waiting/{period.pk}/reset/", {"note": "x", "triggers": triggers}
    )
    assert response.status_code == 200 and message in response.text
    period.refresh_from_db()
    assert period.started_at == started_at and not period.resets.exists()


def test_rather_not_say_is_an_answer(alice_client, period):
    alice_client.post(f"/journal/waiting/{period.pk}/reset/", {"note": "x", "triggers": "unsaid"})
    assert period.resets.get().triggers == ",unsaid,"


def test_the_form_offers_the_urges_choices_and_rather_not_say(alice_client, period):
    html = page_html(alice_client, f"/journal/waiting/{period.pk}/")
    for key in ("loneliness", "social_media", "other", "unsaid"):
        assert f'name="triggers" value="{key}"' in html


def test_a_contacted_urge_resets_with_what_set_it_off(alice_client, urge, period):
    alice_client.post(f"/urges/{urge.pk}/outcome/", {"outcome": "contacted"})
    alice_client.post(f"/urges/{urge.pk}/reset/")
    reset = period.resets.get()
    assert (reset.triggers, reset.run_days) == (",loneliness,alcohol,", 10)


def test_another_persons_period_is_a_404_and_untouched(bob_client, period):
    response = bob_client.post(f"/journal/waiting/{period.pk}/reset/", {"note": "x"})
    assert response.status_code == 404
    assert not period.resets.exists()


# The resets made before runs were kept: counted once, by the migration


def test_the_migration_counts_the_runs_of_earlier_resets(alice, bob, monkeypatch):
    migration = importlib.import_module("journal.migrations.0021_reset_runs")
    monkeypatch.setattr(migration, "BATCH", 1)  # every period a batch of its own
    bob.timezone = "America/New_York"
    bob.save()
    theirs = WaitingPeriod.objects.begin(bob, "Spring", dt.date(2025, 3, 1), 60)
    mine = WaitingPeriod.objects.begin(alice, "Mine", dt.date(2026, 1, 1), 30)
    rows = [
        (mine, dt.datetime(2026, 1, 6, 10, tzinfo=dt.UTC)),  # 5 days from 1 Jan
        (mine, dt.datetime(2026, 1, 6, 18, tzinfo=dt.UTC)),  # the same day: 0
        (mine, dt.datetime(2026, 1, 13, 9, tzinfo=dt.UTC)),  # 6 days and 15 hours: 6
        (mine, dt.datetime(2026, 3, 1, tzinfo=dt.UTC)),  # 47 days, more than its 30: 30
        (theirs, dt.datetime(2025, 3, 20, 0, 0, tzinfo=NEW_YORK)),  # 19 local days, DST
    ]
    for period, at in reversed(rows):  # made out of order: the migration orders them
        Reset.objects.create(period=period, run_started_at=period.started_at, at=at, note="x")
    migration.count_runs(apps, None)
    counted = Reset.objects.order_by("period__user__username", "at").values_list(
        "run_days", flat=True
    )
    assert list(counted) == [5, 0, 6, 30, 19]
    migration.count_runs(apps, None)  # again, as after a migrate stopped half-way: the same
    assert list(counted.all()) == [5, 0, 6, 30, 19]
