from __future__ import annotations

import datetime as dt

import time_machine
from axes.models import AccessAttempt

from tests.conftest import PASSWORD

START = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


def attempt(client, password: str, username: str = "alice"):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_five_failures_lock_the_pair_out_for_fifteen_minutes(visitor, alice):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(4):
            assert attempt(visitor, "wrong").status_code == 200
        locked = attempt(visitor, "wrong")
        assert locked.status_code == 429
        assert "paused for 15 minutes" in locked.text
        # The right password is refused too while the lockout lasts, with the same message.
        right = attempt(visitor, PASSWORD)
        assert right.status_code == 429
        assert "Too many attempts" in right.text

        clock.move_to(START + dt.timedelta(minutes=14))
        assert attempt(visitor, PASSWORD).status_code == 429

        # Trying during the lockout did not extend it: it lifts 15 minutes after it began.
        clock.move_to(START + dt.timedelta(minutes=15, seconds=1))
        response = attempt(visitor, PASSWORD)
        assert response.status_code == 302
        assert response.url == "/dashboard/"


def test_the_lockout_is_per_username(visitor, alice, bob):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            attempt(visitor, "wrong", "alice")
        assert attempt(visitor, PASSWORD, "bob").status_code == 302


def test_a_success_clears_earlier_failures(visitor, alice):
    with time_machine.travel(START, tick=False):
        for _ in range(4):
            attempt(visitor, "wrong")
        assert attempt(visitor, PASSWORD).status_code == 302
        visitor.post("/accounts/logout/")
        for _ in range(4):
            assert attempt(visitor, "wrong").status_code == 200


def test_deleting_the_account_forgets_failed_attempts(visitor, alice_client, alice):
    attempt(visitor, "wrong")
    assert AccessAttempt.objects.filter(username="alice").exists()
    alice_client.post("/accounts/delete/", {"password": PASSWORD})
    assert not AccessAttempt.objects.filter(username="alice").exists()
