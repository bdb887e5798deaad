"""A password reset queues its mail, reads the same for any address, and is limited quietly."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django_tasks import task_backends
from django_tasks.backends.dummy import DummyBackend
from pytest_django import Settings

from tests.responses import Response

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


def ask(client: Client, email: str) -> Response:
    return client.post("/accounts/password_reset/", {"email": email})


@pytest.fixture
def queued(settings: Settings) -> DummyBackend:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    backend.clear()
    return backend


def test_the_mail_is_queued_not_sent_in_the_request(visitor, alice, mailoutbox, queued):
    response = ask(visitor, "alice@example.org")
    assert response.status_code == 302 and response["Location"] == "/accounts/password_reset/done/"
    assert mailoutbox == []  # nothing waits on a mail server inside the request
    (result,) = queued.results
    # The queue keeps who and how to write it, never the link or the address.
    assert result.args[0] == "reconnect.accounts.letters.password_reset"
    assert result.args[1]["user_id"] == alice.pk
    assert "/accounts/reset/" not in str(result.args) and "alice@" not in str(result.args)
    result.task.call(*result.args)  # what the worker does
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["alice@example.org"]
    assert "/accounts/reset/" in mailoutbox[0].body


def test_an_address_without_an_account_reads_the_same_and_queues_nothing(visitor, db, queued):
    response = ask(visitor, "nobody@example.org")
    assert response.status_code == 302 and response["Location"] == "/accounts/password_reset/done/"
    assert queued.results == []


def test_at_most_three_mails_an_hour_to_one_address_quietly(alice, mailoutbox):
    with time_machine.travel(NOW, tick=False) as clock:
        for n in range(10):  # from ten client addresses
            response = ask(Client(REMOTE_ADDR=f"203.0.113.{n}"), "Alice@Example.org ")
            assert response.status_code == 302 and response["Location"].endswith("/done/")
        assert len(mailoutbox) == 3
        clock.shift(dt.timedelta(minutes=21))  # one mail's worth of the hour comes back
        ask(Client(REMOTE_ADDR="203.0.113.99"), "alice@example.org")
        assert len(mailoutbox) == 4


def test_one_client_asking_for_many_addresses_is_limited_too(db, django_user_model, mailoutbox):
    for n in range(12):
        django_user_model.objects.create_user(f"u{n}", f"u{n}@example.org", "x")
    client = Client(REMOTE_ADDR="198.51.100.5")
    with time_machine.travel(NOW, tick=False):
        for n in range(12):
            assert ask(client, f"u{n}@example.org").status_code == 302
    assert len(mailoutbox) == 10
