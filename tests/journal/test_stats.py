from __future__ import annotations

import datetime as dt

import pytest

from journal.models import DayMood, Entry
from journal.stats import (
    Streaks,
    days_with_moods,
    entries_per_day,
    journal_summary,
    week_start,
    weekly_streaks,
)

MON = dt.date(2026, 11, 2)  # a Monday


def weeks(*offsets: int) -> list[dt.date]:
    return [MON + dt.timedelta(weeks=o) for o in offsets]


@pytest.mark.parametrize(
    ("active", "today", "expected"),
    [
        ([], MON, Streaks(0, 0)),
        (weeks(0), MON, Streaks(1, 1)),
        (weeks(0, 1, 2), MON + dt.timedelta(weeks=2, days=6), Streaks(3, 3)),
        # This week has no entry yet: last week's streak still stands.
        (weeks(0, 1), MON + dt.timedelta(weeks=2, days=3), Streaks(2, 2)),
        # Two weeks without an entry break it.
        (weeks(0, 1), MON + dt.timedelta(weeks=3), Streaks(0, 2)),
        (weeks(0, 1, 2, 5, 6), MON + dt.timedelta(weeks=6), Streaks(2, 3)),
    ],
)
def test_weekly_streaks(active, today, expected):
    assert weekly_streaks(active, today) == expected


def test_week_start_is_monday():
    assert week_start(dt.date(2026, 11, 8)) == MON  # a Sunday
    assert week_start(MON) == MON


@pytest.mark.django_db
def test_summary_counts_only_the_users_own_entries(alice, bob, django_assert_num_queries):
    today = MON + dt.timedelta(days=9)  # Wednesday of the next week
    old = today - dt.timedelta(days=400)
    for day in (MON, MON + dt.timedelta(days=8), today, today - dt.timedelta(days=40), old):
        Entry.objects.create(user=alice, day=day, title="t")
    Entry.objects.create(user=bob, day=today, title="bob's")
    with django_assert_num_queries(1):
        summary = journal_summary(alice.pk, today)
    assert (summary.this_week, summary.last_30_days) == (2, 3)
    assert summary.streaks == Streaks(current=2, best=2)
    assert old not in summary.days
    assert summary.entries_since(today - dt.timedelta(days=89)) == 4
    assert summary.weeks_since(today - dt.timedelta(days=89)) == 3


@pytest.mark.django_db
def test_a_mood_is_averaged_per_day_and_only_for_the_last_90_days(alice):
    today = MON
    Entry.objects.create(user=alice, day=today, title="a", mood=2)
    Entry.objects.create(user=alice, day=today, title="b", mood=5)
    Entry.objects.create(user=alice, day=today - dt.timedelta(days=91), title="c", mood=1)
    assert journal_summary(alice.pk, today).moods == {today: 3.5}


@pytest.mark.django_db
def test_entries_per_day_reads_dates_counts_and_moods_at_the_ends_of_the_range(alice, bob):
    first, last = dt.date(1, 1, 1), dt.date(9999, 12, 31)
    Entry.objects.create(user=alice, day=first, title="a", mood=1)
    Entry.objects.create(user=alice, day=first, title="b", mood=4)
    Entry.objects.create(user=alice, day=last, title="c")
    Entry.objects.create(user=bob, day=last, title="bob's", mood=3)
    found = sorted(entries_per_day(alice.pk, first, last))
    assert found == [(first, 2, 2.5), (last, 1, None)]
    assert all(type(day) is dt.date and type(n) is int for day, n, _ in found)
    assert (
        entries_per_day(alice.pk, first + dt.timedelta(days=1), last - dt.timedelta(days=1)) == []
    )


@pytest.mark.django_db
def test_a_tapped_mood_is_the_days_mood_and_no_entry(alice, bob, django_assert_num_queries):
    today = MON
    Entry.objects.create(user=alice, day=today, title="a", mood=1)
    Entry.objects.create(user=alice, day=today, title="b", mood=2)
    DayMood.objects.create(user=alice, day=today, mood=5)
    Entry.objects.create(user=alice, day=today - dt.timedelta(days=1), title="c", mood=2)
    Entry.objects.create(user=alice, day=today - dt.timedelta(days=1), title="d", mood=3)
    DayMood.objects.create(user=alice, day=today - dt.timedelta(days=2), mood=4)  # nothing written
    DayMood.objects.create(user=alice, day=today - dt.timedelta(days=3))  # quick tags only
    DayMood.objects.create(user=bob, day=today - dt.timedelta(days=1), mood=1)
    with django_assert_num_queries(1):
        summary = journal_summary(alice.pk, today)
    yesterday, before = today - dt.timedelta(days=1), today - dt.timedelta(days=2)
    assert summary.moods == {today: 5.0, yesterday: 2.5, before: 4.0}
    assert summary.tapped == 5
    # A day with only a mood tapped has no entry: no count, no streak, no heat.
    assert summary.days == {today: 2, yesterday: 2}
    assert (summary.this_week, summary.last_30_days) == (2, 4)  # MON starts a week
    found = sorted(days_with_moods(alice.pk, dt.date(1900, 1, 1), today))
    assert found == [
        (today - dt.timedelta(days=3), 0, None, None),
        (before, 0, 4.0, 4),
        (yesterday, 2, 2.5, None),
        (today, 2, 5.0, 5),
    ]
    assert entries_per_day(alice.pk, before, before) == []


@pytest.mark.django_db
def test_today_untapped_is_none(alice):
    Entry.objects.create(user=alice, day=MON, title="a", mood=3)
    DayMood.objects.create(user=alice, day=MON - dt.timedelta(days=1), mood=5)
    assert journal_summary(alice.pk, MON).tapped is None


@pytest.mark.django_db
def test_without_moods_the_days_are_the_same(alice):
    Entry.objects.create(user=alice, day=MON, title="a", mood=3)
    DayMood.objects.create(user=alice, day=MON - dt.timedelta(days=1), mood=5)
    full, light = journal_summary(alice.pk, MON), journal_summary(alice.pk, MON, with_moods=False)
    assert (light.days, light.streaks, light.this_week) == (full.days, full.streaks, full.this_week)
    assert (light.moods, light.tapped) == ({}, None)
