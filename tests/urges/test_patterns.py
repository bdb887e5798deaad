"""/urges/: urges per week, triggers ranked, when they come, how many passed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from journal.models import Urge
from journal.urges.patterns import urge_summary
from reconnect.accounts.models import User

NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)  # a Thursday


def add(user: User, at: dt.datetime, triggers: str, outcome: str = "") -> None:
    Urge.objects.create(
        user=user,
        triggers=triggers,
        intensity=5,
        created=at,
        pause_until=at + dt.timedelta(minutes=10),
        outcome=outcome,
    )


@pytest.fixture
def history(alice: User, bob: User) -> None:
    night = dt.time(1, 30)  # Night: 0–6
    evening = dt.time(21, 0)  # Evening: 18–24
    for days_ago, time, triggers, outcome in [
        (1, night, ",loneliness,alcohol,", "rode_out"),  # Wed
        (2, night, ",loneliness,", "kept_draft"),  # Tue
        (3, evening, ",social_media,", "contacted"),  # Mon 23 Nov
        (8, night, ",loneliness,", "rode_out"),  # Wed 18 Nov
        (15, evening, ",date,", "logistics"),  # Wed 11 Nov
        (20, night, ",loneliness,memory,", ""),  # Fri 6 Nov
        (44, evening, ",alcohol,", "contacted"),  # outside 30 days, inside 12 weeks
        (200, night, ",boredom,", "rode_out"),  # outside 12 weeks
    ]:
        day = NOW.date() - dt.timedelta(days=days_ago)
        add(alice, dt.datetime.combine(day, time, tzinfo=dt.UTC), triggers, outcome)
    add(bob, NOW - dt.timedelta(hours=2), ",dream,", "contacted")


@time_machine.travel(NOW, tick=False)
def test_the_numbers_are_true(alice_client, history):
    html = alice_client.get("/urges/").text
    # Last 30 days: rode_out ×2 + kept_draft passed; contacted once; logistics and
    # unanswered aside.
    assert 'data-passed="3" data-decided="4"' in html
    assert "3 of 4 passed without contact" in html
    assert 'data-total="7"' in html
    assert "7 urges in the last 12 weeks." in html
    ranked = [
        ("loneliness", 4),
        ("alcohol", 2),
    ]
    for key, count in ranked:
        assert f'data-trigger="{key}" data-count="{count}"' in html
    assert html.index('data-trigger="loneliness"') < html.index('data-trigger="alcohol"')
    assert 'data-trigger="boredom"' not in html  # older than 12 weeks
    assert 'data-trigger="dream"' not in html  # Bob's
    # This week (Mon 23 Nov) holds three, last week one.
    assert 'data-week="2026-11-23" data-week-count="3"' in html
    assert 'data-week="2026-11-16" data-week-count="1"' in html
    assert 'data-week="2026-11-09" data-week-count="1"' in html
    # The chart names its weeks and counts in words a phone shows, not only on hover.
    assert "<title>23 Nov: 3</title>" in html and ">23 Nov</text>" in html
    # Wednesday nights are the busiest slot: 25 and 18 Nov.
    assert "They come most often on Wed, night (2)." in html


@time_machine.travel(NOW, tick=False)
def test_it_reads_the_users_time_zone(alice_client, alice):
    alice.timezone = "America/New_York"
    alice.save()
    # 02:00 UTC on Thursday is 21:00 on Wednesday in New York.
    add(alice, dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC), ",boredom,")
    html = alice_client.get("/urges/").text
    assert "Wed, evening (1)" in html


def test_an_empty_history_reads_kindly(alice_client):
    html = alice_client.get("/urges/").text
    assert "No urges noted in these weeks." in html
    assert "No answers yet" in html


@pytest.mark.parametrize("count", [1, 300])
def test_query_count_is_fixed(alice_client, alice, count, django_assert_num_queries):
    now = dt.datetime.now(dt.UTC)
    Urge.objects.bulk_create(
        Urge(
            user=alice,
            triggers=",loneliness,",
            intensity=1 + i % 10,
            created=now - dt.timedelta(hours=7 * i),
            pause_until=now,
            outcome=["rode_out", "contacted", ""][i % 3],
        )
        for i in range(count)
    )
    # session, user, per day, counts, per slot, what helped, resets
    with django_assert_num_queries(7):
        assert alice_client.get("/urges/").status_code == 200


def test_the_summary_counts_the_last_30_days_and_rested_drafts(alice, bob):
    """Each count of the grouped summary, against the rows it is made from."""
    now = timezone.now()
    kinds = [
        (1, "rode_out", "", None), (2, "kept_draft", "kept", None), (3, "contacted", "", None),
        (4, "logistics", "kept", None), (5, "", "", None), (40, "rode_out", "kept", None),
        (50, "kept_draft", "kept", now), (2, "rode_out", "kept", now),
    ]  # fmt: skip
    for days_ago, outcome, draft, told in kinds:
        for user in (alice, bob):
            Urge.objects.create(
                user=user, message="m", created=now - dt.timedelta(days=days_ago),
                pause_until=now, outcome=outcome, draft=draft, rested_told_at=told,
            )  # fmt: skip
    summary = urge_summary(alice, now)
    assert (summary.count, summary.passed, summary.decided) == (6, 3, 4)
    assert summary.rested == 2  # the 4- and 40-day-old kept drafts, not yet told
