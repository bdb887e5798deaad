"""A journal in and out, one module per format, each pairing its reader and its writer:

    own.py       this app's JSON ("Everything"), every record but no photo files
    archive.py   the JSON and every photo as stored, in one zip
    markdown.py  one Markdown file an entry, with YAML front matter, in a zip
    csv.py       the entries, for a spreadsheet
    jrnl.py      jrnl's journal file out, its JSON export in
    dayone.py    Day One's zip, both ways

Beside them: `upload` (the one stage every file goes through: the request's cheap
checks, then the worker's reading of the stored file), `records` (reading and checking
each record: `full_clean`, day bounds, text that can be stored) and `store` (the one
short transaction that writes an import, all of it or none).

An import happens in two steps: `read` checks the whole file and every record without
touching the database, and the first problem found is reported ("Entry 12: ...") with
nothing saved; `store.save` then writes it. Tags stay tags; a tag whose name matches one
of your changes (in any case) files the entry under that change. Tags never create
changes themselves: a change carries honest answers that only you can give.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, TypeAlias

from django.utils.translation import gettext as _

from . import archive, csv, dayone, jrnl, markdown, own
from .records import MAX_ENTRIES, ImportProblem, Outcome, Parsed, check_count, finish
from .store import save
from .stream import in_words_of
from .upload import MAX_BYTES, Upload, check_size, check_upload, not_an_export, read_upload

if TYPE_CHECKING:
    from ..auth import User

__all__ = [
    "EXPORTS",
    "MAX_BYTES",
    "MAX_ENTRIES",
    "ImportProblem",
    "Outcome",
    "check_size",
    "check_upload",
    "import_file",
    "in_words_of",
]

# A string: `User` exists for the type checker only.
Writer: TypeAlias = "Callable[[User], Iterator[str] | Iterator[bytes]]"

# What /journal/export/<name>/ serves: (writer, content type, file extension).
EXPORTS: dict[str, tuple[Writer, str, str]] = {
    "json": (own.export_json, "application/json; charset=utf-8", "json"),
    "archive": (archive.export_archive, "application/zip", "archive.zip"),
    "markdown": (markdown.export_markdown, "application/zip", "zip"),
    "csv": (csv.export_csv, "text/csv; charset=utf-8", "csv"),
    "jrnl": (jrnl.export_jrnl, "text/plain; charset=utf-8", "txt"),
    "dayone": (dayone.export_day_one, "application/zip", "dayone.zip"),
}


def read(upload: Upload, user: User) -> Parsed:
    """Recognise the format and check every record; raise ImportProblem on the first fault."""
    if upload.csv is not None:
        return finish(csv.parse(upload.csv), user)
    if upload.markdown and not upload.documents:
        return finish(markdown.parse(upload.markdown), user)
    documents = upload.documents
    if archive.is_archive(documents):
        return finish(archive.parse(documents[0][1], upload.photos), user)
    day_one = [d for d in documents if dayone.is_day_one(d[1])]
    if len(documents) > 1 or day_one:
        if len(day_one) != len(documents):
            raise ImportProblem(
                _("The zip file mixes Day One journals with other files; nothing was read.")
            )
        return finish(dayone.parse(day_one, user, upload.photos), user)
    name, document = documents[0]
    return _read_document(name, document, upload, user)


def _read_document(name: str, document: object, upload: Upload, user: User) -> Parsed:
    """One JSON document on its own: this app's export, Day One's or jrnl's."""
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise ImportProblem(not_an_export())
    entries: list[object] = document["entries"]
    check_count(entries)
    if own.is_own(document):
        return finish(own.parse(document), user)
    if not entries:
        return Parsed(kind="empty", entries=[])
    if dayone.is_day_one_entry(entries[0]):
        return finish(dayone.parse([(name, document)], user, upload.photos), user)
    if jrnl.is_jrnl(entries[0]):
        return finish(jrnl.parse(entries), user)
    raise ImportProblem(_("Entry 1 has neither jrnl's date and body nor Day One's creationDate."))


def import_file(
    name: str,
    file: IO[bytes] | bytes,
    user: User,
    progress: Callable[[int], None] | None = None,
    with_settings: bool = False,
) -> Outcome:
    """Read, check and save an uploaded export; raise ImportProblem with nothing saved.

    `file` is an upload that passed `check_upload`, open for reading: it is streamed, not
    read whole (a caller that holds the bytes may pass them). `progress` hears 0 to 100
    as the import goes: reading, checking, writing, photos. `with_settings`: the
    person asked for the file's settings (time zone, language...) to replace theirs."""
    report = progress or (lambda percent: None)
    report(0)
    upload = read_upload(name, io.BytesIO(file) if isinstance(file, bytes) else file)
    report(20)
    parsed = read(upload, user)
    report(60)
    outcome = save(parsed, user, progress=report, with_settings=with_settings)
    report(100)
    return outcome
