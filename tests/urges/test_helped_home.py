"""The home asks "What helped?" a few minutes after a pause ends, for a day at most, until
it is answered or skipped."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from journal.models import Urge
from reconnect.accounts.models import User
from tests.conftest import SITUATION, many_entries
from tests.markup import elements

BEGAN = dt.datetime(2026, 11, 24, 21, 0, tzinfo=dt.UTC)
ENDED = BEGAN + dt.timedelta(minutes=10)


@pytest.fixture
def paused(alice: User) -> Urge:
    return Urge.objects.create(user=alice, triggers=",boredom,", created=BEGAN, pause_until=ENDED)


def card(client, when: dt.datetime) -> str:
    with time_machine.travel(when, tick=False):
        html: str = client.get("/dashboard/").text
    return html


def asked(html: str) -> list[str]:
    """The urges the home's "What helped?" form is about."""
    return [
        attrs["action"]
        for tag, attrs in elements(html)
        if tag == "form" and "data-what-helped" in attrs and attrs["action"]
    ][:1]


@pytest.mark.parametrize(
    ("after_end", "shown"),
    [
        (dt.timedelta(minutes=4, seconds=59), False),
        (dt.timedelta(minutes=5), True),
        (dt.timedelta(hours=23, minutes=59), True),
        (dt.timedelta(days=1), True),
        (dt.timedelta(days=1, seconds=1), False),
    ],
)
def test_it_asks_from_five_minutes_to_a_day_after_the_pause(alice_client, paused, after_end, shown):
    html = card(alice_client, ENDED + after_end)
    assert asked(html) == ([f"/urges/{paused.pk}/helped/"] if shown else [])
    if shown:
        assert 'name="place" value="home"' in html and "data-helped-skip" in html
        assert "Your pause at 21:00 is over." in html


def test_an_answer_before_the_ten_minutes_ends_the_pause_then(alice_client, paused):
    said = BEGAN + dt.timedelta(minutes=3)
    Urge.objects.filter(pk=paused.pk).update(outcome="rode_out", outcome_at=said)
    assert asked(card(alice_client, said + dt.timedelta(minutes=5))) == [
        f"/urges/{paused.pk}/helped/"
    ]
    assert asked(card(alice_client, said + dt.timedelta(minutes=4))) == []


@pytest.mark.parametrize("outcome", ["contacted", "logistics"])
def test_it_does_not_ask_after_sending_or_a_practical_moment(alice_client, paused, outcome):
    Urge.objects.filter(pk=paused.pk).update(outcome=outcome, outcome_at=ENDED)
    assert asked(card(alice_client, ENDED + dt.timedelta(hours=1))) == []


@pytest.mark.parametrize("data", [{"helped": "walk"}, {"skip": "1"}])
def test_answering_or_skipping_ends_the_asking(alice_client, paused, data):
    later = ENDED + dt.timedelta(minutes=30)
    with time_machine.travel(later, tick=False):
        response = alice_client.post(f"/urges/{paused.pk}/helped/", {**data, "place": "home"})
    assert response.url == "/dashboard/"
    assert asked(card(alice_client, later + dt.timedelta(minutes=1))) == []
    # The pause's own page still asks, and keeps the answer.
    with time_machine.travel(later, tick=False):
        assert "data-what-helped" in alice_client.get(f"/urges/{paused.pk}/").text


def test_with_script_skipping_leaves_a_quiet_line(alice_client, paused):
    with time_machine.travel(ENDED + dt.timedelta(minutes=30), tick=False):
        response = alice_client.post(
            f"/urges/{paused.pk}/helped/",
            {"skip": "1", "place": "home"},
            HTTP_X_REQUESTED_WITH="fetch",
        )
    assert response.status_code == 200
    assert "Skipped. You can still answer on the pause&#x27;s page." in response.text
    assert "data-what-helped " not in response.text  # no form left to answer


def test_it_asks_about_the_pause_that_ended_last(alice_client, alice, paused):
    later = Urge.objects.create(
        user=alice, created=BEGAN + dt.timedelta(hours=2), pause_until=ENDED + dt.timedelta(hours=2)
    )
    assert asked(card(alice_client, ENDED + dt.timedelta(hours=3))) == [
        f"/urges/{later.pk}/helped/"
    ]


def test_it_never_asks_about_someone_elses_pause(bob_client, paused):
    assert asked(card(bob_client, ENDED + dt.timedelta(hours=1))) == []


def test_the_card_costs_one_query_and_only_when_it_shows(
    alice_client, alice, ready_alice, paused, django_assert_num_queries
):
    many_entries(alice, 50)
    alice_client.post("/readiness/", SITUATION)
    with time_machine.travel(ENDED + dt.timedelta(hours=1), tick=False):
        alice_client.get("/readiness/")  # shows, and so removes, the "answers saved" message
        with django_assert_num_queries(12):  # the dashboard's eleven, and the list of what helps
            assert "data-what-helped" in alice_client.get("/dashboard/").text
    with (
        time_machine.travel(ENDED + dt.timedelta(days=2), tick=False),
        django_assert_num_queries(11),
    ):
        assert "data-what-helped" not in alice_client.get("/dashboard/").text
