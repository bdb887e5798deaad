"""Real jrnl 4.6 files in and out, and a Day One zip with photos both ways."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from journal.models import Entry, EntryPhoto
from tests.journal.importing import done, post_import

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def upload(client, content: bytes, name: str):
    return post_import(client, content, name)


def export(client, fmt: str) -> bytes:
    return b"".join(client.get(f"/journal/export/{fmt}/").streaming_content)


def test_a_real_jrnl_export_arrives_whole(alice_client, alice):
    assert done(upload(alice_client, (FIXTURES / "jrnl-4.6.json").read_bytes(), "j.json"))
    entries = list(Entry.objects.order_by("day"))
    assert [(e.day, e.time, e.starred) for e in entries] == [
        (dt.date(2026, 10, 1), dt.time(7, 5), False),
        (dt.date(2026, 10, 2), dt.time(22, 40), True),
        (dt.date(2026, 10, 3), dt.time(12, 0), False),
    ]
    assert [sorted(t.name for t in e.tags.all()) for e in entries] == [
        ["run", "work"],
        [],
        ["no-contact"],
    ]
    assert "Tags:" not in "".join(e.body for e in entries)
    assert "zoe" in alice_client.get("/journal/?q=zoe").text.lower()


def test_the_jrnl_export_is_what_jrnl_itself_writes(alice_client):
    upload(alice_client, (FIXTURES / "jrnl-4.6.json").read_bytes(), "j.json")
    assert export(alice_client, "jrnl").decode() == (FIXTURES / "jrnl-4.6.txt").read_text()


def test_the_jrnl_export_adds_tags_not_in_the_text(alice_client, alice):
    alice_client.post(
        "/journal/new/",
        {
            "day": "2026-03-01",
            "time": "",
            "title": "Walk",
            "body": "By the lake.",
            "tags": "no contact",
        },
    )
    text = export(alice_client, "jrnl").decode()
    assert text == "[2026-03-01 09:00:00 AM] Walk\nBy the lake.\n\n@no-contact\n"


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 20), (10, 120, 10))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0)}
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_a_day_one_zip_with_photos(alice_client, alice):
    photo = jpeg_with_gps()
    md5 = hashlib.md5(photo, usedforsecurity=False).hexdigest()
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
    lake = Entry.objects.get(title="Lake")
    stored = lake.photos.get()
    assert lake.body == f"Before\n![Photo](/journal/photos/{stored.token}/full/)\nAfter"
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
         "photos": [SimpleUploadedFile("a.jpg", jpeg_with_gps())]},
    )  # fmt: skip
    alice_client.post("/journal/new/", {"day": "2026-03-02", "title": "No time"})
    exported = export(alice_client, "dayone")
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        document = json.loads(archive.read("Journal.json"))
        assert any(n.startswith("photos/") for n in archive.namelist())
    first = document["entries"][0]
    assert first["text"].startswith("# Lake\n\nCalm.\nStill.\n\n![](dayone-moment://")
    assert first["starred"] is True and first["tags"] == ["no contact"]
    assert done(upload(bob_client, exported, "dayone.zip"))

    def fields(user):
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
