from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from django.db.models import Count
from django.utils import timezone

from journal.models import Change, Entry, Reset, Situation, WaitingPeriod
from journal.readiness.facts import assess, entry_days, gather_facts, load_records
from journal.readiness.forms import SituationForm
from journal.readiness.rules import (
    GROWTH_WINDOW_DAYS,
    ChangeFacts,
    Facts,
    PeriodFacts,
    SituationFacts,
    State,
    evaluate,
)
from journal.stats import journal_summary
from reconnect.accounts.models import User
from tests.conftest import many_entries
from tests.journal.importing import done, post_import


@pytest.mark.parametrize("count", [10, 10_000])
def test_loading_takes_a_fixed_number_of_queries(alice, count, django_assert_num_queries):
    change = Change.objects.create(user=alice, name="Drinking", about_breakup=True)
    many_entries(alice, count, change)
    for i in range(5):
        period = WaitingPeriod.objects.create(
            user=alice, label=f"p{i}", start="2026-01-01", days=30,
            started_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        )  # fmt: skip
        Reset.objects.create(period=period, run_started_at=period.started_at, note="x")
    with django_assert_num_queries(4):
        records = load_records(alice, alice.local_today())
    with django_assert_num_queries(0):
        facts = gather_facts(records, timezone.now(), alice)
    assert facts.changes[0].entry_count == count
    assert len(facts.periods) == 5


def facts_from_model_instances(user: User, now: dt.datetime) -> Facts:
    """The facts as they were gathered before the lean queries: whole rows, joined counts."""
    today = now.astimezone(user.tzinfo).date()
    # A GROUP BY drops Meta.ordering: the joined count came in the order of ids.
    changes = (
        Change.objects.filter(user=user, archived=False).annotate(n=Count("entries")).order_by("pk")
    )
    situation = Situation.objects.filter(user=user).first()
    return Facts(
        entry_days=journal_summary(user.pk, today).days,
        changes=tuple(
            ChangeFacts(a.name, a.about_breakup, a.need_to_fix, a.want_to_fix, a.for_myself, a.n)
            for a in changes
        ),
        periods=tuple(
            PeriodFacts(p.label, p.days, progress.complete, progress.days_left)
            for p in WaitingPeriod.objects.filter(user=user)
            for progress in [p.progress(now, user.tzinfo)]
        ),
        situation=SituationFacts(**{n: getattr(situation, n) for n in Situation.ANSWERS})
        if situation
        else None,
    )


def window(facts: Facts, today: dt.date) -> Facts:
    """The facts with entry days cut to the growth window, all that the rules read of them."""
    first = today - dt.timedelta(days=GROWTH_WINDOW_DAYS - 1)
    days = {day: n for day, n in facts.entry_days.items() if first <= day <= today}
    return dataclasses.replace(facts, entry_days=days)


@pytest.mark.parametrize("answered", [True, False])
def test_the_lean_facts_equal_those_from_whole_rows(alice, bob, ready_alice, answered):
    """Tuples in, the same facts and verdict out, with or without the dashboard's days."""
    now = timezone.now()
    today = alice.local_today()
    many_entries(alice, 400, Change.objects.get(user=alice))
    Change.objects.create(user=alice, name="Fitness", for_myself="no")  # no entries
    Change.objects.create(user=alice, name="Old", archived=True)
    WaitingPeriod.objects.begin(alice, "Again", today, 14, purpose="x")
    Change.objects.create(user=bob, name="Bob's", about_breakup=True)
    many_entries(bob, 50)
    if not answered:
        Situation.objects.filter(user=alice).delete()
    old = window(facts_from_model_instances(alice, now), today)
    lean = gather_facts(load_records(alice, today), now, alice)
    assert lean == old
    summary_days = journal_summary(alice.pk, today).days
    with_days = gather_facts(load_records(alice, today, summary_days), now, alice)
    assert window(with_days, today) == old
    assert evaluate(lean, today) == evaluate(with_days, today) == evaluate(old, today)
    assert [a.name for a in load_records(alice, today).changes] == ["Jealousy", "Fitness"]


def test_entry_days_count_the_growth_window_only(alice, bob):
    today = alice.local_today()
    many_entries(alice, 200)  # one a day back 200 days
    many_entries(bob, 10)
    days = entry_days(alice.pk, today)
    assert len(days) == GROWTH_WINDOW_DAYS and set(days.values()) == {1}
    assert min(days) == today - dt.timedelta(days=GROWTH_WINDOW_DAYS - 1)


def test_another_users_records_never_count(alice, bob, ready_alice):
    verdict, _ = assess(bob, timezone.now())
    assert verdict.state is State.NOT_YET
    assert verdict.met == 0
    # And Bob's records never help or hurt Alice.
    Situation.objects.create(user=bob, asked_no_contact=True, safety_concern=True)
    Change.objects.create(user=bob, name="Jealousy", about_breakup=True, need_to_fix="no")
    Entry.objects.create(user=bob, day=alice.local_today(), title="bob")
    assert assess(alice, timezone.now())[0].state is State.READY


def test_archived_changes_are_left_out(alice, ready_alice):
    Change.objects.create(
        user=alice, name="Old", about_breakup=True, need_to_fix="no", archived=True
    )
    assert assess(alice, timezone.now())[0].state is State.READY


def test_a_running_period_holds_back_waited(alice, ready_alice):
    today = alice.local_today()
    WaitingPeriod.objects.begin(alice, "Again", today, 14)
    verdict, _ = assess(alice, timezone.now())
    waited = next(c for c in verdict.conditions if c.key == "waited")
    assert waited.status == "unmet"
    assert "14 days left" in waited.detail


def test_every_answer_is_defined_once_and_read_everywhere():
    assert {f.name for f in dataclasses.fields(SituationFacts)} == set(Situation.ANSWERS)
    assert tuple(SituationForm.base_fields) == Situation.ANSWERS


def test_the_open_answer_travels_through_export_and_import(alice_client, alice, bob_client, bob):
    Situation.objects.create(
        user=alice, whose_side="mine", open_to_contact="no", together_months=14
    )
    data = b"".join(
        chunk.encode() if isinstance(chunk, str) else chunk
        for chunk in alice_client.get("/journal/export/json/").streaming_content
    )
    export = json.loads(data)
    exported = export["situation"]
    assert set(exported) == set(Situation.ANSWERS)
    assert exported["open_to_contact"] == "no"
    exported["open_to_contact"] = "maybe"  # not an answer the app knows: a clear refusal
    response = post_import(bob_client, json.dumps(export).encode())
    assert response.status_code == 200 and "Nothing was imported" in response.text
    assert not Situation.objects.filter(user=bob).exists()
    exported["open_to_contact"] = "no"
    assert done(post_import(bob_client, json.dumps(export).encode()))
    theirs = Situation.objects.get(user=bob)
    assert (theirs.open_to_contact, theirs.together_months, theirs.whose_side) == ("no", 14, "mine")
