"""The whole archive: the JSON and every photo as stored, back into any account on any
server with every photo where it was."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from journal.models import Entry, EntryPhoto, Urge
from reconnect.accounts.models import User
from tests.journal.importing import done
from tests.markup import search
from tests.records import find

from .conftest import checksum, export, jpeg, round_trip, upload, zip_of


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (30, 30), (200, 10, 10, 128)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def with_photos(alice_client: Client, alice: User, urge: Urge) -> None:
    """An entry with a photo placed in its text and one beside it; one with a PNG."""
    alice_client.post(
        "/journal/new/",
        {"day": "2026-03-01", "time": "08:00", "title": "Lake", "body": "Calm.",
         "photos": [SimpleUploadedFile("a.jpg", jpeg(gps=True)),
                    SimpleUploadedFile("b.jpg", jpeg((0, 0, 200)))]},
    )  # fmt: skip
    lake = find(Entry.objects.filter(user=alice), title="Lake")
    placed = lake.photos.first()
    assert placed is not None
    lake.body = f"Calm.\n![the lake](/journal/photos/{placed.token}/full/)\nStill."
    lake.save()
    alice_client.post(
        "/journal/new/",
        {
            "day": "2026-03-02",
            "title": "Clear",
            "photos": [SimpleUploadedFile("c.png", png())],
        },  # fmt: skip
    )


def picture(user: User) -> list[tuple[object, ...]]:
    """Every entry with its photos' places in the text and their stored bytes."""
    rows = []
    for entry in Entry.objects.filter(user=user).prefetch_related("photos"):
        photos = list(entry.photos.all())
        text = entry.body
        for n, photo in enumerate(photos):
            text = text.replace(photo.token, f"photo{n}")
        files = [
            (p.content_type, p.width, p.height,
             checksum(p.image.read()), checksum(p.thumbnail.read()))
            for p in photos
        ]  # fmt: skip
        rows.append((entry.day, entry.time, entry.title, text, entry.created, files))
    return sorted(rows)


def test_the_archive_holds_the_json_and_every_photo(alice_client, alice, with_photos):
    with zipfile.ZipFile(io.BytesIO(export(alice_client, "archive"))) as archive:
        names = archive.namelist()
        document = json.loads(archive.read("reconnect.json"))
        for photo in EntryPhoto.objects.filter(user=alice):
            assert archive.read(f"photos/{photo.token}.{photo.image.name.rsplit('.', 1)[1]}") == (
                photo.image.read()
            )
    assert names[0] == "reconnect.json" and len(names) == 1 + 2 * 3
    assert document["schema"] == "reconnect/1" and document["urges"]


def test_it_comes_back_on_a_fresh_server_with_every_photo_in_place(
    alice_client, alice, with_photos, settings, tmp_path, client
):
    archive = export(alice_client, "archive")
    before = picture(alice)
    # A fresh server: the account and every file of it gone, a new media root.
    assert EntryPhoto.objects.filter(user=alice).exists()
    alice.delete()
    assert not EntryPhoto.objects.exists()
    settings.MEDIA_ROOT = str(tmp_path / "elsewhere")
    newcomer = User.objects.create_user("newcomer", "n@example.org", "pw", timezone="UTC")
    client.force_login(newcomer)
    response = upload(client, archive, "reconnect-archive.zip")
    assert done(response)
    assert picture(newcomer) == before
    assert Urge.objects.filter(user=newcomer).count() == 1
    sources = [
        src
        for entry in Entry.objects.filter(user=newcomer)
        for src in re.findall(r'<img src="([^"]+)"', client.get(entry.get_absolute_url()).text)
    ]
    assert sources, "no photo shown on the entries' pages"
    for src in sources:
        assert client.get(src).status_code == 200


def test_into_another_account_on_the_same_server_photos_get_their_own_addresses(
    alice_client, bob_client, alice, bob, with_photos
):
    round_trip(alice_client, bob_client, alice, bob, "archive", "x.zip")
    assert picture(bob) == picture(alice)
    mine = set(EntryPhoto.objects.filter(user=alice).values_list("token", flat=True))
    theirs = set(EntryPhoto.objects.filter(user=bob).values_list("token", flat=True))
    assert len(theirs) == 3 and not mine & theirs
    # Bob is served his own copies; alice's addresses stay hers alone.
    lake = find(Entry.objects.filter(user=bob), title="Lake")
    src = search(r'<img src="([^"]+)"', bob_client.get(lake.get_absolute_url()).text, 1)
    assert bob_client.get(src).status_code == 200
    assert bob_client.get(f"/journal/photos/{next(iter(mine))}/full/").status_code == 404


def test_a_photo_with_metadata_in_an_archive_is_cleaned(alice_client, bob_client, alice, bob):
    document = {
        "schema": "reconnect/1",
        "entries": [{"day": "2026-03-01", "title": "t", "body": "",
                     "photos": [{"token": "tok"}]}],
    }  # fmt: skip
    archive = zip_of({"reconnect.json": json.dumps(document), "photos/tok.jpg": jpeg(gps=True)})
    assert done(upload(bob_client, archive, "a.zip"))
    stored = EntryPhoto.objects.get(user=bob)
    assert b"PhoneMaker" not in stored.image.read()


def test_a_photo_that_is_not_an_image_is_refused(bob_client, bob):
    document = {
        "schema": "reconnect/1",
        "entries": [{"day": "2026-03-01", "title": "t", "photos": [{"token": "tok"}]}],
    }
    archive = zip_of({"reconnect.json": json.dumps(document), "photos/tok.jpg": b"not a photo"})
    response = upload(bob_client, archive, "a.zip")
    assert "Entry 1: photo is not a JPEG, PNG or WebP image." in response.text
    assert not Entry.objects.exists()


def test_a_photo_larger_than_an_upload_is_kept_at_goes_through_the_upload_pipeline(bob_client, bob):
    # Plain (no metadata) but 3000 px wide: kept as it was, it would be decoded whole here
    # and stored larger than any upload.
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 1000), (20, 90, 160)).save(buffer, "PNG")
    document = {
        "schema": "reconnect/1",
        "entries": [{"day": "2026-03-01", "title": "t", "body": "",
                     "photos": [{"token": "big"}]}],
    }  # fmt: skip
    small = io.BytesIO()
    Image.new("RGB", (300, 100), (20, 90, 160)).save(small, "PNG")
    archive = zip_of({"reconnect.json": json.dumps(document), "photos/big.png": buffer.getvalue(),
                      "photos/big-thumb.png": small.getvalue()})  # fmt: skip
    assert done(upload(bob_client, archive, "a.zip"))
    stored = EntryPhoto.objects.get(user=bob)
    with Image.open(stored.image) as image:
        assert image.size == (2048, 683)


SETTINGS = ("timezone", "language", "display_name", "callback_phone", "discreet")


def settings_of(user: User) -> tuple[object, ...]:
    user.refresh_from_db()
    return tuple(getattr(user, name) for name in (*SETTINGS, "friend_name", "friend_email"))


@pytest.fixture
def moved(alice: User) -> User:
    """An account with settings of its own."""
    alice.timezone, alice.language, alice.discreet = "Europe/Berlin", "es", True
    alice.display_name, alice.callback_phone = "Ali", "+49 30 1234567"
    alice.friend_name, alice.friend_email = "Sam", "sam@example.org"
    alice.save()
    return alice


@pytest.mark.parametrize("ticked", [True, False])
def test_an_archive_moved_to_a_fresh_server_keeps_the_settings_when_asked(
    alice_client, bob_client, bob, moved, ticked
):
    archive = export(alice_client, "archive")
    before = settings_of(bob)
    data: dict[str, object] = {"file": SimpleUploadedFile("reconnect.archive.zip", archive)}
    if ticked:
        data["with_settings"] = "on"
    response = bob_client.post("/journal/import/", data)
    assert response.status_code == 302
    assert 'data-state="done"' in bob_client.get(response["Location"]).text
    if ticked:
        assert settings_of(bob) == settings_of(moved)
    else:
        # Asked first: unticked, nothing of the account changes (a friend fills a gap only).
        assert settings_of(bob)[:5] == before[:5]


def test_the_import_form_asks_before_taking_settings(alice_client):
    page = alice_client.get("/journal/import/").text
    assert 'name="with_settings"' in page
    assert 'name="with_settings" checked' not in page


def test_bad_settings_in_an_archive_are_named_and_change_nothing(alice_client, alice):
    document = json.loads(export(alice_client, "json"))
    document["account"]["timezone"] = "Mars/Olympus"
    before = settings_of(alice)
    response = alice_client.post(
        "/journal/import/",
        {
            "file": SimpleUploadedFile("e.json", json.dumps(document).encode()),
            "with_settings": "on",
        },
    )
    page = alice_client.get(response["Location"]).text
    assert "unknown time zone" in page and 'data-state="failed"' in page
    assert settings_of(alice) == before
