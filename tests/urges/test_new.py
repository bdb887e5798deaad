"""/urges/new/: write the urge down, name what set it off, say how strong it is."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from journal.models import Urge

NOW = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


def valid(**overrides) -> dict:
    data = {
        "message": "I still think about you.",
        "triggers": ["loneliness", "memory"],
        "trigger_note": "Our song came on",
        "intensity": "7",
    }
    data.update(overrides)
    return data


def test_the_form_reads_calmly(alice_client):
    html = alice_client.get("/urges/new/").text
    assert "can never send anything" in html
    for name in ("message", "triggers", "trigger_note", "intensity"):
        assert f'name="{name}"' in html
    assert 'value="social_media"' in html
    assert "send it" not in html.lower()


@time_machine.travel(NOW, tick=False)
def test_it_saves_and_opens_the_pause(alice_client, alice):
    response = alice_client.post("/urges/new/", valid())
    urge = Urge.objects.get()
    assert response.status_code == 302
    assert response.url == f"/urges/{urge.pk}/"
    assert urge.user == alice
    assert urge.trigger_keys == ["loneliness", "memory"]
    assert urge.intensity == 7
    assert urge.created == NOW
    assert urge.pause_until == NOW + dt.timedelta(minutes=10)
    assert urge.outcome == ""


def test_the_message_is_optional(alice_client):
    alice_client.post("/urges/new/", valid(message="", trigger_note=""))
    assert Urge.objects.get().message == ""


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("intensity", "11", "A number from 1 to 10."),
        ("intensity", "0", "A number from 1 to 10."),
        ("intensity", "", "A number from 1 to 10."),
        ("intensity", "strong", "A number from 1 to 10."),
        ("triggers", ["heartbreak"], "Pick from the list"),
        ("triggers", [], "Pick at least one"),
        ("message", "x" * 10_000, "at most 5000 characters"),
        ("message", "hello\x00there", "Null characters are not allowed."),
        ("trigger_note", "n" * 201, "at most 200 characters"),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(alice_client, field, value, words):
    response = alice_client.post("/urges/new/", valid(**{field: value}))
    assert response.status_code == 200
    assert words in response.text
    assert not Urge.objects.exists()


def test_an_empty_form_changes_nothing(alice_client):
    response = alice_client.post("/urges/new/", {})
    assert response.status_code == 200
    assert "Pick at least one" in response.text
    assert not Urge.objects.exists()


def test_visitors_are_sent_to_log_in(visitor):
    response = visitor.get("/urges/new/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
