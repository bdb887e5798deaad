"""A password reset queues its mail, reads the same for any address, and is limited quietly."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client

from tests.responses import Response

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


def ask(client: Client, email: str) -> Response:
    return client.post("/accounts/password_reset/", {"email": email})


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


def test_one_client_sends_at_most_three_mails_an_hour_to_one_address_quietly(alice, mailoutbox):
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    with time_machine.travel(NOW, tick=False) as clock:
        for _ in range(5):
            response = ask(stranger, "Alice@Example.org ")
            assert response.status_code == 302 and response["Location"].endswith("/done/")
        assert len(mailoutbox) == 3
        clock.shift(dt.timedelta(minutes=21))  # one mail's worth of the hour comes back
        ask(stranger, "alice@example.org")
        assert len(mailoutbox) == 4


def test_a_stranger_cannot_spend_the_owners_reset_mails(alice, mailoutbox):
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    with time_machine.travel(NOW, tick=False):
        for _ in range(3):
            ask(stranger, "alice@example.org")
        assert len(mailoutbox) == 3
        ask(stranger, "alice@example.org")
        assert len(mailoutbox) == 3
        response = ask(Client(REMOTE_ADDR="198.51.100.7"), "alice@example.org")
        assert response.status_code == 302 and response["Location"].endswith("/done/")
        assert len(mailoutbox) == 4


def test_an_address_gets_at_most_ten_mails_a_day_from_any_number_of_clients(alice, mailoutbox):
    with time_machine.travel(NOW, tick=False) as clock:
        for n in range(15):
            response = ask(Client(REMOTE_ADDR=f"203.0.113.{n}"), "alice@example.org")
            assert response.status_code == 302 and response["Location"].endswith("/done/")
        assert len(mailoutbox) == 10
        clock.shift(dt.timedelta(hours=2, minutes=30))  # one mail's worth of the day
        ask(Client(REMOTE_ADDR="198.51.100.7"), "alice@example.org")
        assert len(mailoutbox) == 11


def test_the_page_reads_the_same_whatever_happens(alice, db):
    """Sent, refused by a limit, or no account: the same answer, byte for byte."""
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    with time_machine.travel(NOW, tick=False):
        answers = [ask(stranger, "alice@example.org") for _ in range(5)]
        answers.append(ask(stranger, "nobody@example.org"))
    assert {(a.status_code, a["Location"], a.content) for a in answers} == {
        (302, "/accounts/password_reset/done/", b"")
    }


def test_one_client_asking_for_many_addresses_is_limited_too(db, django_user_model, mailoutbox):
    for n in range(12):
        django_user_model.objects.create_user(f"u{n}", f"u{n}@example.org", "x")
    client = Client(REMOTE_ADDR="198.51.100.5")
    with time_machine.travel(NOW, tick=False):
        for n in range(12):
            assert ask(client, f"u{n}@example.org").status_code == 302
    assert len(mailoutbox) == 10
