"""The idle sign-out: `idle_minutes` in Settings, enforced by the server and the page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from reconnect.accounts.models import User
from reconnect.lib.middleware import IDLE_GRACE_SECONDS
from tests.conftest import PASSWORD

START = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


def settings_data(alice: User, **extra: str) -> dict[str, str]:
    return {"timezone": "UTC", "email": alice.email, **extra}


@pytest.fixture
def five_minutes(alice: User) -> None:
    alice.idle_minutes = 5
    alice.save()


def test_it_is_off_by_default(alice_client, alice):
    assert alice.idle_minutes is None
    page = alice_client.get("/dashboard/").text
    assert 'name="idle_minutes"' in alice_client.get("/accounts/profile/").text
    assert "data-idle-minutes" not in page


def test_settings_saves_it_and_empty_means_never(alice_client, alice):
    alice_client.post("/accounts/profile/", settings_data(alice, idle_minutes="10"))
    alice.refresh_from_db()
    assert alice.idle_minutes == 10
    alice_client.post("/accounts/profile/", settings_data(alice, idle_minutes=""))
    alice.refresh_from_db()
    assert alice.idle_minutes is None


@pytest.mark.parametrize("value", ["0", "-3", "1441", "soon"])
def test_a_time_that_is_no_time_is_explained(alice_client, alice, value):
    response = alice_client.post("/accounts/profile/", settings_data(alice, idle_minutes=value))
    assert response.status_code == 200
    assert "A number of minutes from 1 to 1440, or empty for never." in response.text
    alice.refresh_from_db()
    assert alice.idle_minutes is None


def test_turning_the_quick_exit_on_suggests_five_minutes(alice_client, alice):
    alice_client.post("/accounts/profile/", settings_data(alice, quick_exit="on"))
    alice.refresh_from_db()
    assert alice.quick_exit and alice.idle_minutes == 5
    # It can be emptied afterwards, with the quick exit still on.
    alice_client.post("/accounts/profile/", settings_data(alice, quick_exit="on"))
    alice.refresh_from_db()
    assert alice.quick_exit and alice.idle_minutes is None


def test_a_time_chosen_with_the_quick_exit_is_kept(alice_client, alice):
    data = settings_data(alice, quick_exit="on", idle_minutes="15")
    alice_client.post("/accounts/profile/", data)
    alice.refresh_from_db()
    assert alice.idle_minutes == 15


def test_the_page_carries_the_time_for_its_timer(alice_client, five_minutes):
    page = alice_client.get("/dashboard/").text
    assert 'data-idle-minutes="5"' in page
    assert 'data-still-here="/accounts/still-here/"' in page
    assert "/static/js/leaving.js" in page


def test_the_server_signs_out_after_the_time_away(alice_client, five_minutes):
    with time_machine.travel(START, tick=False) as clock:
        assert alice_client.get("/dashboard/").status_code == 200
        clock.shift(dt.timedelta(minutes=5))
        assert alice_client.get("/dashboard/").status_code == 200  # a moment's grace
        clock.shift(dt.timedelta(minutes=5, seconds=IDLE_GRACE_SECONDS + 1))
        response = alice_client.get("/dashboard/")
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")
        assert "_auth_user_id" not in alice_client.session
        assert "logged out after a while away" in alice_client.get(response.url).text


def test_activity_keeps_the_session(alice_client, five_minutes):
    with time_machine.travel(START, tick=False) as clock:
        alice_client.get("/dashboard/")
        for _ in range(6):
            clock.shift(dt.timedelta(minutes=4))
            assert alice_client.post("/accounts/still-here/").status_code == 204
        assert alice_client.get("/dashboard/").status_code == 200


def test_without_a_time_nobody_is_signed_out(alice_client):
    with time_machine.travel(START, tick=False) as clock:
        alice_client.get("/dashboard/")
        clock.shift(dt.timedelta(days=1))
        assert alice_client.get("/dashboard/").status_code == 200


def test_a_fresh_sign_in_starts_the_clock(visitor, alice, five_minutes):
    with time_machine.travel(START, tick=False) as clock:
        visitor.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
        clock.shift(dt.timedelta(minutes=3))
        assert visitor.get("/dashboard/").status_code == 200


def test_still_here_needs_a_person_and_a_post(visitor, alice_client):
    assert visitor.post("/accounts/still-here/").status_code == 302
    assert alice_client.get("/accounts/still-here/").status_code == 405


def test_still_here_refuses_a_post_without_its_token(csrf_client):
    assert csrf_client.post("/accounts/still-here/").status_code == 403
