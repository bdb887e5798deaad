"""Day One both ways: its zip in (several journals, photos, each entry's time zone), a
zip Day One imports out, and back again with nothing lost or added."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from journal.models import Change, Entry, EntryPhoto, Tag
from reconnect.accounts.models import User
from tests.journal.importing import done
from tests.records import find

from .conftest import checksum, export, jpeg, upload, zip_of

DAY_ONE = {
    "metadata": {"version": "1.0"},
    "entries": [
        {"uuid": "A1B2", "creationDate": "2026-10-03T23:30:00Z", "timeZone": "Europe/Berlin",
         "text": "# Therapy\nTalked about jealousy.", "tags": ["jealousy"]},
        {"uuid": "C3D4", "creationDate": "2026-10-04T08:00:00Z", "text": "Morning walk"},
    ],
}  # fmt: skip


def test_day_one_import_uses_each_entrys_time_zone_and_matches_tags(alice_client, alice):
    change = Change.objects.create(user=alice, name="Jealousy")
    assert done(upload(alice_client, DAY_ONE))
    first, second = Entry.objects.filter(user=alice).order_by("day")
    assert first.day == dt.date(2026, 10, 4)  # 23:30 UTC is already the 4th in Berlin
    assert first.title == "Therapy"
    assert first.focus == change
    assert second.title == "Morning walk"


def test_day_one_zip(alice_client, alice):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Journal.json", json.dumps(DAY_ONE))
        archive.writestr("photos/readme.txt", "x")
    assert done(upload(alice_client, buffer.getvalue(), "export.zip"))
    assert Entry.objects.filter(user=alice).count() == 2


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
    sunday = find(Entry.objects.filter(import_key__isnull=False), title="Sunday #reflection")
    assert sunday.day == dt.date(2026, 3, 1) and sunday.time == dt.time(16, 30)
    # The photo the zip lacks goes with its line; the text's own line break stays.
    assert sunday.body == "A calm day.\n" and sunday.starred
    # The journal's name is a tag of its own form; the escaped \#reflection in the title
    # is not a tag.
    names = sorted((t.name for t in sunday.tags.all()), key=str.lower)
    assert names == ["Day One: Personal", "no contact"]
    dream = find(Entry, title="Flying")
    assert dream.time == dt.time(7, 0)
    assert [t.name for t in dream.tags.all()] == ["Day One: Dreams"]
    # Again: nothing twice.
    upload(alice_client, data, "export.zip")
    assert Entry.objects.count() == 2


def test_a_day_one_zip_with_photos(alice_client, alice):
    photo = jpeg(gps=True)
    md5 = checksum(photo)
    journal = {"metadata": {"version": "1.0"}, "entries": [
        {"uuid": "5F0B8F3E9A8B4C0D8E1F2A3B4C5D6E7F", "creationDate": "2026-03-01T12:00:00Z",
         "timeZone": "Europe/Berlin",
         "text": "# Lake\nBefore\n![](dayone-moment://AAA111)\nAfter",
         "photos": [{"identifier": "AAA111", "md5": md5, "type": "jpeg"},
                    {"identifier": "BBB222", "md5": "0" * 32, "type": "jpeg"}]},
        {"uuid": "6F0B8F3E9A8B4C0D8E1F2A3B4C5D6E7F", "creationDate": "2026-03-02T12:00:00Z",
         "timeZone": "Europe/Berlin", "text": "![](dayone-moment://CCC333)",
         "photos": [{"identifier": "CCC333", "md5": md5, "type": "jpeg"}]},
    ]}  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Journal.json", json.dumps(journal))
        archive.writestr(f"photos/{md5}.jpeg", photo)
    response = upload(alice_client, buffer.getvalue(), "dayone.zip")
    assert done(response)
    assert "1 photo could not be imported." in response.text
    lake = find(Entry, title="Lake")
    stored = lake.photos.get()
    assert lake.body == f"Before\n![](/journal/photos/{stored.token}/full/)\nAfter"
    # Shown where Day One showed it, to its owner only.
    page = alice_client.get(lake.get_absolute_url()).text
    assert f'<img src="/journal/photos/{stored.token}/full/" alt="Photo"' in page
    data = b"".join(alice_client.get(stored.get_absolute_url()).streaming_content)
    assert b"PhoneMaker" not in data
    photo_only = Entry.objects.get(day=dt.date(2026, 3, 2))
    assert photo_only.title == "Photo" and photo_only.photos.count() == 1


def test_day_one_export_round_trips_with_photos(alice_client, bob_client, alice, bob):
    alice_client.post(
        "/journal/new/",
        {"day": "2026-03-01", "time": "21:15", "title": "Lake", "body": "Calm.\r\nStill.",
         "tags": "no contact", "starred": "on",
         "photos": [SimpleUploadedFile("a.jpg", jpeg(gps=True))]},
    )  # fmt: skip
    alice_client.post("/journal/new/", {"day": "2026-03-02", "title": "No time"})
    exported = export(alice_client, "dayone")
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        document = json.loads(archive.read("Journal.json"))
        assert any(n.startswith("photos/") for n in archive.namelist())
    first = document["entries"][0]
    # A photo added beside the text (not placed in it) goes with the entry, no link made up.
    assert first["text"] == "# Lake\nCalm.\nStill." and len(first["photos"]) == 1
    assert first["starred"] is True and first["tags"] == ["no contact"]
    assert done(upload(bob_client, exported, "dayone.zip"))

    def fields(user: User) -> list[tuple[object, ...]]:
        return sorted(
            (e.day, e.time, e.title, e.starred, tuple(t.name for t in e.tags.all()),
             e.photos.count())
            for e in Entry.objects.filter(user=user)
        )  # fmt: skip

    assert fields(bob) == fields(alice)
    assert EntryPhoto.objects.filter(user=bob).count() == 1
    # Back into alice's account: her entries are recognised, nothing is added.
    upload(alice_client, exported, "dayone.zip")
    assert Entry.objects.filter(user=alice).count() == 2


def moment_photo(identifier: str, content: bytes) -> dict[str, str]:
    return {"identifier": identifier, "md5": checksum(content), "type": "jpeg"}


RED, BLUE, GREEN = jpeg((200, 0, 0)), jpeg((0, 0, 200)), jpeg((0, 200, 0))
PERSONAL = {"metadata": {"version": "1.0"}, "entries": [
    {"uuid": "11111111111111111111111111111111", "creationDate": "2026-03-01T03:30:00Z",
     "timeZone": "America/Los_Angeles", "starred": True, "tags": ["no contact"],
     "text": "# By the sea\nFirst line\nsecond line\n\n![](dayone-moment://AAA)\n\nAfter the "
             "photo 1\\. not a list, \\#notatag, a\\-b, \\*not bold\\*",
     "photos": [moment_photo("AAA", RED)]},
    {"uuid": "22222222222222222222222222222222", "creationDate": "2026-03-02T08:00:00Z",
     "timeZone": "Asia/Tokyo", "text": "![](dayone-moment://BBB)\nJust a photo first",
     "photos": [moment_photo("BBB", BLUE)]},
]}  # fmt: skip
DREAMS = {"metadata": {"version": "1.0"}, "entries": [
    {"uuid": "33333333333333333333333333333333", "creationDate": "2026-03-03T12:15:00Z",
     "timeZone": "Europe/Berlin", "text": "A line without a heading\nand a second one",
     "photos": [moment_photo("CCC", GREEN)], "isAllDay": False},
    {"uuid": "44444444444444444444444444444444", "creationDate": "2026-03-04T12:00:00Z",
     "timeZone": "Europe/Berlin", "text": "![](dayone-moment://DDD)",
     "photos": [moment_photo("DDD", GREEN)]},
]}  # fmt: skip
TWO_JOURNALS = zip_of({
    "Personal.json": json.dumps(PERSONAL), "Dreams.json": json.dumps(DREAMS),
    **{f"photos/{checksum(p)}.jpeg": p for p in (RED, BLUE, GREEN)},
})  # fmt: skip


def picture(user: User) -> list[tuple[object, ...]]:
    """Each entry as a person sees it: text with each photo's place and pixels, local time
    and zone, tags and star."""
    rows = []
    for entry in Entry.objects.filter(user=user).prefetch_related("photos", "tags"):
        text = entry.body
        for n, photo in enumerate(entry.photos.all()):
            text = text.replace(photo.token, f"photo{n}")
        pixels = [checksum(p.image.read()) for p in entry.photos.all()]
        rows.append(
            (entry.day, entry.time, entry.timezone, entry.title, entry.heading, text,
             entry.starred, sorted(t.name for t in entry.tags.all()), pixels)
        )  # fmt: skip
    return sorted(rows)


def test_two_journals_three_zones_and_photos_round_trip(alice_client, bob_client, alice, bob):
    assert done(upload(alice_client, TWO_JOURNALS, "dayone.zip"))
    sea = find(Entry.objects.filter(user=alice), title="By the sea")
    # Its own zone and local time: 03:30 UTC is 19:30 the day before in Los Angeles.
    assert (sea.day, sea.time, sea.timezone) == (
        dt.date(2026, 2, 28), dt.time(19, 30), "America/Los_Angeles"
    )  # fmt: skip
    token = sea.photos.get().token
    # The escapes stay, meaning what they meant in Day One, the photo stands where Day
    # One showed it, and no #tag is made.
    assert sea.body == (
        f"First line\nsecond line\n\n![](/journal/photos/{token}/full/)\n\n"
        "After the photo 1\\. not a list, \\#notatag, a\\-b, \\*not bold\\*"
    )
    assert "1. not a list, #notatag, a-b, *not bold*" in sea.body_html
    assert sorted(t.name for t in sea.tags.all()) == ["Day One: Personal", "no contact"]
    # Line breaks show as line breaks.
    assert "First line<br" in sea.body_html
    first = Entry.objects.get(user=alice, day=dt.date(2026, 3, 2))
    assert (first.title, first.heading, first.time, first.timezone) == (
        "Just a photo first", False, dt.time(17, 0), "Asia/Tokyo"
    )  # fmt: skip
    only_photo = Entry.objects.get(user=alice, day=dt.date(2026, 3, 4))
    assert only_photo.title == "Photo" and not only_photo.heading

    exported = export(alice_client, "dayone")
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        journals = {
            n: json.loads(archive.read(n)) for n in archive.namelist() if n.endswith(".json")
        }
    # Each journal is its own file again.
    assert sorted(journals) == ["Dreams.json", "Personal.json"]
    texts = {e["timeZone"]: e["text"] for d in journals.values() for e in d["entries"]}
    sea_text = str(PERSONAL["entries"][0]["text"])  # type: ignore[index]
    assert sea_text.replace("AAA", "") == re.sub(
        "dayone-moment://\\w+", "dayone-moment://", texts["America/Los_Angeles"]
    )
    # No invented heading; the photo written as Day One writes it, where it stood.
    assert texts["Asia/Tokyo"].startswith("![](dayone-moment://")
    assert texts["Asia/Tokyo"].endswith(")\nJust a photo first")
    assert not any("# Photo" in t or "/journal/photos/" in t for t in texts.values())
    assert re.search(r"second line\n\n!\[\]\(dayone-moment://\w+\)\n\nAfter", texts[
        "America/Los_Angeles"])  # fmt: skip

    assert done(upload(bob_client, exported, "dayone.zip"))
    alice_rows, bob_rows = picture(alice), picture(bob)
    # The journals' names came in as tags and go out as tags: everything else is the same.
    assert bob_rows == alice_rows
    assert EntryPhoto.objects.filter(user=bob).count() == 4
    sources = [
        src
        for entry in Entry.objects.filter(user=bob)
        for src in re.findall(r'<img src="([^"]+)"', bob_client.get(entry.get_absolute_url()).text)
    ]
    assert sources, "no photo shown on the entries' pages"
    for src in sources:
        assert bob_client.get(src).status_code == 200
    # And the export back into the first account adds nothing.
    upload(alice_client, exported, "dayone.zip")
    assert Entry.objects.filter(user=alice).count() == 4


def test_app_entries_go_to_day_one_and_back_unchanged(alice_client, bob_client, alice, bob):
    alice_client.post(
        "/journal/new/",
        {"day": "2026-03-01", "time": "08:00", "title": "Back\\slash", "body": "a \\* b\n1. c",
         "photos": [SimpleUploadedFile("a.jpg", RED)]},
    )  # fmt: skip
    entry = Entry.objects.get(user=alice)
    token = entry.photos.get().token
    entry.body = f"before\n![me](/journal/photos/{token}/full/)\nafter"
    entry.timezone = "Pacific/Auckland"
    entry.save()
    upload(bob_client, export(alice_client, "dayone"), "dayone.zip")
    theirs = Entry.objects.get(user=bob)
    assert theirs.title == "Back\\slash" and theirs.timezone == "Pacific/Auckland"
    assert theirs.body == f"before\n![me](/journal/photos/{theirs.photos.get().token}/full/)\nafter"
    assert Change.objects.filter(user=bob).count() == 0


FIXTURES = Path(__file__).parents[1] / "fixtures"


def day_one_entries(zipped: bytes) -> dict[str, dict[str, Any]]:
    """Each entry of a Day One zip by uuid, with its journal's file name and photo types,
    photo identifiers made alike (each import gives its photos new ones)."""
    found = {}
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        for name in archive.namelist():
            if not name.endswith(".json"):
                continue
            for entry in json.loads(archive.read(name))["entries"]:
                found[entry["uuid"]] = {
                    "journal": name,
                    "text": re.sub(r"dayone-moment://\w+", "dayone-moment://photo", entry["text"]),
                    "modifiedDate": entry["modifiedDate"],
                    "creationDate": entry["creationDate"],
                    "timeZone": entry["timeZone"],
                    "tags": sorted(entry.get("tags", [])),
                    "starred": entry.get("starred", False),
                    "photos": [p["type"] for p in entry.get("photos", [])],
                }
    return found


def test_a_day_one_zip_goes_through_two_accounts_unchanged(alice_client, bob_client, alice, bob):
    original = (FIXTURES / "dayone-two-journals.zip").read_bytes()
    response = upload(alice_client, original, "dayone.zip")
    assert done(response)
    assert "1 photo could not be imported." in response.text
    week = Entry.objects.get(user=alice, timezone="America/New_York")
    assert week.title == "Week #2, a calm one"
    # Escapes kept, meaning what they meant in Day One; #realtag was no tag there either.
    assert "1\\. Breathe first\n\\- not a list\n\\#notatag and #realtag" in week.body
    assert "<ol" not in week.body_html and "<li" not in week.body_html
    assert week.updated == dt.datetime(2025, 3, 10, 20, 15, 42, tzinfo=dt.UTC)
    assert week.created == dt.datetime(2025, 3, 9, 6, 30, tzinfo=dt.UTC)
    photo = week.photos.get()
    assert photo.content_type == "image/png"
    assert b"Taken at home" not in photo.image.read()
    # The photo that is not in the zip leaves the text around it as it was.
    clocks = Entry.objects.get(user=alice, timezone="Europe/Berlin")
    assert clocks.body == "Clocks went forward\nBefore  after.\n\nNext paragraph."
    tags = {"Day One: Dreams", "Day One: Personal", "no contact", "sleep"}
    assert set(Tag.objects.filter(user=alice).values_list("name", flat=True)) == tags

    exported = export(alice_client, "dayone")
    before, after = day_one_entries(original), day_one_entries(exported)
    missing_photo = "0B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E"
    assert after[missing_photo]["text"] == "Clocks went forward\nBefore  after.\n\nNext paragraph."
    for entry in (before, after):
        entry[missing_photo].pop("text")
        entry[missing_photo]["photos"] = []
    assert after == before

    assert done(upload(bob_client, exported, "dayone.zip"))
    theirs = day_one_entries(export(bob_client, "dayone"))
    theirs[missing_photo].pop("text")
    assert theirs == after
    assert set(Tag.objects.filter(user=bob).values_list("name", flat=True)) == tags
    assert EntryPhoto.objects.get(user=bob).content_type == "image/png"


def test_an_escaped_hashtag_stays_no_tag_after_an_edit(alice_client, alice):
    assert done(upload(alice_client, (FIXTURES / "dayone-two-journals.zip").read_bytes(), "d.zip"))
    week = Entry.objects.get(user=alice, timezone="America/New_York")
    response = alice_client.post(
        f"/journal/{week.pk}/edit/",
        {"day": week.day.isoformat(), "time": "01:30", "title": week.title,
         "body": week.body.replace("Calm", "Calmer"), "tags": "no contact"},
    )  # fmt: skip
    assert response.status_code == 302
    names = set(Entry.objects.get(pk=week.pk).tags.values_list("name", flat=True))
    assert "notatag" not in names and "realtag" in names  # as the app reads #words


def test_a_spanish_account_reads_the_import_report_in_spanish(alice_client, alice):
    alice.language = "es"
    alice.save(update_fields=["language"])
    response = upload(alice_client, (FIXTURES / "dayone-two-journals.zip").read_bytes(), "d.zip")
    assert done(response)
    assert "No se pudo importar: 1 foto." in response.text
    assert "could not be imported" not in response.text


@pytest.mark.parametrize(("fmt", "name"), [
    ("archive", "r.archive.zip"), ("json", "r.json"), ("markdown", "r.zip"), ("csv", "r.csv"),
])  # fmt: skip
def test_a_day_one_hashtag_gains_no_tag_in_any_round_trip(
    alice_client, bob_client, alice, bob, fmt, name
):
    assert done(upload(alice_client, (FIXTURES / "dayone-two-journals.zip").read_bytes(), "d.zip"))
    assert done(upload(bob_client, export(alice_client, fmt), name))
    week = find(Entry.objects.filter(user=bob), title="Week #2, a calm one")
    assert "#realtag" in week.body
    assert sorted(t.name for t in week.tags.all()) == ["Day One: Personal", "no contact"]
