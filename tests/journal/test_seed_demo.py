from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from journal.models import Change, Entry, Situation, WaitingPeriod
from reconnect.accounts.models import User


def snapshot() -> list[tuple[dt.date, str, int | None]]:
    return list(Entry.objects.order_by("user__username", "pk").values_list("day", "title", "mood"))


@pytest.mark.django_db
def test_it_creates_users_with_records():
    call_command("seed_demo", "--users", "2", "--entries", "30", stdout=None)
    assert User.objects.filter(username__startswith="demo").count() == 2
    assert Entry.objects.count() == 60
    assert Change.objects.exists()
    assert WaitingPeriod.objects.count() == 4
    assert Situation.objects.count() == 2
    assert User.objects.get(username="demo1").check_password("demo-password-not-secret")


@pytest.mark.django_db
def test_the_same_seed_makes_the_same_data():
    call_command("seed_demo", "--users", "1", "--entries", "40", "--seed", "7")
    first = snapshot()
    call_command("seed_demo", "--users", "1", "--entries", "40", "--seed", "7")
    assert snapshot() == first
    assert Entry.objects.count() == 40


@pytest.mark.django_db
def test_it_refuses_nonsense():
    with pytest.raises(CommandError):
        call_command("seed_demo", "--users", "0")


@pytest.mark.django_db
def test_it_adds_urges_that_the_patterns_show(client):
    from journal.models import ReasonToWait, Urge

    call_command("seed_demo", "--users", "1", "--entries", "5", stdout=None)
    user = User.objects.get(username="demo1")
    assert Urge.objects.filter(user=user).count() == 24
    assert ReasonToWait.objects.filter(user=user).count() == 3
    client.force_login(user)
    html = client.get("/urges/").text
    assert "24 urges in the last 12 weeks." in html
    assert "passed without contact" in html
