"""This app's own JSON ("Everything"): what it holds, every record checked on the way
back in, and round trips that keep ids, times and the hard moments."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from journal.models import (
    Change,
    Entry,
    ReadinessSnapshot,
    Reset,
    Situation,
    WaitingPeriod,
)
from reconnect.accounts.models import User
from tests.journal.importing import done
from tests.records import find

from .conftest import body, export, jpeg, round_trip, upload


def own(entries: Iterable[object] = (), **parts: object) -> dict[str, object]:
    return {"schema": "reconnect/1", "entries": list(entries), **parts}


ENTRY = {"day": "2026-01-01", "title": "t", "body": ""}


PERIOD = {"label": "No contact", "start": "2026-01-01", "days": 30,
          "started_at": "2026-01-01T00:00:00+00:00"}  # fmt: skip


BAD = [
    (own([{**ENTRY, "focus": 5}]), "&#x27;focus&#x27; should be the name of a change"),
    (own([{**ENTRY, "focus": ["a"]}]), "&#x27;focus&#x27; should be the name of a change"),
    # The model's own limits, said once by full_clean and named with the entry.
    (own([{**ENTRY, "id": "k" * 65}]),
     "Entry 1: the id: Ensure this value has at most 64 characters (it has 65)."),
    (own([{**ENTRY, "title": "t" * 121}]),
     "Entry 1: the title: Ensure this value has at most 120 characters (it has 121)."),
    (own([{**ENTRY, "body": "b" * 20_001}]), "Entry 1: the text: longer than 20,000 characters."),
    (own([{**ENTRY, "mood": 9}]),
     "Entry 1: the mood: Ensure this value is less than or equal to 5."),
    (own([{**ENTRY, "mood": 0}]),
     "Entry 1: the mood: Ensure this value is greater than or equal to 1."),
    (own([{**ENTRY, "id": 5}]), "&#x27;id&#x27; should be text"),
    (own([{**ENTRY, "day": "0001-01-01"}]), "Entry 1: That date is too long ago"),
    (own([{**ENTRY, "time": "25:00"}]), "is not a time of day"),
    (own([{**ENTRY, "mood": "4"}]), "Entry 1: the mood must be a whole number from 1 to 5."),
    (own([{**ENTRY, "mood": True}]), "Entry 1: the mood must be a whole number from 1 to 5."),
    (own([{**ENTRY, "tags": "run"}]), "&#x27;tags&#x27; should be a list"),
    (own([{**ENTRY, "timezone": "Mars/Olympus"}]), "Entry 1: unknown time zone"),
    (own([{**ENTRY, "created": "soon"}]), "Entry 1: &#x27;soon&#x27; is not a date and time"),
    (own([{**ENTRY, "photos": [{"token": "../x"}]}]), "Entry 1: a photo has no valid token"),
    (own([], waiting_periods=[{**PERIOD, "label": None}]), "&#x27;label&#x27; should be text"),
    (own([], waiting_periods=[{**PERIOD, "label": 7}]), "&#x27;label&#x27; should be text"),
    (own([], waiting_periods=[{**PERIOD, "resets": 5}]), "&#x27;resets&#x27; should be a list"),
    (own([], waiting_periods=[{**PERIOD, "days": 400}]), "days must be from 1 to 365"),
    (own([], waiting_periods=[{**PERIOD, "started_at": "0001-01-01T00:00+09:00"}]),
     "too far from today"),
    (own([], situation={"whose_side": ["mine"]}),
     "Your answers: whose side was the breakup mostly on?"),
    (own([], situation={"honest": "maybe"}),
     "Your answers: I can say plainly how I feel, and then listen"),
    (own([], situation=[]), "&#x27;situation&#x27; should be an object"),
    (own([], focus_areas=[{"name": "x", "need_to_fix": "perhaps"}]),
     "Change 1: is this something I need to fix?"),
    (own([], focus_areas=5), "&#x27;focus_areas&#x27; should be a list"),
    (own([], readiness_history=[{"at": "2026-01-01T00:00:00Z", "state": "x"}]),
     "Readiness record 1"),
]  # fmt: skip


@pytest.mark.parametrize(("content", "message"), BAD)
def test_bad_records_get_a_clear_message_and_change_nothing(alice_client, alice, content, message):
    response = upload(alice_client, content)
    assert response.status_code == 200
    assert message in response.text
    assert "Nothing was imported" in response.text
    assert not Entry.objects.exists()
    assert not WaitingPeriod.objects.exists()
    assert not Change.objects.exists()


def test_json_has_everything_and_nothing_of_anyone_else(alice_client, records):
    response = alice_client.get("/journal/export/json/")
    assert response["Content-Type"].startswith("application/json")
    assert 'attachment; filename="reconnect-' in response["Content-Disposition"]
    data = json.loads(body(response))
    assert data["schema"] == "reconnect/1"
    assert [e["title"] for e in data["entries"]] == ["A long walk"]
    assert data["entries"][0]["focus"] == "Jealousy"
    assert data["focus_areas"][0]["name"] == "Jealousy"
    assert data["waiting_periods"][0]["resets"][0]["note"] == "slipped"
    assert data["situation"]["slow_plan"] == "slowly"
    assert "Bob" not in json.dumps(data)


def test_json_of_an_empty_account_is_valid(alice_client):
    data = json.loads(body(alice_client.get("/journal/export/json/")))
    assert data["entries"] == [] and data["situation"] is None


def test_json_has_the_hard_moments(alice_client, hard_moments, urge):
    data = json.loads(body(alice_client.get("/journal/export/json/")))
    [exported] = data["urges"]
    assert exported["message"] == "I miss you. Can we talk?"
    assert exported["triggers"] == ["loneliness", "alcohol"]
    assert (exported["intensity"], exported["draft"]) == (8, "kept")
    assert exported["created"] == urge.created.isoformat()
    assert data["reasons_to_wait"] == ["I need to be okay alone first"]
    assert data["logistics_contacts"][0]["note"] == "Returned the bike"
    assert data["friend"] == {"name": "Sam", "email": "sam@example.org"}
    assert "Bob's own" not in json.dumps(data)


def test_round_trip_into_an_empty_account(
    alice_client, bob_client, alice, bob, change, entry, period
):
    Reset.objects.create(period=period, run_started_at=period.started_at, note="slipped")
    Situation.objects.create(
        user=alice, whose_side="both", honest=True, slow_plan="slowly", accept_no=True
    )
    Entry.objects.create(user=alice, day=dt.date(2026, 11, 3), title="No focus", mood=2)
    exported = b"".join(alice_client.get("/journal/export/json/").streaming_content)
    assert done(upload(bob_client, exported))

    def snapshot(user: User) -> dict[str, object]:
        entry_fields = ("day", "title", "body", "body_html", "mood", "focus__name")
        change_fields = ("name", "about_breakup", "need_to_fix", "want_to_fix", "for_myself")
        period_fields = ("label", "purpose", "start", "days", "started_at")
        return {
            "entries": sorted(Entry.objects.filter(user=user).values_list(*entry_fields)),
            "changes": list(
                Change.objects.filter(user=user).values_list(*change_fields, "notes", "archived")
            ),
            "periods": list(WaitingPeriod.objects.filter(user=user).values_list(*period_fields)),
            "resets": list(
                Reset.objects.filter(period__user=user).values_list("run_started_at", "at", "note")
            ),
            "situation": list(
                Situation.objects.filter(user=user).values_list(
                    "whose_side", "their_rough_patch", "their_behaviour", "asked_no_contact",
                    "safety_concern", "honest", "slow_plan", "accept_no", "broke_up_on",
                )
            ),
        }  # fmt: skip

    assert snapshot(bob) == snapshot(alice)
    # And importing the same export again adds nothing.
    upload(bob_client, exported)
    assert snapshot(bob) == snapshot(alice)


def test_hard_moments_round_trip_once(alice_client, bob_client, alice, bob, period, urge, reason):
    from journal.models import LogisticsContact, ReasonToWait, Urge

    Urge.objects.filter(pk=urge.pk).update(outcome="kept_draft", draft="kept")
    ReasonToWait.objects.create(user=alice, text="A change that lasts", order=1)
    LogisticsContact.objects.create(period=period, day=period.start, note="Returned the bike")
    alice.friend_name, alice.friend_email = "Sam", "sam@example.org"
    alice.save()
    exported = b"".join(alice_client.get("/journal/export/json/").streaming_content)

    def snapshot(user: User) -> dict[str, object]:
        urge_fields = ("created", "pause_until", "message", "triggers", "trigger_note",
                       "intensity", "outcome", "draft")  # fmt: skip
        user.refresh_from_db()
        return {
            "urges": list(Urge.objects.filter(user=user).values_list(*urge_fields)),
            "reasons": list(ReasonToWait.objects.filter(user=user).values_list("text", flat=True)),
            "contacts": list(
                LogisticsContact.objects.filter(period__user=user).values_list("day", "note")
            ),
            "friend": (user.friend_name, user.friend_email),
        }

    for _ in range(2):  # the second import adds nothing
        assert done(upload(bob_client, exported))
        assert snapshot(bob) == snapshot(alice)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"triggers": ["heartbreak"]}, "Urge 1: the triggers must be from the list"),
        ({"intensity": 11}, "Urge 1: how strong it is: Ensure this value is less than or equal"),
        ({"message": "x" * 10_000}, "Urge 1: what you want to say: longer than 5,000 characters."),
        ({"created": "yesterday"}, "Urge 1: &#x27;yesterday&#x27; is not a date and time"),
        ({"trigger_note": "x" * 201}, "Urge 1: a few words about it: Ensure this value has at"),
        ({"outcome": "sent"}, "Urge 1: how it went: Value &#x27;sent&#x27; is not a valid choice."),
    ],
)
def test_bad_urges_import_nothing(alice_client, alice, bad, message):
    from journal.models import Urge

    good = {"created": "2026-11-01T01:00:00+00:00", "triggers": ["boredom"], "intensity": 4}
    document = {"schema": "reconnect/1", "entries": [{"day": "2026-01-01", "title": "t"}],
                "urges": [{**good, **bad}]}  # fmt: skip
    response = upload(alice_client, json.dumps(document).encode())
    assert message in response.text
    assert not Urge.objects.filter(user=alice).exists()
    assert not Entry.objects.filter(user=alice).exists()


def test_readiness_history_round_trips(alice_client, bob_client, bob, written):
    exported = b"".join(alice_client.get("/journal/export/json/").streaming_content)
    upload(bob_client, exported)
    upload(bob_client, exported)
    # Alice's record arrives once; bob's own verdict is recorded beside it.
    history = list(ReadinessSnapshot.objects.filter(user=bob).values_list("state", "met"))
    assert history.count(("not_yet", 1)) == 1


def test_changes_and_periods_keep_their_ids_even_when_renamed(alice_client, bob_client, alice, bob):
    change = Change.objects.create(user=alice, name="Jealousy")
    period = WaitingPeriod.objects.begin(alice, "No contact", dt.date(2026, 1, 1), 30)
    exported = json.loads(b"".join(alice_client.get("/journal/export/json/").streaming_content))
    assert exported["focus_areas"][0]["id"] == str(change.uid)
    assert exported["waiting_periods"][0]["id"] == str(period.uid)
    upload(bob_client, exported)
    assert Change.objects.get(user=bob).uid == change.uid
    # Renamed in alice's account, then her old export comes back: nothing twice.
    change.name, period.label = "Envy", "Quiet"
    change.save()
    period.save()
    upload(alice_client, exported)
    assert Change.objects.filter(user=alice).count() == 1
    assert WaitingPeriod.objects.filter(user=alice).count() == 1


def test_a_bad_change_id_is_refused(alice_client):
    response = upload(alice_client, own([], focus_areas=[{"name": "x", "id": "not-an-id"}]))
    assert "Change 1: its id is not one this app made." in response.text


def test_it_round_trips_into_another_account_and_the_same(
    alice_client, bob_client, alice, bob, written
):
    round_trip(alice_client, bob_client, alice, bob, "json", "x.json")


def test_created_and_updated_are_kept(alice_client, bob_client, alice, bob, written):
    Entry.objects.filter(pk=written.pk).update(
        created=dt.datetime(2026, 3, 1, 7, 0, tzinfo=dt.UTC),
        updated=dt.datetime(2026, 3, 4, 20, 0, tzinfo=dt.UTC),
    )
    upload(bob_client, export(alice_client, "json"))
    theirs = find(Entry.objects.filter(user=bob), title=written.title)
    assert (theirs.created, theirs.updated) == (
        dt.datetime(2026, 3, 1, 7, 0, tzinfo=dt.UTC), dt.datetime(2026, 3, 4, 20, 0, tzinfo=dt.UTC)
    )  # fmt: skip


def test_it_names_photos_it_does_not_hold(alice_client, bob_client, alice, bob):
    alice_client.post(
        "/journal/new/",
        {"day": "2026-03-01", "title": "Lake", "photos": [SimpleUploadedFile("a.jpg", jpeg())]},
    )
    token = Entry.objects.get(user=alice).photos.get().token
    entry = Entry.objects.get(user=alice)
    entry.body = (
        f"Calm\n![](/journal/photos/{token}/full/)\n\n"
        f"By ![the lake](/journal/photos/{token}/thumb/)."
    )
    entry.save()
    data = json.loads(export(alice_client, "json"))
    assert data["entries"][0]["photos"][0]["token"] == token
    response = upload(bob_client, data)
    assert done(response)
    assert "1 photo (the JSON holds none: the archive does) could not be imported." in (
        response.text
    )
    # No link is left to a photo that is not there: its description stays, an empty
    # line does not.
    assert Entry.objects.get(user=bob).body == "Calm\n\nBy the lake."
