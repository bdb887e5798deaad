"""Photos on entries: checked, stripped of every metadata, turned upright, scaled, stored.

Nothing of the uploaded file is kept but its pixels: EXIF (with GPS), XMP, ICC profiles
and comments are all dropped by building a fresh image from the pixel data.
"""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .models import Entry, EntryPhoto

MAX_PHOTOS = 10
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_SIDE = 2048
THUMB_SIDE = 320
MAX_PIXELS = 50_000_000  # a 10 MB file claiming more is a decompression bomb
FORMATS = {"JPEG", "PNG", "WEBP"}


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


def process(data: bytes, name: str) -> CleanImage:
    """Check and clean one uploaded image; raise PhotoProblem if it can't be used."""
    where = {"name": name[:80]}
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoProblem(_("%(name)s is larger than 10 MB.") % where)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise PhotoProblem(_("%(name)s has too many pixels to open safely.") % where) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise PhotoProblem(_("%(name)s is not a JPEG, PNG or WebP image.") % where) from None
    try:
        with image:
            if image.format not in FORMATS:
                raise PhotoProblem(_("%(name)s is not a JPEG, PNG or WebP image.") % where)
            if image.width * image.height > MAX_PIXELS:
                raise PhotoProblem(_("%(name)s has too many pixels to open safely.") % where)
            image.load()
            upright = ImageOps.exif_transpose(image)
    except PhotoProblem:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        raise PhotoProblem(_("%(name)s is not a JPEG, PNG or WebP image.") % where) from None
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    mode = "RGBA" if has_alpha else "RGB"
    pixels = upright.convert(mode)
    # A fresh image from the pixels alone: no EXIF, GPS, XMP, ICC or comments survive.
    bare = Image.new(mode, pixels.size)
    bare.paste(pixels)
    bare.thumbnail((MAX_SIDE, MAX_SIDE))
    thumb = bare.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE))
    fmt, content_type, extension = (
        ("PNG", "image/png", "png") if has_alpha else ("JPEG", "image/jpeg", "jpg")
    )
    return CleanImage(
        full=_encode(bare, fmt),
        thumb=_encode(thumb, fmt),
        content_type=content_type,
        extension=extension,
        width=bare.width,
        height=bare.height,
    )


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=85, optimize=True)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


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
