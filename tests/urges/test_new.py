"""/urges/new/: write the urge down, name what set it off, say how strong it is."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from journal.models import Urge

NOW = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


def valid(**overrides: str | list[str]) -> dict[str, str | list[str]]:
    data: dict[str, str | list[str]] = {
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
        ("intensity", "11", "A number from 1 to 10, or none."),
        ("intensity", "0", "A number from 1 to 10, or none."),
        ("intensity", "strong", "A number from 1 to 10, or none."),
        ("intensity", "9" * 100, "A number from 1 to 10, or none."),
        ("triggers", ["heartbreak"], "Pick from the list"),
        ("message", "x" * 10_000, "at most 5000 characters"),
        ("message", "hello\x00there", "Null characters are not allowed."),
        ("trigger_note", "n" * 201, "at most 200 characters"),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(alice_client, field, value, words):
    response = alice_client.post("/urges/new/", valid(**{field: value}))
    assert response.status_code == 200
    assert words in response.text
    assert 'class="invalid-feedback d-block"' in response.text
    assert not Urge.objects.exists()


def test_nothing_on_the_form_is_required(alice_client):
    html = alice_client.get("/urges/new/").text
    assert "Everything here is optional" in html
    assert "required" not in html


@time_machine.travel(NOW, tick=False)
def test_an_empty_form_starts_the_pause(alice_client, alice):
    response = alice_client.post("/urges/new/", {})
    urge = Urge.objects.get()
    assert response.status_code == 302
    assert response.url == f"/urges/{urge.pk}/"
    assert (urge.message, urge.triggers, urge.trigger_note, urge.intensity) == ("", "", "", None)
    assert urge.pause_until == NOW + dt.timedelta(minutes=10)
    html = alice_client.get(response.url).text
    assert f'data-pause-until="{urge.pause_until.isoformat()}"' in html


def test_the_strength_is_a_row_of_numbers_to_tap(alice_client):
    html = alice_client.get("/urges/new/").text
    for n in range(1, 11):
        assert f'type="radio" class="btn-check" name="intensity" value="{n}"' in html
    assert 'type="checkbox" class="btn-check" name="triggers" value="loneliness"' in html


def test_only_a_strength_or_only_a_trigger_is_enough(alice_client):
    alice_client.post("/urges/new/", {"intensity": "4"})
    alice_client.post("/urges/new/", {"triggers": ["boredom", "boredom"]})
    first, second = Urge.objects.order_by("pk")
    assert (first.intensity, first.trigger_keys) == (4, [])
    assert (second.intensity, second.trigger_keys) == (None, ["boredom"])


def test_what_was_typed_stays_after_a_mistake(alice_client):
    response = alice_client.post(
        "/urges/new/", valid(message="Still here", intensity="12", triggers=["date"])
    )
    assert "Still here</textarea>" in response.text
    assert 'value="date" id="id_triggers_3" checked' in response.text


def test_the_pause_button_comes_before_the_optional_details(alice_client):
    html = alice_client.get("/urges/new/").text
    assert html.index("data-pause-button") < html.index('name="triggers"')
    assert html.index('name="message"') < html.index("data-pause-button")


def test_visitors_are_sent_to_log_in(visitor):
    response = visitor.get("/urges/new/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
