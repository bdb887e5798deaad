"""/urges/<id>/ask-friend/ (POST): one short email to the chosen friend, at most every 30 min."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from journal.models import Situation, Urge

NOW = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
def with_friend(alice):
    alice.friend_name, alice.friend_email = "Sam", "sam@example.org"
    alice.first_name = "Alice"
    alice.save()
    Situation.objects.create(user=alice, slow_plan="Coffee with Jordan first.")


@time_machine.travel(NOW, tick=False)
def test_it_sends_one_short_email_without_journal_content(alice_client, urge, with_friend):
    response = alice_client.post(f"/urges/{urge.pk}/ask-friend/", follow=True)
    assert "Sam has been asked to call you." in response.text
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["sam@example.org"]
    assert "Alice" in email.subject
    assert "Hi Sam" in email.body
    assert "could use a call or a message from you now" in email.body
    assert "asked Reconnect" in email.body
    for private in ("I miss you", "Late, after a party", "Loneliness", "alcohol", "Jordan"):
        assert private.lower() not in (email.subject + email.body).lower()
    urge.refresh_from_db()
    assert urge.friend_asked_at == NOW
    assert "You asked Sam at 01:00." in response.text


def test_at_most_once_every_30_minutes(alice_client, alice, urge, with_friend):
    with time_machine.travel(NOW, tick=False):
        alice_client.post(f"/urges/{urge.pk}/ask-friend/")
    other = Urge.objects.create(
        user=alice, triggers=",boredom,", intensity=3, created=NOW, pause_until=NOW
    )
    with time_machine.travel(NOW + dt.timedelta(minutes=29), tick=False):
        response = alice_client.post(f"/urges/{other.pk}/ask-friend/", follow=True)
        assert "less than 30 minutes ago" in response.text
    assert len(mail.outbox) == 1
    with time_machine.travel(NOW + dt.timedelta(minutes=30), tick=False):
        alice_client.post(f"/urges/{other.pk}/ask-friend/")
    assert len(mail.outbox) == 2


def test_without_a_friend_nothing_is_sent(alice_client, urge):
    response = alice_client.post(f"/urges/{urge.pk}/ask-friend/", follow=True)
    assert "Add a friend in Settings" in response.text
    assert not mail.outbox


def test_it_is_post_only(alice_client, urge, with_friend):
    assert alice_client.get(f"/urges/{urge.pk}/ask-friend/").status_code == 405
    assert not mail.outbox


def test_it_checks_ownership(bob_client, bob, urge, with_friend):
    bob.friend_name, bob.friend_email = "Kim", "kim@example.org"
    bob.save()
    assert bob_client.post(f"/urges/{urge.pk}/ask-friend/").status_code == 404
    assert not mail.outbox
