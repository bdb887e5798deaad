from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest

from journal.models import Entry, FocusArea, Reset, Situation, WaitingPeriod
from tests.journal.importing import done, post_import

JRNL = {
    "tags": {"@work": 1},
    "entries": [
        {"date": "2026-10-01", "time": "09:00", "title": "Ran in the park.", "body": "Felt good.",
         "tags": ["@run"], "starred": False},
        {"date": "2026-10-02", "time": "21:30", "title": "Quiet day", "body": "",
         "tags": [], "starred": True},
    ],
}  # fmt: skip
DAY_ONE = {
    "metadata": {"version": "1.0"},
    "entries": [
        {"uuid": "A1B2", "creationDate": "2026-10-03T23:30:00Z", "timeZone": "Europe/Berlin",
         "text": "# Therapy\nTalked about jealousy.", "tags": ["jealousy"]},
        {"uuid": "C3D4", "creationDate": "2026-10-04T08:00:00Z", "text": "Morning walk"},
    ],
}  # fmt: skip


def upload(client, content: bytes | dict, name: str = "export.json"):
    if isinstance(content, dict):
        content = json.dumps(content).encode()
    return post_import(client, content, name)


def test_the_page_shows_the_form_and_exports(alice_client):
    html = alice_client.get("/journal/import/").text
    assert 'type="file" name="file"' in html
    assert 'href="/journal/export/json/"' in html


def test_it_needs_login(visitor):
    assert visitor.get("/journal/import/").url.startswith("/accounts/login/")


def test_jrnl_import(alice_client, alice):
    assert "No entries yet" in alice_client.get("/journal/").text  # now cached
    response = upload(alice_client, JRNL)
    assert done(response)
    assert "Imported 2 entries; 0 were already here." in response.text
    entries = list(Entry.objects.filter(user=alice).order_by("day"))
    assert [(e.day, e.title) for e in entries] == [
        (dt.date(2026, 10, 1), "Ran in the park."),
        (dt.date(2026, 10, 2), "Quiet day"),
    ]
    # Tags stay tags, never text added to the body; times and stars are kept.
    assert entries[0].body == "Felt good."
    assert [t.name for t in entries[0].tags.all()] == ["run"]
    assert entries[0].time == dt.time(9, 0) and not entries[0].starred
    assert entries[1].time == dt.time(21, 30) and entries[1].starred
    html = alice_client.get("/journal/").text
    assert "Ran in the park." in html and "No entries yet" not in html


def test_day_one_import_uses_each_entrys_time_zone_and_matches_tags(alice_client, alice):
    area = FocusArea.objects.create(user=alice, name="Jealousy")
    assert done(upload(alice_client, DAY_ONE))
    first, second = Entry.objects.filter(user=alice).order_by("day")
    assert first.day == dt.date(2026, 10, 4)  # 23:30 UTC is already the 4th in Berlin
    assert first.title == "Therapy"
    assert first.focus == area
    assert second.title == "Morning walk"


def test_day_one_zip(alice_client, alice):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Journal.json", json.dumps(DAY_ONE))
        archive.writestr("photos/readme.txt", "x")
    assert done(upload(alice_client, buffer.getvalue(), "export.zip"))
    assert Entry.objects.filter(user=alice).count() == 2


def test_importing_twice_adds_nothing(alice_client, alice):
    upload(alice_client, JRNL)
    response = upload(alice_client, JRNL)
    assert done(response)
    assert Entry.objects.filter(user=alice).count() == 2
    assert "Imported 0 entries; 2 were already here." in response.text


def test_round_trip_into_an_empty_account(
    alice_client, bob_client, alice, bob, area, entry, period
):
    Reset.objects.create(period=period, run_started_at=period.started_at, note="slipped")
    Situation.objects.create(
        user=alice, whose_side="both", honest=True, slow_plan="slowly", accept_no=True
    )
    Entry.objects.create(user=alice, day=dt.date(2026, 11, 3), title="No focus", mood=2)
    exported = b"".join(alice_client.get("/journal/export/json/").streaming_content)
    assert done(upload(bob_client, exported))

    def snapshot(user):
        entry_fields = ("day", "title", "body", "body_html", "mood", "focus__name")
        area_fields = ("name", "about_breakup", "need_to_fix", "want_to_fix", "for_myself")
        period_fields = ("label", "purpose", "start", "days", "started_at")
        return {
            "entries": sorted(Entry.objects.filter(user=user).values_list(*entry_fields)),
            "areas": list(
                FocusArea.objects.filter(user=user).values_list(*area_fields, "notes", "archived")
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


def zip_with(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


BAD = [
    (b"", "The file is empty"),
    (b"not json at all", "not valid JSON"),
    (b"\xff\xfe\x00garbage", "not text in UTF-8"),
    (b"[1, 2, 3]", "not a journal export this app knows"),
    (json.dumps({"entries": [{"foo": 1}]}).encode(), "neither jrnl"),
    (json.dumps({"entries": [{"date": "2024-13-01", "body": "x", "title": "t"}]}).encode(),
     "Entry 1: the date &#x27;2024-13-01&#x27; is not a date"),
    (json.dumps({"entries": [{"date": "2026-01-01", "body": "x", "title": "t"},
                             {"date": "2999-01-01", "body": "x", "title": "t"}]}).encode(),
     "Entry 2: the date 2999-01-01 is in the future"),
    (json.dumps({"entries": [{"date": "2026-01-01", "body": "x" * 20_001, "title": "t"}]}).encode(),
     "Entry 1: the text is longer than 20,000 characters"),
    (json.dumps({"schema": "reconnect/1",
                 "entries": [{"day": "2026-01-01", "title": "t", "mood": 9}]}).encode(),
     "Entry 1: the mood must be from 1 to 5"),
    (json.dumps({"schema": "reconnect/9", "entries": []}).encode(), "newer version"),
    (json.dumps({"metadata": {}, "entries": [{"creationDate": "soon", "text": "x"}]}).encode(),
     "Entry 1: the date &#x27;soon&#x27; is not a date"),
    (zip_with("photo.jpg", b"x"), "holds no JSON or Markdown file"),
    (b"PK\x03\x04 broken zip", "damaged"),
    (zip_with("Journal.json", b" " * (21 * 1024 * 1024)), "larger than 20 MB once unpacked"),
]  # fmt: skip


@pytest.mark.parametrize(("content", "message"), BAD)
def test_bad_files_say_what_is_wrong_and_import_nothing(alice_client, alice, content, message):
    response = upload(alice_client, content)
    assert response.status_code == 200
    assert message in response.text
    assert "Nothing was imported" in response.text
    assert not Entry.objects.filter(user=alice).exists()
    assert not WaitingPeriod.objects.exists()


def test_an_oversized_upload_is_refused_before_it_is_read(alice_client, alice):
    response = upload(alice_client, b"x" * (21 * 1024 * 1024))
    assert response.status_code == 200
    assert "larger than 20 MB" in response.text
    assert not Entry.objects.exists()


def test_no_file_says_so(alice_client):
    response = alice_client.post("/journal/import/", {})
    assert "This field is required" in response.text


def test_hard_moments_round_trip_once(alice_client, bob_client, alice, bob, period, urge, reason):
    from journal.models import LogisticsContact, ReasonToWait, Urge

    Urge.objects.filter(pk=urge.pk).update(outcome="kept_draft", draft="kept")
    ReasonToWait.objects.create(user=alice, text="A change that lasts", order=1)
    LogisticsContact.objects.create(period=period, day=period.start, note="Returned the bike")
    alice.friend_name, alice.friend_email = "Sam", "sam@example.org"
    alice.save()
    exported = b"".join(alice_client.get("/journal/export/json/").streaming_content)

    def snapshot(user):
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
        ({"intensity": 11}, "Urge 1: the strength must be from 1 to 10"),
        ({"message": "x" * 10_000}, "Urge 1: the message is longer than 5,000 characters"),
        ({"created": "yesterday"}, "Urge 1: &#x27;yesterday&#x27; is not a date and time"),
        ({"outcome": "sent"}, "Urge 1: the outcome or draft state is not one this app knows"),
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
