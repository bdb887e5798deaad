from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from django.utils import timezone

from journal.models import Entry, FocusArea, Reset, Situation, WaitingPeriod
from journal.readiness.facts import assess, gather_facts, load_records
from journal.readiness.forms import SituationForm
from journal.readiness.rules import SituationFacts, State
from tests.conftest import many_entries
from tests.journal.importing import done, post_import


@pytest.mark.parametrize("count", [10, 10_000])
def test_loading_takes_a_fixed_number_of_queries(alice, count, django_assert_num_queries):
    area = FocusArea.objects.create(user=alice, name="Drinking", about_breakup=True)
    many_entries(alice, count, area)
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
    assert facts.focus_areas[0].entry_count == count
    assert len(facts.periods) == 5


def test_another_users_records_never_count(alice, bob, ready_alice):
    verdict, _ = assess(bob, timezone.now())
    assert verdict.state is State.NOT_YET
    assert verdict.met == 0
    # And Bob's records never help or hurt Alice.
    Situation.objects.create(user=bob, asked_no_contact=True, safety_concern=True)
    FocusArea.objects.create(user=bob, name="Jealousy", about_breakup=True, need_to_fix="no")
    Entry.objects.create(user=bob, day=alice.local_today(), title="bob")
    assert assess(alice, timezone.now())[0].state is State.READY


def test_archived_changes_are_left_out(alice, ready_alice):
    FocusArea.objects.create(
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
    assert tuple(SituationForm._meta.fields) == Situation.ANSWERS


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
