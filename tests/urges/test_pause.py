"""/urges/<id>/: the pause — a clock time, reasons to wait, the running period, a friend."""

from __future__ import annotations

import datetime as dt

import time_machine

from journal.models import ReasonToWait, Urge, WaitingPeriod
from tests.markup import page_html


def test_it_shows_the_pause(alice_client, alice, urge, reason, period):
    ReasonToWait.objects.create(user=alice, text="I want them to see a change that lasts", order=1)
    html = alice_client.get(f"/urges/{urge.pk}/").text
    assert f'data-pause-until="{urge.pause_until.isoformat()}"' in html
    assert urge.pause_until.strftime("%H:%M") in html  # the clock time, no script needed
    assert html.index("okay alone first") < html.index("a change that lasts")
    assert "10 days kept" in html
    assert "From the guide" in html
    assert "js/pause.js" in html
    for value in ("rode_out", "kept_draft", "contacted", "logistics"):
        assert f'value="{value}"' in html


def test_the_friend_button_shows_when_a_friend_is_set(alice_client, alice, urge):
    assert "to call me" not in page_html(alice_client, f"/urges/{urge.pk}/")
    alice.friend_name, alice.friend_email = "Sam", "sam@example.org"
    alice.save()
    assert "Ask Sam to call me" in alice_client.get(f"/urges/{urge.pk}/").text


def test_after_ten_minutes_it_asks_how_it_went(alice_client, urge):
    with time_machine.travel(urge.pause_until + dt.timedelta(seconds=1)):
        html = alice_client.get(f"/urges/{urge.pk}/").text
    assert "The ten minutes are over" in html


def test_without_a_running_period_it_still_works(alice_client, alice, urge):
    WaitingPeriod.objects.filter(user=alice).delete()
    assert alice_client.get(f"/urges/{urge.pk}/").status_code == 200


def test_it_checks_ownership(bob_client, urge):
    assert bob_client.get(f"/urges/{urge.pk}/").status_code == 404
    assert bob_client.get("/urges/999999/").status_code == 404
    assert Urge.objects.filter(pk=urge.pk).exists()


def test_it_asks_how_it_went_once_in_plain_words(alice_client, urge):
    for moment in (urge.created, urge.pause_until + dt.timedelta(seconds=1)):
        with time_machine.travel(moment):
            html = alice_client.get(f"/urges/{urge.pk}/").text
        assert html.lower().count("how did it go") == 1
        for words in ("It passed, and I sent nothing", "I still want to send it",
                      "I sent it, or called", "It was something practical"):  # fmt: skip
            assert words in html


def test_an_urge_with_nothing_written_shows_its_pause(alice_client, alice):
    alice_client.post("/urges/new/", {})
    urge = Urge.objects.get()
    html = alice_client.get(f"/urges/{urge.pk}/").text
    assert "Give it ten minutes" in html
    assert "What you wrote" not in html
