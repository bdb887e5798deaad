"""The checks every upload goes through before any format reads it: size, zip traps,
text encoding and JSON syntax. Nothing here knows one journal format from another."""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.translation import gettext as _

from .. import limits
from .records import ImportProblem, short

MB = limits.MB
# The largest upload: an archive carries every photo. The text in it (JSON, Markdown,
# CSV) is held to MAX_TEXT_BYTES, which bounds the memory a parse takes.
MAX_BYTES = limits.IMPORT_MAX_BYTES
MAX_TEXT_BYTES = limits.IMPORT_TEXT_MAX_BYTES
MAX_ZIP_MEMBERS = 20_000
PHOTO_EXTENSIONS = {"jpeg", "jpg", "png", "webp", "heic", "gif", "tiff"}


def too_large() -> str:
    return _("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // MB}


@dataclass
class Upload:
    """What an uploaded file holds, read but not yet understood."""

    documents: list[tuple[str, Any]] = field(default_factory=list)  # (file name, JSON)
    markdown: list[tuple[str, str]] = field(default_factory=list)  # (file name, text)
    csv: str | None = None
    # Files under photos/, by name without the extension: Day One's md5, an archive's token.
    photos: dict[str, bytes] = field(default_factory=dict)


def read_upload(name: str, data: bytes) -> Upload:
    """The documents in an upload: JSON, CSV, or a zip of JSON, Markdown and photos."""
    if len(data) > MAX_BYTES:
        raise ImportProblem(too_large())
    if not data.strip():
        raise ImportProblem(_("The file is empty."))
    if data[:4] == b"PK\x03\x04":
        return _read_zip(data)
    if len(data) > MAX_TEXT_BYTES:
        raise ImportProblem(
            _("The file is larger than %(size)s MB.") % {"size": MAX_TEXT_BYTES // MB}
        )
    text = text_of(data, name)
    if name.lower().endswith(".csv") or text.startswith("day,title"):
        return Upload(csv=text)
    return Upload(documents=[(name, parse_json(text))])


def text_of(data: bytes, name: str) -> str:
    """UTF-8 text. A lone surrogate's bytes are let through here, to be named with the
    record that holds them (it cannot be stored)."""
    try:
        return data.decode("utf-8-sig", errors="surrogatepass")
    except UnicodeDecodeError:
        raise ImportProblem(
            _("%(name)s is not text in UTF-8, so it can't be an export.") % {"name": short(name)}
        ) from None


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


def _read_zip(data: bytes) -> Upload:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise ImportProblem(_("The zip file is damaged.")) from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise ImportProblem(
            _("The zip file holds more than %(limit)s files.") % {"limit": f"{MAX_ZIP_MEMBERS:,}"}
        )
    upload = Upload()
    total = text_total = 0
    for info in members:
        kind = _kind(info)
        if kind is None:
            continue
        name = info.filename
        content = _member(archive, info)
        total += len(content)
        if total > MAX_BYTES:
            raise ImportProblem(
                _("The zip file is larger than %(size)s MB once unpacked.")
                % {"size": MAX_BYTES // MB}
            )
        if kind == "photo":
            upload.photos[name.rsplit("/", 1)[-1].rsplit(".", 1)[0]] = content
            continue
        text_total += len(content)
        if text_total > MAX_TEXT_BYTES:
            raise ImportProblem(
                _("The text in the zip file is larger than %(size)s MB once unpacked.")
                % {"size": MAX_TEXT_BYTES // MB}
            )
        text = text_of(content, name)
        if kind == "json":
            upload.documents.append((name, parse_json(text)))
        else:
            upload.markdown.append((name, text))
    if not upload.documents and not upload.markdown:
        raise ImportProblem(
            _(
                "The zip file holds no JSON or Markdown file: a Day One export has "
                "Journal.json, this app's archive reconnect.json, its Markdown export "
                "entries/*.md."
            )
        )
    return upload


def _kind(info: zipfile.ZipInfo) -> Literal["photo", "json", "markdown"] | None:
    """What a file in a zip is to an import; None for what it leaves unread."""
    name = info.filename
    lower = name.lower()
    if info.is_dir() or name.startswith("__MACOSX") or "/." in "/" + name:
        return None
    if lower.startswith("photos/") and lower.rsplit(".", 1)[-1] in PHOTO_EXTENSIONS:
        return "photo"
    if lower.endswith(".json"):
        return "json"
    # The Markdown export's index and its page of hard moments are summaries, not entries.
    if lower.endswith(".md") and lower not in ("index.md", "hard-moments.md"):
        return "markdown"
    return None


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One file from a zip, refusing what zipfile would choke on or could be a trap."""
    where = {"name": short(info.filename), "size": MAX_BYTES // MB}
    if info.flag_bits & 0x1:
        raise ImportProblem(
            _("%(name)s in the zip is encrypted; export it again without a password.") % where
        )
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ImportProblem(
            _("%(name)s in the zip is compressed in a way this app can't read.") % where
        )
    if info.file_size > MAX_BYTES:
        raise ImportProblem(
            _("%(name)s in the zip is larger than %(size)s MB once unpacked.") % where
        )
    try:
        with archive.open(info) as member:
            content = member.read(MAX_BYTES + 1)  # never trust the declared size alone
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
        raise ImportProblem(_("%(name)s in the zip is damaged.") % where) from None
    if len(content) > MAX_BYTES:
        raise ImportProblem(
            _("%(name)s in the zip is larger than %(size)s MB once unpacked.") % where
        )
    return content
