from __future__ import annotations

import datetime as dt

import time_machine
from axes.models import AccessAttempt
from django.test import Client

from tests.conftest import PASSWORD
from tests.markup import search
from tests.responses import Response

START = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


def attempt(client: Client, password: str, username: str = "alice") -> Response:
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_five_failures_lock_the_pair_out_for_fifteen_minutes(visitor, alice):
    with time_machine.travel(START, tick=False) as clock:
        for left in (4, 3, 2, 1):
            response = attempt(visitor, "wrong")
            assert response.status_code == 200
            # Each wrong password says how many tries are left before the pause.
            assert f"You can try {left} more time" in response.text
            assert "pauses for 15 minutes" in response.text
        locked = attempt(visitor, "wrong")
        assert locked.status_code == 429
        assert "Signing in is paused" in locked.text
        assert "in about 15 minutes" in locked.text
        assert 'data-lifts-at="2026-11-24T12:15:00+00:00"' in locked.text
        # The right password is refused too while the lockout lasts, with the same message.
        right = attempt(visitor, PASSWORD)
        assert right.status_code == 429
        assert "Signing in is paused" in right.text

        clock.move_to(START + dt.timedelta(minutes=14))
        still = attempt(visitor, PASSWORD)
        assert still.status_code == 429
        assert "in about 1 minute." in still.text

        # Trying during the lockout did not extend it: it lifts 15 minutes after it began.
        clock.move_to(START + dt.timedelta(minutes=15, seconds=1))
        response = attempt(visitor, PASSWORD)
        assert response.status_code == 302
        assert response["Location"] == "/dashboard/"


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


PROXY = "10.0.0.1"


def via_proxy(
    client: Client, password: str, client_address: str, username: str = "alice"
) -> Response:
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


def test_behind_a_trusted_proxy_a_stranger_does_not_lock_out_the_owner(visitor, alice, settings):
    settings.TRUSTED_PROXIES = 1
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            via_proxy(visitor, "wrong", "203.0.113.5")
        assert via_proxy(visitor, PASSWORD, "203.0.113.5").status_code == 429
        owner = via_proxy(Client(), PASSWORD, "198.51.100.7")
        assert owner.status_code == 302


def test_forwarded_addresses_are_ignored_unless_proxies_are_trusted(visitor, alice, settings):
    settings.TRUSTED_PROXIES = 0
    with time_machine.travel(START, tick=False):
        for n in range(5):
            via_proxy(visitor, "wrong", f"203.0.113.{n}")
        # A made-up X-Forwarded-For does not make a new client.
        assert via_proxy(visitor, PASSWORD, "198.51.100.7").status_code == 429


def test_only_the_address_the_proxy_saw_counts(visitor, alice, settings):
    settings.TRUSTED_PROXIES = 1
    with time_machine.travel(START, tick=False):
        for n in range(5):
            # The client wrote the left part itself; the proxy appended the right one.
            via_proxy(visitor, "wrong", f"192.0.2.{n}, 203.0.113.5")
        assert via_proxy(visitor, PASSWORD, "192.0.2.99, 203.0.113.5").status_code == 429


def test_spraying_many_usernames_locks_the_address(visitor, alice):
    with time_machine.travel(START, tick=False):
        for n in range(12):
            attempt(visitor, "Password123!", f"someone{n}")
        # Each username failed once only, but this address is paused, for everyone...
        assert attempt(visitor, PASSWORD, "alice").status_code == 429
        # ...and only this address.
        other = Client(REMOTE_ADDR="198.51.100.7")
        assert attempt(other, PASSWORD, "alice").status_code == 302


def test_a_completed_password_reset_lifts_the_lockout(visitor, alice, mailoutbox):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            attempt(visitor, "wrong")
        assert attempt(visitor, PASSWORD).status_code == 429

        visitor.post("/accounts/password_reset/", {"email": "alice@example.org"})
        link = search(r"http://testserver(/accounts/reset/\S+)", mailoutbox[0].body, 1)
        form = visitor.get(link, follow=True)
        new = "a-fresh-start-passphrase"
        done = visitor.post(
            form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
        )
        assert done.url == "/accounts/reset/done/"
        assert "Your new password is set" in visitor.get(done.url).text

        response = attempt(visitor, new)
        assert response.status_code == 302
        assert response["Location"] == "/dashboard/"
