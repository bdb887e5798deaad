"""What every writer shares: the entries read in chunks, their tags and ids, and a zip
that streams out piece by piece, so a journal of any size goes out in constant memory."""

from __future__ import annotations

import datetime as dt
import io
import re
import zoneinfo
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

from reconnect.lib.language import in_language_of

from ..models import Entry, EntryPhoto, sorted_names

if TYPE_CHECKING:
    from django.db.models.fields.files import FieldFile
    from typing_extensions import Buffer

    from ..auth import User

CHUNK = 500
# How the text places one of its own photos: ![description](/journal/photos/<token>/full/)
PHOTO_LINK = re.compile(r"/journal/photos/([A-Za-z0-9_-]{1,64})/(full|thumb)/")
# The same, placed as an image: (description, token, size).
OWN_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(" + PHOTO_LINK.pattern + r"\)")


Piece = TypeVar("Piece")


def in_words_of(user: User, pieces: Iterable[Piece]) -> Iterator[Piece]:
    """An export's pieces, each written in the account's language: a streamed response
    is written after its view has returned, when the request's language may be gone."""
    iterator = iter(pieces)
    while True:
        with in_language_of(user):
            try:
                piece = next(iterator)
            except StopIteration:
                return
        yield piece


def entries(user: User) -> Iterator[Entry]:
    """The user's entries, oldest first, read a chunk at a time."""
    return (
        Entry.objects.filter(user=user)
        .select_related("focus")
        .defer("body_html", "search_index")
        .order_by("day", "time", "created")
        .iterator(chunk_size=CHUNK)
    )


def tag_names(user: User) -> dict[int, list[str]]:
    """Each tagged entry's tag names, in one query (small: a pair of ids per tag use)."""
    names: dict[int, list[str]] = {}
    through = Entry.tags.through.objects.filter(entry__user=user)
    for entry_id, name in through.values_list("entry_id", "tag__name"):
        names.setdefault(entry_id, []).append(name)
    return {entry_id: sorted_names(found) for entry_id, found in names.items()}


def photos_by_entry(user: User) -> dict[int, list[EntryPhoto]]:
    """Each entry's photos in the order they were added, in one query."""
    photos: dict[int, list[EntryPhoto]] = {}
    for photo in EntryPhoto.objects.filter(user=user).order_by("entry_id", "created", "pk"):
        photos.setdefault(photo.entry_id, []).append(photo)
    return photos


def entry_id(entry: Entry) -> str:
    """An entry's stable id: where it was imported from, or its own uid."""
    return entry.import_key or str(entry.uid)


def entry_zone(entry: Entry, user: User) -> zoneinfo.ZoneInfo:
    """The time zone the entry was written in: its own, or the account's."""
    try:
        return zoneinfo.ZoneInfo(entry.timezone) if entry.timezone else user.tzinfo
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return user.tzinfo


def read_file(field: FieldFile) -> bytes:
    """A stored file's bytes from whichever storage holds it, or b"" if it is missing."""
    if not field.name:
        return b""
    try:
        with field.storage.open(field.name, "rb") as handle:
            return bytes(handle.read())
    except (FileNotFoundError, OSError):
        return b""


class ZipSink(io.RawIOBase):
    """Collects what zipfile writes so it can be streamed out piece by piece."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Buffer) -> int:
        chunk = bytes(data)
        self.chunks.append(chunk)
        return len(chunk)

    def take(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def zip_time(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """A moment as a zip member's date (zip dates start in 1980)."""
    moment = max(moment, dt.datetime(1980, 1, 1, tzinfo=dt.UTC))
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
