from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from journal.models import Entry, FocusArea, Situation, WaitingPeriod
from reconnect.models import User


def snapshot() -> list[tuple]:
    return list(Entry.objects.order_by("user__username", "pk").values_list("day", "title", "mood"))


@pytest.mark.django_db
def test_it_creates_users_with_records():
    call_command("seed_demo", "--users", "2", "--entries", "30", stdout=None)
    assert User.objects.filter(username__startswith="demo").count() == 2
    assert Entry.objects.count() == 60
    assert FocusArea.objects.exists()
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
