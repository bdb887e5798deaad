"""Worst inputs an import can get, and round trips that keep what people wrote."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest

from journal.models import Entry, FocusArea, ReadinessSnapshot, Tag, WaitingPeriod
from tests.journal.importing import done, post_import


def upload(client, content: bytes | dict, name: str = "export.json"):
    if isinstance(content, dict):
        content = json.dumps(content).encode()
    return post_import(client, content, name)


def own(entries=(), **parts) -> dict:
    return {"schema": "reconnect/1", "entries": list(entries), **parts}


ENTRY = {"day": "2026-01-01", "title": "t", "body": ""}
PERIOD = {"label": "No contact", "start": "2026-01-01", "days": 30,
          "started_at": "2026-01-01T00:00:00+00:00"}  # fmt: skip
JRNL_ENTRY = {"date": "2026-01-01", "time": "09:00", "title": "t", "body": "", "tags": []}
DAY_ONE_ENTRY = {"uuid": "U1", "creationDate": "2026-01-01T10:00:00Z", "text": "x"}


def day_one(**fields) -> dict:
    return {"metadata": {"version": "1.0"}, "entries": [{**DAY_ONE_ENTRY, **fields}]}


def zip_of(files: dict[str, bytes], compression=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def patched(data: bytes, local_offset: int, central_offset: int, value: bytes) -> bytes:
    """A zip with the same bytes changed in its local and central headers."""
    data = bytearray(data)
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    data[local + local_offset : local + local_offset + len(value)] = value
    data[central + central_offset : central + central_offset + len(value)] = value
    return bytes(data)


JOURNAL = json.dumps(day_one()).encode()
PLAIN_ZIP = zip_of({"Journal.json": JOURNAL})


def bad_crc() -> bytes:
    data = bytearray(PLAIN_ZIP)
    at = data.index(b'"U1"')
    data[at + 1] = ord("V")
    return bytes(data)


def renamed_header() -> bytes:
    data = bytearray(PLAIN_ZIP)
    local = data.index(b"Journal.json")
    data[local : local + 1] = b"X"
    return bytes(data)


BAD = [
    (b"[" * 100_000, "nested too deeply"),
    (b'{"entries": [' + b"9" * 5000 + b"]}", "number too long"),
    (own([{**ENTRY, "focus": 5}]), "&#x27;focus&#x27; should be the name of a change"),
    (own([{**ENTRY, "focus": ["a"]}]), "&#x27;focus&#x27; should be the name of a change"),
    (own([{**ENTRY, "title": "a\u0000b"}]), "NUL character"),
    (own([{**ENTRY, "body": "a\u0000b"}]), "NUL character"),
    (own([ENTRY], focus_areas=[{"name": "a\u0000"}]), "NUL character"),
    (own([{**ENTRY, "id": "k" * 65}]), "Entry 1: its id is longer than 64 characters"),
    (own([{**ENTRY, "id": 5}]), "&#x27;id&#x27; should be text"),
    (own([{**ENTRY, "day": "0001-01-01"}]), "Entry 1: That date is too long ago"),
    (own([{**ENTRY, "time": "25:00"}]), "is not a time of day"),
    (own([{**ENTRY, "mood": "4"}]), "mood must be from 1 to 5"),
    (own([{**ENTRY, "mood": True}]), "mood must be from 1 to 5"),
    (own([{**ENTRY, "tags": "run"}]), "&#x27;tags&#x27; should be a list"),
    (own([], waiting_periods=[{**PERIOD, "label": None}]), "&#x27;label&#x27; should be text"),
    (own([], waiting_periods=[{**PERIOD, "label": 7}]), "&#x27;label&#x27; should be text"),
    (own([], waiting_periods=[{**PERIOD, "resets": 5}]), "&#x27;resets&#x27; should be a list"),
    (own([], waiting_periods=[{**PERIOD, "days": 400}]), "days must be from 1 to 365"),
    (own([], waiting_periods=[{**PERIOD, "started_at": "0001-01-01T00:00+09:00"}]),
     "too far from today"),
    (own([], situation={"whose_side": ["mine"]}), "Your answers: whose_side"),
    (own([], situation={"honest": "maybe"}), "Your answers: honest"),
    (own([], situation=[]), "&#x27;situation&#x27; should be an object"),
    (own([], focus_areas=[{"name": "x", "need_to_fix": "perhaps"}]), "Change 1: need_to_fix"),
    (own([], focus_areas=5), "&#x27;focus_areas&#x27; should be a list"),
    (own([], readiness_history=[{"at": "2026-01-01T00:00:00Z", "state": "x"}]),
     "Readiness record 1"),
    ({"entries": [{**JRNL_ENTRY, "tags": 5}]}, "&#x27;tags&#x27; should be a list"),
    ({"entries": [{**JRNL_ENTRY, "time": [1]}]}, "is not a time of day"),
    (day_one(creationDate="2024-13-01T10:00:00Z"), "is not a date"),
    (day_one(creationDate="2024-02-30T10:00:00Z"), "is not a date"),
    (day_one(timeZone=5), "the time zone should be a name"),
    (day_one(timeZone=["Europe/Berlin"]), "the time zone should be a name"),
    (day_one(timeZone="Mars/Olympus"), "unknown time zone"),
    (day_one(creationDate="0001-01-01T01:00:00Z", timeZone="America/New_York"),
     "too far from today"),
    (patched(PLAIN_ZIP, 6, 8, b"\x01"), "encrypted"),
    (patched(PLAIN_ZIP, 8, 10, b"\x09"), "compressed in a way this app can&#x27;t read"),
    (bad_crc(), "damaged"),
    (renamed_header(), "damaged"),
    (zip_of({"a.json": JOURNAL, "notes.json": b"[]"}), "mixes Day One journals"),
    (b"day,title\n2026-01-01,\n", "Row 2: &#x27;title&#x27; is empty"),
    (b"day,title\n2026-13-01,x\n", "Row 2: the date"),
    (b"day,title\n2026-01-01,a\x00\n", "NUL character"),
    (zip_of({"entries/a.md": b"no front matter"}), "has no front matter"),
]  # fmt: skip


@pytest.mark.parametrize(("content", "message"), BAD)
def test_bad_input_gets_a_clear_message_and_changes_nothing(alice_client, alice, content, message):
    name = "export.csv" if isinstance(content, bytes) and content.startswith(b"day,") else None
    name = name or ("export.zip" if isinstance(content, bytes) and content[:2] == b"PK" else None)
    response = upload(alice_client, content, name or "export.json")
    assert response.status_code == 200
    assert message in response.text
    assert "Nothing was imported" in response.text
    assert not Entry.objects.exists()
    assert not WaitingPeriod.objects.exists()
    assert not FocusArea.objects.exists()


def test_a_file_over_the_entry_limit_is_refused_up_front(alice_client, alice):
    entries = [{**JRNL_ENTRY, "title": f"e{i}"} for i in range(100_000)]
    response = upload(alice_client, {"entries": entries})
    assert "The file has 100,000 entries; up to 10,000 can be imported at once." in response.text
    assert not Entry.objects.exists()
    assert "10,000 entries a file" in alice_client.get("/journal/import/").text


# Round trips


JRNL_46 = {
    "tags": {"@work": 1, "@run": 1},
    "entries": [
        {"title": "Ran with @run friends.", "body": "Talked about @work.\n", "date": "2026-10-01",
         "time": "07:05", "tags": ["@run", "@work"], "starred": True},
        {"title": "Quiet.", "body": "", "date": "2026-10-02", "time": "22:40", "tags": [],
         "starred": False},
    ],
}  # fmt: skip


def test_jrnl_tags_are_tags_once_and_times_and_stars_are_kept(alice_client, alice):
    upload(alice_client, JRNL_46)
    first, second = Entry.objects.order_by("day")
    assert first.title == "Ran with @run friends." and first.body == "Talked about @work."
    assert sorted(t.name for t in first.tags.all()) == ["run", "work"]
    assert (first.time, first.starred) == (dt.time(7, 5), True)
    assert (second.time, second.starred) == (dt.time(22, 40), False)
    assert Tag.objects.filter(user=alice).count() == 2


def test_day_one_zip_with_two_journals(alice_client, alice):
    personal = {"metadata": {"version": "1.0"}, "entries": [
        {"uuid": "P1", "creationDate": "2026-03-01T21:30:00Z", "timeZone": "America/New_York",
         "text": "# Sunday \\#reflection\nA calm day.\n![](dayone-moment://ABC)\n",
         "starred": True, "tags": ["no contact"], "photos": [{"identifier": "ABC"}],
         "location": {"placeName": "Home"}, "weather": {"temperatureCelsius": 3}},
    ]}  # fmt: skip
    dreams = {"metadata": {"version": "1.0"}, "entries": [
        {"uuid": "D1", "creationDate": "2026-03-02T06:00:00Z", "timeZone": "Europe/Berlin",
         "text": "Flying", "audios": [{"identifier": "a"}, {"identifier": "b"}],
         "location": {"placeName": "Bed"}},
    ]}  # fmt: skip
    data = zip_of(
        {"Personal.json": json.dumps(personal).encode(), "Dreams.json": json.dumps(dreams).encode()}
    )
    response = upload(alice_client, data, "export.zip")
    assert done(response)
    page = response.text
    assert "Imported 2 entries" in page
    assert "2 audio clips, 2 locations, 1 photo and 1 weather note could not be imported." in page
    sunday = Entry.objects.get(import_key__isnull=False, title="Sunday #reflection")
    assert sunday.day == dt.date(2026, 3, 1) and sunday.time == dt.time(16, 30)
    assert sunday.body == "A calm day." and sunday.starred
    # The journal's name is a tag, and so is the #tag written in the title.
    names = sorted((t.name for t in sunday.tags.all()), key=str.lower)
    assert names == ["no contact", "Personal", "reflection"]
    dream = Entry.objects.get(title="Flying")
    assert dream.time == dt.time(7, 0)
    assert [t.name for t in dream.tags.all()] == ["Dreams"]
    # Again: nothing twice.
    upload(alice_client, data, "export.zip")
    assert Entry.objects.count() == 2


@pytest.fixture
def written(alice, area):
    entry = Entry.objects.create(
        user=alice, day=dt.date(2026, 3, 1), time=dt.time(8, 30), title="Zoë, café", body="a\nb",
        mood=3, focus=area, starred=True,
    )  # fmt: skip
    from journal.models import file_under_tags

    file_under_tags(entry, ["no contact", "run"])
    Entry.objects.create(user=alice, day=dt.date(2026, 3, 2), title="Plain")
    ReadinessSnapshot.objects.create(user=alice, state="not_yet", met=1, total=9)
    return entry


def fields(user):
    return sorted(
        (
            e.day, e.time, e.title, e.body, e.mood, e.focus.name if e.focus else None, e.starred,
            tuple(sorted(t.name for t in e.tags.all())),
        )
        for e in Entry.objects.filter(user=user)
    )  # fmt: skip


@pytest.mark.parametrize(
    ("fmt", "name"), [("json", "x.json"), ("markdown", "x.zip"), ("csv", "x.csv")]
)
def test_every_export_round_trips_into_another_account_and_the_same(
    alice_client, bob_client, alice, bob, written, fmt, name
):
    exported = b"".join(alice_client.get(f"/journal/export/{fmt}/").streaming_content)
    if fmt == "markdown":
        with zipfile.ZipFile(io.BytesIO(exported)) as archive:
            assert not any(b"\r" in archive.read(n) for n in archive.namelist())
    else:
        assert b"\r" not in exported
    FocusArea.objects.create(user=bob, name=written.focus.name)
    assert done(upload(bob_client, exported, name))
    assert fields(bob) == fields(alice)
    # Into the same account, or the other one again: nothing twice.
    upload(alice_client, exported, name)
    upload(bob_client, exported, name)
    assert Entry.objects.filter(user=alice).count() == 2
    assert Entry.objects.filter(user=bob).count() == 2
    # And bob's export back into alice's account adds nothing either.
    again = b"".join(bob_client.get(f"/journal/export/{fmt}/").streaming_content)
    upload(alice_client, again, name)
    assert Entry.objects.filter(user=alice).count() == 2


def test_readiness_history_round_trips(alice_client, bob_client, bob, written):
    exported = b"".join(alice_client.get("/journal/export/json/").streaming_content)
    upload(bob_client, exported)
    upload(bob_client, exported)
    # Alice's record arrives once; bob's own verdict is recorded beside it.
    history = list(ReadinessSnapshot.objects.filter(user=bob).values_list("state", "met"))
    assert history.count(("not_yet", 1)) == 1


def test_changes_and_periods_keep_their_ids_even_when_renamed(alice_client, bob_client, alice, bob):
    area = FocusArea.objects.create(user=alice, name="Jealousy")
    period = WaitingPeriod.objects.begin(alice, "No contact", dt.date(2026, 1, 1), 30)
    exported = json.loads(b"".join(alice_client.get("/journal/export/json/").streaming_content))
    assert exported["focus_areas"][0]["id"] == str(area.uid)
    assert exported["waiting_periods"][0]["id"] == str(period.uid)
    upload(bob_client, exported)
    assert FocusArea.objects.get(user=bob).uid == area.uid
    # Renamed in alice's account, then her old export comes back: nothing twice.
    FocusArea.objects.filter(pk=area.pk).update(name="Envy")
    WaitingPeriod.objects.filter(pk=period.pk).update(label="Quiet")
    upload(alice_client, exported)
    assert FocusArea.objects.filter(user=alice).count() == 1
    assert WaitingPeriod.objects.filter(user=alice).count() == 1


def test_a_bad_change_id_is_refused(alice_client):
    response = upload(alice_client, own([], focus_areas=[{"name": "x", "id": "not-an-id"}]))
    assert "Change 1: its id is not one this app made." in response.text
