"""Photos on entries: checked, stripped of every metadata, turned upright, scaled, stored.

A request only reads a photo's header (`check`: kind and size, a few kilobytes) and keeps
the file as sent; the task `prepare_photo` cleans it, and until then the entry says the
photo is being prepared. Cleaning is libvips (pyvips), measured against Pillow on the
largest photos allowed (README, "Photos"): it shrinks while it decodes and streams, so a
7000 x 7000 PNG takes a fraction of Pillow's time and a quarter of its memory.

Nothing of the uploaded file is kept but its pixels: EXIF (with GPS), XMP, ICC profiles
(after converting to sRGB) and comments are all dropped when the result is saved.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

import pyvips
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django_tasks import task

from reconnect.lib import limits

from .models import Entry, EntryPhoto

logger = logging.getLogger(__name__)

MAX_PHOTOS = limits.PHOTOS_PER_ENTRY
MAX_PHOTO_BYTES = limits.PHOTO_MAX_BYTES
MAX_SIDE = 2048
THUMB_SIDE = 320
# Above the largest phone cameras (200 MP, 16,320 x 12,240), below what a small server
# should decode: the worst allowed photo takes about 3 s of one core, off the request path.
MAX_PIXELS = 210_000_000
# An interlaced PNG cannot be decoded in strips, so it is held whole in memory: no phone
# makes one, and a smaller cap keeps the worker's memory bounded (about 700 MB at 200 MP).
MAX_INTERLACED_PIXELS = 50_000_000
LOADERS = {"JPEG": "jpegload_buffer", "PNG": "pngload_buffer", "WEBP": "webpload_buffer"}
FORMATS = set(LOADERS)  # as Pillow names them too (journal.formats.archive)
HEADER_BYTES = 256 * 1024

pyvips.cache_set_max(0)  # keep no decoded image between photos
pyvips.concurrency_set(1)  # one core for the worker, the other for the web


class PhotoProblem(ValueError):
    """Why a file can't be a photo here, in words for the person who chose it."""


@dataclass
class CleanImage:
    full: bytes
    thumb: bytes
    content_type: str
    extension: str
    width: int
    height: int


def too_large(name: str) -> str:
    return _("%(name)s is larger than %(size)s MB.") % {
        "name": name[:80],
        "size": limits.megabytes(MAX_PHOTO_BYTES),
    }


def _not_an_image(name: str) -> PhotoProblem:
    return PhotoProblem(_("%(name)s is not a JPEG, PNG or WebP image.") % {"name": name[:80]})


def kind_of(data: bytes) -> str | None:
    """JPEG, PNG or WEBP by the file's signature, or None."""
    if data[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _open(data: bytes, name: str) -> pyvips.Image:
    """The image's header (libvips reads pixels only when asked); PhotoProblem if unusable."""
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoProblem(too_large(name))
    # The kind from the file's first bytes, and only its own loader: no other of libvips'
    # many readers ever sees an upload.
    kind = kind_of(data)
    if kind is None:
        raise _not_an_image(name)
    try:
        image = getattr(pyvips.Image, LOADERS[kind])(data, access="sequential")
    except pyvips.Error:
        raise _not_an_image(name) from None
    pixels = image.width * image.height
    # The interlace method is the last byte of a PNG's header chunk, IHDR.
    interlaced = kind == "PNG" and data[28:29] == b"\x01"
    if pixels > MAX_PIXELS or (interlaced and pixels > MAX_INTERLACED_PIXELS):
        raise PhotoProblem(_("%(name)s has too many pixels to open safely.") % {"name": name[:80]})
    return image


def check(upload: UploadedFile) -> tuple[int, int]:
    """Check an upload's size, kind and pixel count from its header; its width and height."""
    name, size = upload.name or "", upload.size or 0
    if size > MAX_PHOTO_BYTES:
        raise PhotoProblem(too_large(name))
    head = upload.read(HEADER_BYTES)
    upload.seek(0)
    try:
        image = _open(head, name)
    except PhotoProblem:
        if len(head) == size:
            raise
        # A header further in than HEADER_BYTES (a large EXIF block): read it all.
        image = _open(upload.read(), name)
        upload.seek(0)
    return image.width, image.height


def process(data: bytes, name: str) -> CleanImage:
    """Check and clean one image; raise PhotoProblem if it can't be used."""
    header = _open(data, name)
    # A PNG stays a PNG (a screenshot's text stays sharp, and a file goes back out in the
    # format it came in); any image with transparency is kept as a PNG too.
    as_png = header.hasalpha() or kind_of(data) == "PNG"
    try:
        # Shrink-on-load for JPEG and WebP, strips for PNG; turned upright by its EXIF.
        # A colour profile (a phone's Display P3) is turned into plain sRGB before it is
        # dropped; without one the pixels are sRGB already and need no conversion.
        profiled = {"export_profile": "srgb"} if header.get_typeof("icc-profile-data") else {}
        # A file cut short fails rather than being kept half grey.
        full = pyvips.Image.thumbnail_buffer(
            data,
            MAX_SIDE,
            height=MAX_SIDE,
            size="down",
            option_string="fail_on=truncated",
            **profiled,
        )
        if full.interpretation not in ("srgb", "b-w"):
            full = full.colourspace("srgb")
        if full.format != "uchar":
            full = full.cast("uchar")
        # Decoded once, in strips, into the 2048 px result (12 MB at most): both sizes and
        # their encodings are made from that.
        full = full.copy_memory()
        thumb = full.thumbnail_image(THUMB_SIDE, height=THUMB_SIDE, size="down")
        if as_png:
            encoded = [_png(full), _png(thumb)]
        else:
            encoded = [_jpeg(full.flatten() if full.hasalpha() else full), _jpeg(thumb)]
    except pyvips.Error:
        raise _not_an_image(name) from None
    return CleanImage(
        full=encoded[0],
        thumb=encoded[1],
        content_type="image/png" if as_png else "image/jpeg",
        extension="png" if as_png else "jpg",
        width=full.width,
        height=full.height,
    )


def _jpeg(image: pyvips.Image) -> bytes:
    return bytes(image.jpegsave_buffer(Q=85, optimize_coding=True, keep="none"))


def _png(image: pyvips.Image) -> bytes:
    return bytes(image.pngsave_buffer(compression=6, keep="none"))


def attach(entry: Entry, clean: CleanImage, token: str = "") -> EntryPhoto:
    """Store a cleaned image on an entry under a random name."""
    token = token or secrets.token_urlsafe(32)
    photo = EntryPhoto(
        entry=entry,
        user_id=entry.user_id,
        token=token,
        content_type=clean.content_type,
        width=clean.width,
        height=clean.height,
    )
    photo.image.save(f"{token}.{clean.extension}", ContentFile(clean.full), save=False)
    photo.thumbnail.save(f"{token}-thumb.{clean.extension}", ContentFile(clean.thumb), save=False)
    photo.save()
    return photo


def keep_for_later(entry: Entry, upload: UploadedFile, size: tuple[int, int]) -> EntryPhoto:
    """Keep an uploaded photo as sent until `prepare_photo` has cleaned it."""
    token = secrets.token_urlsafe(32)
    photo = EntryPhoto(
        entry=entry,
        user_id=entry.user_id,
        token=token,
        state=EntryPhoto.State.PREPARING,
        content_type="",
        width=size[0],
        height=size[1],
    )
    photo.original.save(f"{token}.upload", upload, save=False)
    photo.save()
    return photo


@task()
def prepare_photo(photo_id: int) -> str:
    """Clean a kept upload into the photo and its thumbnail; the upload is then deleted."""
    photo = EntryPhoto.objects.filter(pk=photo_id, state=EntryPhoto.State.PREPARING).first()
    if photo is None:
        return "nothing to do"  # deleted meanwhile, or done already
    try:
        with photo.original.open("rb") as kept:
            clean = process(kept.read(), "")
    except (PhotoProblem, FileNotFoundError):
        photo.state = EntryPhoto.State.FAILED
    else:
        photo.image.save(f"{photo.token}.{clean.extension}", ContentFile(clean.full), save=False)
        photo.thumbnail.save(
            f"{photo.token}-thumb.{clean.extension}", ContentFile(clean.thumb), save=False
        )
        photo.content_type = clean.content_type
        photo.width, photo.height = clean.width, clean.height
        photo.state = EntryPhoto.State.READY
    storage, original = photo.original.storage, photo.original.name
    updated = EntryPhoto.objects.filter(pk=photo.pk, state=EntryPhoto.State.PREPARING).update(
        state=photo.state,
        image=photo.image.name or "",
        thumbnail=photo.thumbnail.name or "",
        content_type=photo.content_type,
        width=photo.width,
        height=photo.height,
        original="",
    )
    storage.delete(original)
    if not updated:  # the photo or its entry was deleted while it was being prepared
        for name in (photo.image.name, photo.thumbnail.name):
            if name:
                storage.delete(name)
    return photo.state
