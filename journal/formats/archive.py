"""The whole archive: this app's JSON and every photo as stored, in one zip, that
imports back into any account on any server with every photo where it was.

    reconnect.json             the JSON export ("Everything"), photos named per entry
    photos/<token>.jpg|png     each photo as stored; <token>-thumb.* its thumbnail

A photo file from an archive is kept byte for byte when it is a plain JPEG, PNG or WebP
without metadata (as this app stores them); anything else is cleaned as an upload is.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from PIL import Image, UnidentifiedImageError

from ..models import EntryPhoto
from ..photos import FORMATS, MAX_SIDE, THUMB_SIDE, CleanImage, PhotoProblem, process
from . import own
from .records import ImportProblem, Parsed
from .stream import ZipSink, read_file, zip_time

if TYPE_CHECKING:
    from ..auth import User

NAME = "reconnect.json"
# What Pillow reports for a file this app wrote itself; anything more is metadata.
PLAIN_INFO = {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "progressive",
              "progression", "transparency", "gamma", "srgb", "loop", "background"}  # fmt: skip
TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def export_archive(user: User) -> Iterator[bytes]:
    """The zip, streamed: the JSON first, then each photo and its thumbnail."""
    sink = ZipSink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open(NAME, mode="w", force_zip64=True) as member:
            for piece in own.export_json(user):
                member.write(piece.encode())
                yield sink.take()
        for photo in EntryPhoto.objects.filter(user=user).order_by("entry_id", "created", "pk"):
            for thumb, field in ((False, photo.image), (True, photo.thumbnail)):
                content = read_file(field)
                if not content:
                    continue
                info = zipfile.ZipInfo(own.photo_file(photo, thumb), zip_time(photo.created))
                info.compress_type = zipfile.ZIP_STORED  # already compressed
                archive.writestr(info, content)
                yield sink.take()
    yield sink.take()


def is_archive(documents: list[tuple[str, Any]]) -> bool:
    return len(documents) == 1 and documents[0][0] == NAME and own.is_own(documents[0][1])


def parse(document: dict[str, Any], files: Mapping[str, bytes]) -> Parsed:
    """The archive's JSON, with each photo read from the files beside it."""
    return own.parse(document, reader(files))


def reader(files: Mapping[str, bytes]) -> own.PhotoReader:
    def read_photo(record: dict[str, Any], where: str) -> CleanImage | None:
        token = record["token"]
        full = files.get(token)
        if full is None:
            return None
        try:
            return as_stored(full, files.get(token + "-thumb"))
        except PhotoProblem as problem:
            raise ImportProblem(f"{where}: {problem}") from None

    return read_photo


def _plain(data: bytes) -> tuple[str, int, int] | None:
    """(content type, width, height) of an image without metadata, within the size an
    upload is kept at, or None. Only such a small image is decoded here (to see it is
    whole); a larger one goes through the upload's pipeline, which shrinks it as it loads
    (ten 169-MP images took 25.5 s and 816 MB decoded whole)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in FORMATS or max(image.width, image.height) > MAX_SIDE:
                return None
            if set(image.info) - PLAIN_INFO or image.getexif():
                return None
            image.load()  # every pixel decodes: the file is whole
            return TYPES[str(image.format)], image.width, image.height
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, RuntimeError,
            Image.DecompressionBombError, Image.DecompressionBombWarning):  # fmt: skip
        return None


def as_stored(full: bytes, thumb: bytes | None) -> CleanImage:
    """The photo as the archive holds it, or cleaned as an upload is if it is not plain."""
    found = _plain(full)
    small = _plain(thumb) if thumb else None
    if thumb is None or found is None or small is None or max(small[1:]) > THUMB_SIDE:
        return process(full, "photo")
    content_type, width, height = found
    extension = {"image/png": "png", "image/webp": "webp"}.get(content_type, "jpg")
    return CleanImage(full, thumb, content_type, extension, width, height)
