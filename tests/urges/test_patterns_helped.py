"""/urges/: what helped, how urges went by trigger, the hardest hours and what came before
resets, each count against a hand count of the records below."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from journal.models import HelpChoice, Helped, Reset, Urge, WaitingPeriod
from journal.urges.patterns import urge_patterns
from reconnect.accounts.models import User
from tests.markup import elements

NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)  # a Thursday; the 12 weeks begin 7 Sep


def at(days_ago: int, hour: int, minute: int = 0) -> dt.datetime:
    day = NOW.date() - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)


def add(user: User, created: dt.datetime, triggers: str, outcome: str, *helped: str) -> Urge:
    urge = Urge.objects.create(
        user=user, triggers=triggers, created=created,
        pause_until=created + dt.timedelta(minutes=10), outcome=outcome,
    )  # fmt: skip
    own = HelpChoice.objects.filter(user=user, hidden="").first()
    for key in helped:
        if key == "own":
            Helped.objects.create(user=user, urge=urge, key="own", choice=own)
        elif key.startswith("other:"):
            Helped.objects.create(user=user, urge=urge, key="other", note=key[6:])
        else:
            Helped.objects.create(user=user, urge=urge, key=key)
    return urge


@pytest.fixture
def history(alice: User, bob: User) -> None:
    HelpChoice.objects.create(user=alice, label="A cold shower")
    add(alice, at(1, 1, 30), ",loneliness,alcohol,", "rode_out", "walk", "someone")
    add(alice, at(2, 1, 30), ",loneliness,", "kept_draft", "walk", "own")
    add(alice, at(3, 21), ",social_media,", "contacted")
    add(alice, at(8, 1, 10), ",loneliness,", "rode_out", "other:Played the piano")
    add(alice, at(15, 21, 40), ",date,", "logistics")
    add(alice, at(20, 1, 50), ",loneliness,memory,", "", "walk")  # ended, no outcome said
    add(alice, at(44, 21), ",alcohol,", "contacted")
    add(alice, at(200, 1, 30), ",boredom,", "rode_out", "walk")  # before the twelve weeks
    add(bob, NOW - dt.timedelta(hours=2), ",dream,", "contacted", "walk")
    period = WaitingPeriod.objects.begin(
        alice, "No contact", NOW.date() - dt.timedelta(days=150), 365
    )
    for days_ago, triggers in [(10, ",loneliness,alcohol,"), (5, ",unsaid,"), (3, ""),
                               (120, ",boredom,")]:  # fmt: skip
        Reset.objects.create(
            period=period, run_started_at=period.started_at, at=at(days_ago, 22), note="x",
            triggers=triggers,
        )  # fmt: skip
    theirs = WaitingPeriod.objects.begin(bob, "Bob's", NOW.date() - dt.timedelta(days=9), 30)
    Reset.objects.create(
        period=theirs, run_started_at=theirs.started_at, at=at(2, 9), note="y", triggers=",dream,"
    )


@time_machine.travel(NOW, tick=False)
def test_what_helped_is_counted_once_a_pause(alice, history):
    found = urge_patterns(alice, timezone.now())
    own = HelpChoice.objects.get(user=alice)
    # walk: the urges of 1, 2 and 20 days ago (200 days ago is outside, Bob's is his);
    # then one each, by name.
    assert found.helped == [
        ("walk", "A walk", 3),
        (f"own-{own.pk}", "A cold shower", 1),
        ("someone", "Calling or texting someone", 1),
        ("other", "Something else", 1),
    ]
    assert found.helped_pauses == 4  # 1, 2, 8 and 20 days ago


@time_machine.travel(NOW, tick=False)
def test_triggers_are_counted_by_how_the_urge_went(alice, history):
    found = urge_patterns(alice, timezone.now())
    rows = {o.key: (o.passed, o.contacted, o.open) for o in found.outcomes}
    assert rows == {
        "loneliness": (3, 0, 1),  # rode out ×2 and kept as a draft; 20 days ago unanswered
        "alcohol": (1, 1, 0),  # rode out yesterday; sent 44 days ago
        "social_media": (0, 1, 0),
        "memory": (0, 0, 1),
        # "date" came before a practical moment only: neither passed nor sent nor open.
    }
    assert [o.key for o in found.outcomes] == ["loneliness", "alcohol", "social_media", "memory"]


@time_machine.travel(NOW, tick=False)
def test_the_hardest_hours_are_counted(alice, history):
    found = urge_patterns(alice, timezone.now())
    # 01:xx: 1, 2, 8 and 20 days ago; 21:xx: 3, 15 and 44 days ago.
    assert found.hours == [(1, 4), (21, 3)]


@time_machine.travel(NOW, tick=False)
def test_the_hours_are_the_persons_own(alice, history):
    alice.timezone = "Europe/Madrid"  # UTC+1 from 25 October, UTC+2 before
    alice.save()
    # 01:xx UTC is 02:xx there; 21:xx UTC in November is 22:xx, but on 13 October (44
    # days ago, before the clocks went back) it was 23:00.
    assert urge_patterns(alice, timezone.now()).hours == [(2, 4), (22, 2), (23, 1)]


@time_machine.travel(NOW, tick=False)
def test_what_came_before_resets(alice, history):
    found = urge_patterns(alice, timezone.now())
    assert found.resets == 3  # 10, 5 and 3 days ago; 120 days ago is outside
    assert found.before_resets == [
        ("loneliness", "Loneliness", 1),
        ("alcohol", "Alcohol", 1),
        ("unsaid", "I'd rather not say", 1),
    ]


@time_machine.travel(NOW, tick=False)
def test_the_page_says_every_count(alice_client, alice, history):
    html = alice_client.get("/urges/").text
    own = HelpChoice.objects.get(user=alice)
    assert 'data-helped-pauses="4"' in html
    assert "From your answers after 4 pauses in these twelve weeks." in html
    for key, count in [("walk", 3), (f"own-{own.pk}", 1), ("someone", 1), ("other", 1)]:
        assert f'data-helped="{key}" data-count="{count}"' in html
    assert ">3 pauses<" in html and ">1 pause<" in html
    assert ('data-trigger-outcomes="loneliness" data-passed="3" data-contacted="0" '
            'data-open="1"') in html  # fmt: skip
    assert 'data-trigger-outcomes="date"' not in html
    assert 'data-hour="1" data-count="4"' in html and "01:00 to 02:00" in html
    assert 'data-hour="21" data-count="3"' in html and "21:00 to 22:00" in html
    assert 'data-resets="3"' in html
    assert 'data-reset-trigger="unsaid" data-count="1"' in html
    assert "Played the piano" not in html  # counted, its words stay on its pause
    # The grid says its numbers: Wednesday night (25 and 18 Nov, 01:xx) holds two.
    assert (
        '<text x="54" y="64" class="grid-count" text-anchor="middle" aria-hidden="true">2</text>'
        in html
    )
    table = [a for t, a in elements(html) if t == "table"]
    assert len(table) == 2  # the outcomes, and the grid's counts as a table


def test_an_empty_history_says_so_kindly(alice_client):
    html = alice_client.get("/urges/").text
    assert "After a pause, “What helped?” asks in one tap." in html
    assert "No resets in these twelve weeks." in html
    assert "data-trigger-outcomes" not in html


def test_resets_with_nothing_said_are_counted_but_not_named(alice_client, alice, period):
    Reset.objects.create(period=period, run_started_at=period.started_at, note="x")
    html = alice_client.get("/urges/").text
    assert 'data-resets="1"' in html
    assert "Nothing noted about what led to your resets." in html


@pytest.mark.parametrize("count", [1, 300])
def test_query_count_is_fixed_with_answers_and_resets(
    alice_client, alice, count, django_assert_num_queries
):
    now = timezone.now()
    own = HelpChoice.objects.create(user=alice, label="A cold shower")
    urges = Urge.objects.bulk_create(
        Urge(user=alice, triggers=",loneliness,", created=now - dt.timedelta(hours=7 * i),
             pause_until=now, outcome=["rode_out", "contacted", ""][i % 3])
        for i in range(count)
    )  # fmt: skip
    Helped.objects.bulk_create(Helped(user=alice, urge=u, key="own", choice=own) for u in urges)
    Helped.objects.bulk_create(Helped(user=alice, urge=u, key="walk") for u in urges)
    period = WaitingPeriod.objects.begin(alice, "p", alice.local_today(), 30)
    Reset.objects.bulk_create(
        Reset(period=period, run_started_at=now, at=now, note="", triggers=",alcohol,")
        for _ in range(count)
    )
    # session, user, per day, counts, per slot, what helped, its keys, resets
    with django_assert_num_queries(8):
        assert alice_client.get("/urges/").status_code == 200
