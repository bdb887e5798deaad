"""The one stage every upload goes through before any format reads it.

It runs in two parts, and no check is made twice:

- `check_upload`, in the request: what is cheap to see. The size, that the file is not
  empty, that a zip's directory reads, and that text starts as UTF-8 of a kind this app
  knows. A file that fails is refused at once, and never stored.
- `read_upload`, in the worker, on the stored file that passed: it streams the text or
  the zip's members from the file, each within its limit, and hands the formats what
  they read (JSON documents, Markdown and CSV text, photos read when a record asks).

Each problem is said in one sentence, written once, here. Nothing here knows one
journal format from another.
"""

from __future__ import annotations

import codecs
import io
import json
import struct
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

from reconnect.lib import limits

from .records import ImportProblem, short

MB = limits.MB
# The largest upload: an archive carries every photo. The text in it (JSON, Markdown,
# CSV) is held to MAX_TEXT_BYTES, which bounds the memory a parse takes.
MAX_BYTES = limits.IMPORT_MAX_BYTES
MAX_TEXT_BYTES = limits.IMPORT_TEXT_MAX_BYTES
MAX_ZIP_MEMBERS = 20_000
PHOTO_EXTENSIONS = {"jpeg", "jpg", "png", "webp", "heic", "gif", "tiff"}
ZIP_MAGIC = b"PK\x03\x04"
# How much of a text file the request reads to see that it is UTF-8 of a known kind.
SNIFF_BYTES = 64 * 1024
KINDS = (".json", ".csv", ".md", ".txt", ".zip")


# The problems an upload can have, each in one sentence.


def too_large(limit: int = MAX_BYTES) -> str:
    return _("The file is larger than %(size)s MB.") % {"size": limit // MB}


def not_an_export() -> str:
    return _(
        "This is not a journal export this app knows: expected this app's JSON "
        "export, jrnl's JSON export or Day One's Journal.json."
    )


def _not_utf8(name: str) -> str:
    return _("%(name)s is not text in UTF-8, so it can't be an export.") % {"name": short(name)}


# A zip's directory is read whole by ZipFile, which takes about 500 bytes of memory an
# entry: a 100 MB file made only of a directory (2,000,000 entries) held a web worker ten
# seconds at 942 MB. Its size and count are read first, from the record at its end.
EOCD = struct.Struct("<4s4H2LH")
EOCD_SIGNATURE = b"PK\x05\x06"
ZIP64_LOCATOR = struct.Struct("<4sLQL")
ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")
# A directory entry is 46 bytes and its name; names here are short (entries/…, photos/…).
MAX_DIRECTORY_BYTES = MAX_ZIP_MEMBERS * (46 + 512)


def too_many_members() -> str:
    return _("The zip file holds more than %(limit)s files.") % {"limit": f"{MAX_ZIP_MEMBERS:,}"}


def check_zip_directory(file: IO[bytes]) -> None:
    """Refuse a zip whose directory holds more than MAX_ZIP_MEMBERS entries or more bytes
    than they could need, from its last 64 KiB, before ZipFile reads the directory."""
    file.seek(0, io.SEEK_END)
    end = file.tell()
    tail_start = max(0, end - EOCD.size - 65_535)  # the record, and a comment up to 64 KiB
    file.seek(tail_start)
    tail = file.read()
    file.seek(0)
    at = tail.rfind(EOCD_SIGNATURE)
    if at < 0 or len(tail) - at < EOCD.size:
        raise ImportProblem(_("The zip file is damaged."))
    _sig, _disk, _start, _here, entries, size, _offset, _comment = EOCD.unpack_from(tail, at)
    if (entries == 0xFFFF or size == 0xFFFFFFFF) and at >= ZIP64_LOCATOR.size:
        locator = ZIP64_LOCATOR.unpack_from(tail, at - ZIP64_LOCATOR.size)
        if locator[0] == b"PK\x06\x07" and tail_start <= locator[2] <= end - ZIP64_EOCD.size:
            file.seek(locator[2])
            record = ZIP64_EOCD.unpack(file.read(ZIP64_EOCD.size))
            file.seek(0)
            entries, size = record[7], record[8]
    if entries > MAX_ZIP_MEMBERS:
        raise ImportProblem(too_many_members())
    if size > MAX_DIRECTORY_BYTES:
        raise ImportProblem(_("The zip file is damaged."))


def open_zip(file: IO[bytes]) -> zipfile.ZipFile:
    """The zip, its directory checked for size before it is read."""
    check_zip_directory(file)
    try:
        return zipfile.ZipFile(file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise ImportProblem(_("The zip file is damaged.")) from None


# In the request


def check_size(size: int) -> None:
    """Refuse an upload over MAX_BYTES: before the request body is read, by its length,
    and once it is, by the file's own size."""
    if size > MAX_BYTES:
        raise ImportProblem(too_large())


def check_upload(name: str, file: IO[bytes], size: int) -> None:
    """Raise ImportProblem if the upload is plainly no export; cheap enough for a request.

    Reads the first bytes, or a zip's directory (at its end, not its members), and leaves
    the file at its start for storing."""
    check_size(size)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    if not head.strip():
        raise ImportProblem(_("The file is empty."))
    if head.startswith(ZIP_MAGIC):
        try:
            open_zip(file)
        finally:
            file.seek(0)
        return
    # A sample may end inside a character; only the whole file must end whole.
    text = text_of(head, name, whole=len(head) < SNIFF_BYTES)
    if text.lstrip(" \t\r\n")[:1] not in ("{", "[") and not name.lower().endswith(KINDS):
        raise ImportProblem(not_an_export())


def text_of(data: bytes, name: str, *, whole: bool = True) -> str:
    """UTF-8 text, its byte order mark dropped. A lone surrogate's bytes are let through
    here, to be named with the record that holds them (it cannot be stored)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="surrogatepass")
    try:
        return decoder.decode(data, final=whole)
    except UnicodeDecodeError:
        raise ImportProblem(_not_utf8(name)) from None


# In the worker


@dataclass
class Upload:
    """What an uploaded file holds, read but not yet understood."""

    documents: list[tuple[str, Any]] = field(default_factory=list)  # (file name, JSON)
    markdown: list[tuple[str, str]] = field(default_factory=list)  # (file name, text)
    csv: str | None = None
    # Files under photos/, by name without the extension: Day One's md5, an archive's token.
    photos: Mapping[str, bytes] = field(default_factory=dict)


def read_upload(name: str, file: IO[bytes]) -> Upload:
    """The documents in an upload that passed `check_upload`: JSON, CSV, or a zip of JSON,
    Markdown and photos, streamed from `file`. A zip's photos are read when a record asks
    for them, so `file` stays open until the formats have read the Upload."""
    zipped = file.read(len(ZIP_MAGIC)) == ZIP_MAGIC
    file.seek(0)
    if zipped:
        return _read_zip(file)
    data = file.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        raise ImportProblem(too_large(MAX_TEXT_BYTES))
    text = text_of(data, name)
    del data  # the text alone is held while it is parsed
    if name.lower().endswith(".csv") or text.startswith("day,title"):
        return Upload(csv=text)
    return Upload(documents=[(name, parse_json(text))])


def parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportProblem(
            _("The file is not valid JSON (line %(line)s, column %(column)s: %(reason)s).")
            % {"line": error.lineno, "column": error.colno, "reason": error.msg}
        ) from None
    except RecursionError:
        raise ImportProblem(_("The file is not valid JSON: it is nested too deeply.")) from None
    except ValueError:  # e.g. an integer with thousands of digits
        raise ImportProblem(
            _("The file is not valid JSON: it holds a number too long to read.")
        ) from None


class Photos(Mapping[str, bytes]):
    """The photos in a zip by name without the extension, each read when a record asks
    for it, so they are never all in memory at once."""

    def __init__(self, archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]) -> None:
        self.archive = archive
        self.members = members

    def __getitem__(self, name: str) -> bytes:
        return _member(self.archive, self.members[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self.members)

    def __len__(self) -> int:
        return len(self.members)


def _sorted_members(
    members: list[zipfile.ZipInfo],
) -> tuple[list[zipfile.ZipInfo], dict[str, zipfile.ZipInfo]]:
    """The members worth reading: the texts (JSON, Markdown entries), and the photos by
    name without the extension. Folders, macOS's shadows and hidden files are passed over."""
    texts: list[zipfile.ZipInfo] = []
    photos: dict[str, zipfile.ZipInfo] = {}
    for info in members:
        name = info.filename
        lower = name.lower()
        if info.is_dir() or name.startswith("__MACOSX") or "/." in "/" + name:
            continue
        if lower.startswith("photos/") and lower.rsplit(".", 1)[-1] in PHOTO_EXTENSIONS:
            photos[name.rsplit("/", 1)[-1].rsplit(".", 1)[0]] = info
            continue
        # The Markdown export's index and its page of hard moments are summaries, not entries.
        summary = lower in ("index.md", "hard-moments.md")
        if lower.endswith(".json") or (lower.endswith(".md") and not summary):
            texts.append(info)
    return texts, photos


def _read_zip(file: IO[bytes]) -> Upload:
    # check_upload read this directory in the request; only the members are new here.
    archive = open_zip(file)
    texts, photos = _sorted_members(archive.infolist())
    for info in [*texts, *photos.values()]:
        _check_member(info)
    # zipfile never reads past a member's declared size (a member that is longer fails
    # its check sum), so the directory's sizes bound what unpacking takes.
    if sum(info.file_size for info in [*texts, *photos.values()]) > MAX_BYTES:
        raise ImportProblem(
            _("The zip file is larger than %(size)s MB once unpacked.") % {"size": MAX_BYTES // MB}
        )
    if sum(info.file_size for info in texts) > MAX_TEXT_BYTES:
        raise ImportProblem(
            _("The text in the zip file is larger than %(size)s MB once unpacked.")
            % {"size": MAX_TEXT_BYTES // MB}
        )
    if not texts:
        raise ImportProblem(
            _(
                "The zip file holds no JSON or Markdown file: a Day One export has "
                "Journal.json, this app's archive reconnect.json, its Markdown export "
                "entries/*.md."
            )
        )
    upload = Upload(photos=Photos(archive, photos))
    for info in texts:
        text = text_of(_member(archive, info), info.filename)
        if info.filename.lower().endswith(".json"):
            upload.documents.append((info.filename, parse_json(text)))
        else:
            upload.markdown.append((info.filename, text))
    return upload


def _check_member(info: zipfile.ZipInfo) -> None:
    """Refuse a member zipfile would choke on, from the directory alone."""
    where = {"name": short(info.filename)}
    if info.flag_bits & 0x1:
        raise ImportProblem(
            _("%(name)s in the zip is encrypted; export it again without a password.") % where
        )
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ImportProblem(
            _("%(name)s in the zip is compressed in a way this app can't read.") % where
        )


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One file from a zip, no longer than its declared size."""
    try:
        with archive.open(info) as member:
            return member.read()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
        raise ImportProblem(
            _("%(name)s in the zip is damaged.") % {"name": short(info.filename)}
        ) from None
