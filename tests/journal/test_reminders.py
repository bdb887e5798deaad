from __future__ import annotations

import datetime as dt
import io

import time_machine
from django.core.management import call_command

from journal.models import Reset, WaitingPeriod
from reconnect.accounts.models import User

START = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def run() -> str:
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue()


def make_period(user: User, days: int = 30) -> WaitingPeriod:
    return WaitingPeriod.objects.create(
        user=user, label="No contact", start=START.date(), days=days, started_at=START
    )


def test_it_sends_once_per_milestone(alice, mailoutbox):
    alice.email_reminders = True
    alice.save()
    make_period(alice)
    with time_machine.travel(START + dt.timedelta(days=3)):
        run()
    assert mailoutbox == []
    with time_machine.travel(START + dt.timedelta(days=7, hours=1)):
        run()
        run()
    assert len(mailoutbox) == 1
    assert "7 days kept, 23 to go" in mailoutbox[0].body
    assert mailoutbox[0].to == ["alice@example.org"]
    with time_machine.travel(START + dt.timedelta(days=31)):
        run()
        run()
    assert len(mailoutbox) == 2
    assert "is complete" in mailoutbox[1].body  # 14 was missed while away: only the news


def test_a_reset_starts_new_events(alice, mailoutbox):
    alice.email_reminders = True
    alice.save()
    period = make_period(alice)
    with time_machine.travel(START + dt.timedelta(days=8)):
        run()
    broken = START + dt.timedelta(days=9)
    Reset.objects.create(period=period, run_started_at=period.started_at, at=broken, note="x")
    period.started_at = broken
    period.save()
    with time_machine.travel(broken + dt.timedelta(days=7, minutes=1)):
        run()
    assert len(mailoutbox) == 2


def test_only_users_who_asked_get_reminders(alice, bob, mailoutbox):
    make_period(alice)  # reminders are off by default
    bob.email_reminders = True
    bob.email = ""
    bob.save()
    make_period(bob)
    with time_machine.travel(START + dt.timedelta(days=40)):
        assert "Queued 0" in run()
    assert mailoutbox == []


def test_reminders_need_an_email_address(alice_client, alice):
    response = alice_client.post(
        "/accounts/profile/", {"timezone": "UTC", "email": "", "email_reminders": "on"}
    )
    assert "Reminders need an email address" in response.text
    alice.refresh_from_db()
    assert not alice.email_reminders


def test_the_reminder_is_plain_text_from_its_templates(alice, mailoutbox):
    alice.email_reminders = True
    alice.save()
    make_period(alice)
    WaitingPeriod.objects.create(
        user=alice, label="Tom & Jerry's <songs>", start=START.date(), days=7, started_at=START
    )
    with time_machine.travel(START + dt.timedelta(days=7, hours=1)):
        run()
    [mail] = mailoutbox
    assert mail.subject == "Your waiting period"
    assert mail.alternatives == [] and mail.content_subtype == "plain"
    assert mail.body == (
        "Hello alice,\n"
        "\n"
        "“No contact”: 7 days kept, 23 to go.\n"
        "“Tom & Jerry's <songs>” is complete: you kept it for all 7 days.\n"  # not escaped
        "\n"
        "Whatever you decide next, the time you kept is yours.\n"
        "\n"
        "(You get these emails because you turned reminders on in Settings.)\n"
    )


def test_a_one_day_period_is_one_day_not_one_days(alice, mailoutbox):
    alice.email_reminders = True
    alice.save()
    make_period(alice, days=1)
    with time_machine.travel(START + dt.timedelta(days=1, minutes=1)):
        run()
    assert "“No contact” is complete: you kept it for its one day." in mailoutbox[0].body
    assert "1 days" not in mailoutbox[0].body
