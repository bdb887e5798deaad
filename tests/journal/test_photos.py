"""Photos on entries: cleaned of metadata, turned upright, scaled, and shown only to their owner."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image, PngImagePlugin
from pytest_django import Settings

from journal.models import Entry, EntryPhoto
from tests.markup import page_html
from tests.responses import Response


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def jpeg_with_gps(width: int = 3000, height: int = 1000, orientation: int = 6) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = orientation  # rotate 90° on display
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def png(size: tuple[int, int] = (10, 10)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (0, 0, 0, 0)).save(out, "PNG")
    return out.getvalue()


def post(
    client: Client,
    files: list[SimpleUploadedFile],
    url: str = "/journal/new/",
    **fields: str | list[str],
) -> Response:
    data: dict[str, str | list[str] | list[SimpleUploadedFile]] = {
        "day": "2026-03-05",
        "title": "With photos",
        "body": "",
        "mood": "",
        "focus": "",
    }
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
    files = [path for path in media.rglob("*") if path.is_file()]
    assert files, "nothing stored under MEDIA_ROOT"
    for path in files:
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
    Image.new("1", (15_000, 15_000)).save(out, "PNG")  # 225 million pixels in 30 KB
    response = post(alice_client, [SimpleUploadedFile("bomb.png", out.getvalue())])
    assert "too many pixels" in response.text
    assert not EntryPhoto.objects.exists()


def test_an_interlaced_png_has_a_smaller_cap(alice_client):
    # Interlaced PNGs are decoded whole, in memory: no phone makes them.
    import pyvips

    laced = (pyvips.Image.black(8_000, 8_000) + 200).cast("uchar").pngsave_buffer(interlace=True)
    assert laced[28] == 1
    response = post(alice_client, [SimpleUploadedFile("lace.png", laced)])
    assert "too many pixels" in response.text
    assert not EntryPhoto.objects.exists()


def test_a_phone_sized_photo_is_accepted(alice_client, alice):
    # 200 MP, as the largest phone cameras make: under the cap, cleaned by the task.
    import pyvips

    big = (pyvips.Image.black(16_320, 12_240, bands=3) + [20, 90, 160]).cast("uchar")
    photo = big.jpegsave_buffer(Q=20)  # made in strips: no 600 MB image in the test
    assert post(alice_client, [SimpleUploadedFile("phone.jpg", photo)]).status_code == 302
    photo = EntryPhoto.objects.get()
    assert photo.state == "ready" and (photo.width, photo.height) == (2048, 1536)


@pytest.fixture
def queued(settings: Settings) -> None:
    """Tasks are queued and left there, as they are until the worker takes them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_the_entry_saves_at_once_and_says_the_photo_is_being_prepared(
    alice_client, alice, queued, media
):
    from journal.photos import prepare_photo

    response = post(alice_client, [SimpleUploadedFile("a.jpg", jpeg_with_gps())])
    assert response.status_code == 302
    entry = Entry.objects.get()
    photo = EntryPhoto.objects.get()
    assert photo.state == "preparing" and not photo.image
    page = alice_client.get(f"/journal/{entry.pk}/").text
    assert 'data-photo-state="preparing"' in page
    assert "being prepared" in page
    assert 'http-equiv="refresh"' in page  # it shows up without a hand on the page
    assert alice_client.get(photo.get_absolute_url()).status_code == 404
    assert "PhoneMaker" not in page_html(alice_client, f"/journal/{entry.pk}/edit/")

    assert prepare_photo.call(photo.pk) == "ready"
    photo.refresh_from_db()
    assert photo.state == "ready" and not photo.original and photo.content_type == "image/jpeg"
    page = alice_client.get(f"/journal/{entry.pk}/").text
    assert photo.thumbnail_url() in page and 'http-equiv="refresh"' not in page
    # The upload as sent is gone; only the cleaned photo and thumbnail are kept.
    files = [p for p in media.rglob("*") if p.is_file()]
    assert len(files) == 2
    assert not any(b"PhoneMaker" in p.read_bytes() for p in files)
    assert prepare_photo.call(photo.pk) == "nothing to do"  # running twice does nothing


def test_a_photo_that_cannot_be_read_says_so_and_keeps_nothing(alice_client, queued, media):
    from journal.photos import prepare_photo

    broken = png((400, 400))[:60]  # the header is fine, the pixels are cut off
    assert post(alice_client, [SimpleUploadedFile("cut.png", broken)]).status_code == 302
    photo = EntryPhoto.objects.get()
    assert prepare_photo.call(photo.pk) == "failed"
    page = alice_client.get(f"/journal/{photo.entry_id}/").text
    assert 'data-photo-state="failed"' in page and "could not be read" in page
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_an_entry_deleted_before_its_photo_is_prepared(alice_client, queued, media):
    from journal.photos import prepare_photo

    post(alice_client, [SimpleUploadedFile("a.png", png())])
    photo = EntryPhoto.objects.get()
    alice_client.post(f"/journal/{photo.entry_id}/delete/")
    assert prepare_photo.call(photo.pk) == "nothing to do"
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_a_png_and_a_webp_are_cleaned_too(alice_client):
    for kind, name in (("PNG", "a.png"), ("WEBP", "a.webp")):
        out = io.BytesIO()
        Image.new("RGB", (3000, 2000), (10, 200, 10)).save(out, kind)
        assert post(alice_client, [SimpleUploadedFile(name, out.getvalue())]).status_code == 302
    assert sorted(EntryPhoto.objects.values_list("state", "width", "height")) == [
        ("ready", 2048, 1365),
        ("ready", 2048, 1365),
    ]


def test_a_transparent_png_stays_a_png(alice_client):
    post(alice_client, [SimpleUploadedFile("a.png", png((50, 50)))])
    photo = EntryPhoto.objects.get()
    assert photo.content_type == "image/png"
    data = b"".join(alice_client.get(photo.get_absolute_url()).streaming_content)
    with Image.open(io.BytesIO(data)) as image:
        assert image.mode == "RGBA"


def test_an_opaque_png_stays_a_png_without_its_metadata(alice_client):
    out = io.BytesIO()
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "Taken at home")
    Image.new("RGB", (60, 40), (10, 200, 10)).save(out, "PNG", pnginfo=text)
    post(alice_client, [SimpleUploadedFile("a.png", out.getvalue())])
    photo = EntryPhoto.objects.get()
    assert photo.content_type == "image/png"
    data = b"".join(alice_client.get(photo.get_absolute_url()).streaming_content)
    assert data.startswith(b"\x89PNG") and b"Taken at home" not in data


def test_up_to_ten_photos_an_entry(alice_client, alice):
    post(alice_client, [SimpleUploadedFile(f"{i}.png", png()) for i in range(8)])
    entry = Entry.objects.get()
    url = f"/journal/{entry.pk}/edit/"
    response = post(alice_client, [SimpleUploadedFile(f"{i}.png", png()) for i in range(3)], url)
    assert "Up to 10 photos an entry; this would make 11." in response.text
    assert EntryPhoto.objects.count() == 8
    # Removing one makes room.
    first = EntryPhoto.objects.first()
    assert first is not None
    token = first.token
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
