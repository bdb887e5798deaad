"""Photos on entries: cleaned of metadata, turned upright, scaled, and shown only to their owner."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from journal.models import Entry, EntryPhoto


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def jpeg_with_gps(width=3000, height=1000, orientation=6) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = orientation  # rotate 90° on display
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def png(size=(10, 10)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (0, 0, 0, 0)).save(out, "PNG")
    return out.getvalue()


def post(client, files, url="/journal/new/", **fields):
    data = {"day": "2026-03-05", "title": "With photos", "body": "", "mood": "", "focus": ""}
    data.update(fields)
    data["photos"] = files
    return client.post(url, data)


def test_an_uploaded_photo_has_no_metadata_and_is_upright(alice_client, alice, media):
    response = post(alice_client, [SimpleUploadedFile("a.jpg", jpeg_with_gps())])
    assert response.status_code == 302
    photo = EntryPhoto.objects.get()
    full = alice_client.get(photo.get_absolute_url())
    assert full.status_code == 200
    assert full["Content-Type"] == "image/jpeg"
    assert "no-store" in full["Cache-Control"]
    data = b"".join(full.streaming_content)
    assert b"Exif" not in data and b"PhoneMaker" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert image.size == (683, 2048)  # turned upright, then scaled to 2048 px at most
    thumb = b"".join(alice_client.get(photo.thumbnail_url()).streaming_content)
    with Image.open(io.BytesIO(thumb)) as image:
        assert max(image.size) == 320
    # Nothing under MEDIA_ROOT keeps the original either.
    for path in media.rglob("*"):
        if path.is_file():
            assert b"PhoneMaker" not in path.read_bytes()
    page = alice_client.get(f"/journal/{photo.entry_id}/").text
    assert photo.thumbnail_url() in page


def test_photos_are_only_for_their_owner(alice_client, bob_client, visitor, alice):
    post(alice_client, [SimpleUploadedFile("a.png", png())])
    photo = EntryPhoto.objects.get()
    assert bob_client.get(photo.get_absolute_url()).status_code == 404
    assert bob_client.get(photo.thumbnail_url()).status_code == 404
    assert visitor.get(photo.get_absolute_url()).status_code == 302
    assert alice_client.get(f"/journal/photos/{photo.token}/other/").status_code == 404
    assert alice_client.get("/journal/photos/guess/full/").status_code == 404
    assert len(photo.token) >= 40


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.gif", b"GIF89a" + b"\x00" * 20, "is not a JPEG, PNG or WebP image"),
        ("a.jpg", b"not an image", "is not a JPEG, PNG or WebP image"),
        ("big.jpg", b"\xff\xd8" + b"x" * (10 * 1024 * 1024), "is larger than 10 MB"),
    ],
)
def test_bad_files_are_refused_clearly(alice_client, name, content, message):
    response = post(alice_client, [SimpleUploadedFile(name, content)])
    assert response.status_code == 200
    assert message in response.text
    assert not Entry.objects.exists() and not EntryPhoto.objects.exists()


def test_a_decompression_bomb_is_refused(alice_client):
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG")
    response = post(alice_client, [SimpleUploadedFile("bomb.png", out.getvalue())])
    assert "too many pixels" in response.text
    assert not EntryPhoto.objects.exists()


def test_up_to_ten_photos_an_entry(alice_client, alice):
    post(alice_client, [SimpleUploadedFile(f"{i}.png", png()) for i in range(8)])
    entry = Entry.objects.get()
    url = f"/journal/{entry.pk}/edit/"
    response = post(alice_client, [SimpleUploadedFile(f"{i}.png", png()) for i in range(3)], url)
    assert "Up to 10 photos an entry; this would make 11." in response.text
    assert EntryPhoto.objects.count() == 8
    # Removing one makes room.
    token = EntryPhoto.objects.first().token
    response = post(
        alice_client,
        [SimpleUploadedFile(f"x{i}.png", png()) for i in range(3)],
        url,
        remove_photos=[token],
    )
    assert response.status_code == 302
    assert EntryPhoto.objects.count() == 10
    assert not EntryPhoto.objects.filter(token=token).exists()


def test_deleting_the_entry_or_the_account_deletes_the_files(alice_client, alice, media):
    post(alice_client, [SimpleUploadedFile("a.png", png())])
    entry = Entry.objects.get()
    files = [p for p in media.rglob("*") if p.is_file()]
    assert len(files) == 2
    alice_client.post(f"/journal/{entry.pk}/delete/")
    assert not [p for p in media.rglob("*") if p.is_file()]
    post(alice_client, [SimpleUploadedFile("a.png", png())])
    assert [p for p in media.rglob("*") if p.is_file()]
    alice.delete()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_the_print_page_shows_thumbnails(alice_client):
    post(alice_client, [SimpleUploadedFile("a.png", png())])
    photo = EntryPhoto.objects.get()
    html = alice_client.get("/journal/print/").text
    assert photo.thumbnail_url() in html and photo.get_absolute_url() not in html
