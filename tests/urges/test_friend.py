"""/urges/<id>/ask-friend/ (POST): one short email to the chosen friend, at most every 30 min."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives

from journal.models import Situation, Urge
from reconnect.accounts.models import User

NOW = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
def with_friend(alice: User) -> None:
    alice.friend_name, alice.friend_email = "Sam", "sam@example.org"
    alice.first_name = "Alice"
    alice.save()
    Situation.objects.create(user=alice, slow_plan="Coffee with Jordan first.")


def html_part(email: EmailMessage) -> str:
    """The mail's HTML alternative (its only one)."""
    assert isinstance(email, EmailMultiAlternatives)
    html, kind = email.alternatives[0]
    assert kind == "text/html" and isinstance(html, str)
    return html


@time_machine.travel(NOW, tick=False)
def test_it_sends_one_short_email_without_journal_content(alice_client, urge, with_friend):
    response = alice_client.post(f"/urges/{urge.pk}/ask-friend/", follow=True)
    assert "Sam has been asked to call you." in response.text
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["sam@example.org"]
    assert email.subject == "Could you call Alice?"
    assert "Hi Sam" in email.body
    assert "What would help: a call, soon if you can" in email.body
    assert "asked Reconnect" in email.body
    assert "Their email: alice@example.org" in email.body
    assert email.reply_to == ["alice@example.org"]
    html = html_part(email)
    assert "Hi Sam" in html and "What would help" in html
    for private in ("I miss you", "Late, after a party", "Loneliness", "alcohol", "Jordan"):
        assert private.lower() not in (email.subject + email.body + html).lower()
    urge.refresh_from_db()
    assert urge.friend_asked_at == NOW
    assert "You asked Sam at 01:00." in response.text


def test_it_uses_the_display_name_and_never_the_username(alice_client, alice, urge, with_friend):
    alice.first_name = ""
    alice.display_name = "Ali <3"
    alice.callback_phone = "+44 7700 900123"
    alice.save()
    alice_client.post(f"/urges/{urge.pk}/ask-friend/")
    email = mail.outbox[0]
    html = html_part(email)
    assert email.subject == "Could you call Ali <3?"
    assert "Ali <3 is having a hard moment right now" in email.body
    assert "Ali &lt;3 is having a hard moment" in html
    assert "Their number: +44 7700 900123" in email.body
    assert 'href="tel:+447700900123"' in html
    for part in (email.subject, email.body, html):
        assert "alice" not in part.replace("alice@example.org", "").lower()


def test_without_any_name_it_still_never_says_the_username(alice_client, alice, urge, with_friend):
    alice.first_name, alice.email = "", ""
    alice.save()
    alice_client.post(f"/urges/{urge.pk}/ask-friend/")
    email = mail.outbox[0]
    assert email.subject == "Could you call your friend?"
    assert "A friend of yours is having a hard moment" in email.body
    assert "alice" not in (email.subject + email.body + html_part(email)).lower()
    assert "Their number" not in email.body and "Their email" not in email.body
    assert not email.reply_to


def test_in_discreet_mode_it_does_not_name_the_app(alice_client, alice, urge, with_friend):
    alice.discreet = True
    alice.save()
    alice_client.post(f"/urges/{urge.pk}/ask-friend/")
    email = mail.outbox[0]
    assert "They asked an app they use to send this." in email.body
    for part in (email.subject, email.body, html_part(email)):
        assert "reconnect" not in part.lower()


def test_the_pause_page_offers_to_add_a_name_and_number(alice_client, alice, urge, with_friend):
    html = alice_client.get(f"/urges/{urge.pk}/").text
    assert "Add the name they know you by and a number to call you back" in html
    alice.display_name, alice.callback_phone = "Ali", "0123 45678"
    alice.save()
    html = alice_client.get(f"/urges/{urge.pk}/").text
    assert "Add the name they know you by" not in html


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
