"""Bring a journal in: this app's exports (JSON, Markdown zip, CSV), jrnl's JSON export,
and Day One's JSON export (Journal.json, or the zip with every journal in it).

An import happens in two steps:

1. `read_upload` and `parse` read and check the whole file without touching the
   database: every record goes through the same model validation the pages use
   (`full_clean`), the same day bounds, and the same NUL check, and the first problem
   found is reported ("Entry 12: ...") with nothing saved. Markdown is rendered here too.
2. `save` writes what was checked in one short transaction with `bulk_create`, so a
   large import holds the database for a moment, not for minutes.

Each imported entry carries an `import_key` (its stable id in this app's export, or a
hash of where it came from), so importing the same file twice, into the same or
another account, adds nothing the second time.

Tags stay tags; a tag whose name matches one of your changes (in any case) files the
entry under that change. Tags never create changes themselves: a change carries honest
answers that only you can give. What a format holds that this app cannot keep
(Day One's locations, weather, audio...) is counted and named in the report.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import secrets
import uuid
import zipfile
import zlib
import zoneinfo
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .exports import FORMULA_STARTS
from .forms import entry_day_problem
from .models import (
    URGE_MESSAGE_MAX,
    Entry,
    FocusArea,
    LogisticsContact,
    ReadinessSnapshot,
    ReasonToWait,
    Reset,
    Situation,
    Trigger,
    Urge,
    WaitingPeriod,
    clean_tag,
    inline_tags,
    normalise_newlines,
    tags_for,
)
from .photos import MAX_PHOTOS, CleanImage, PhotoProblem, attach, process

MAX_BYTES = 20 * 1024 * 1024
# Stated on the import page; a bigger journal goes in several files. At this size the
# write transaction lasts a few seconds on a small machine, well inside the database busy
# timeout that other users' saves wait for (SQLite: 10 s, settings.py).
MAX_ENTRIES = 10_000
MAX_ZIP_MEMBERS = 5_000
TITLE_MAX = 120
BODY_MAX = 20_000
KEY_MAX = 64
NUL_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")
PHOTO_EXTENSIONS = {"jpeg", "jpg", "png", "webp", "heic", "gif", "tiff"}
MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")


class ImportProblem(ValueError):
    """What is wrong with a file, in words for the person who uploaded it."""


@dataclass
class ParsedEntry:
    day: dt.date
    title: str
    body: str
    mood: int | None = None
    focus: str | None = None
    tags: list[str] = field(default_factory=list)
    import_key: str = ""
    time: dt.time | None = None
    starred: bool = False
    entry: Entry | None = None  # the checked, unsaved model instance
    photos: list[tuple[str, CleanImage]] = field(default_factory=list)  # (token, image)


@dataclass
class Parsed:
    kind: str
    entries: list[ParsedEntry]
    focus_areas: list[FocusArea] = field(default_factory=list)
    periods: list[tuple[WaitingPeriod, list[Reset]]] = field(default_factory=list)
    situation: Situation | None = None
    snapshots: list[ReadinessSnapshot] = field(default_factory=list)
    not_kept: Counter = field(default_factory=Counter)
    hard_moment: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    kind: str
    added: int
    already: int
    not_kept: str = ""


@dataclass
class Upload:
    """What an uploaded file holds, read but not yet understood."""

    documents: list[tuple[str, Any]] = field(default_factory=list)  # (file name, JSON)
    markdown: list[tuple[str, str]] = field(default_factory=list)  # (file name, text)
    csv: str | None = None
    photos: dict[str, bytes] = field(default_factory=dict)  # Day One's photos/, by md5


# Step 1a: reading the file


def read_upload(name: str, data: bytes) -> Upload:
    """The documents in an upload: JSON, CSV, or a zip of JSON journals or Markdown files."""
    if len(data) > MAX_BYTES:
        raise ImportProblem(_("The file is larger than 20 MB."))
    if not data.strip():
        raise ImportProblem(_("The file is empty."))
    if data[:4] == b"PK\x03\x04":
        return _read_zip(data)
    text = _text_of(data, name)
    if name.lower().endswith(".csv") or text.startswith("day,title"):
        return Upload(csv=text)
    return Upload(documents=[(name, _json(text, name))])


def _text_of(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblem(
            _("%(name)s is not text in UTF-8, so it can't be an export.") % {"name": _short(name)}
        ) from None
    if "\x00" in text:
        raise ImportProblem(
            _("%(name)s contains a NUL character, which no journal text has.")
            % {"name": _short(name)}
        )
    return text


def _short(name: str) -> str:
    name = name.rsplit("/", 1)[-1]
    return name if len(name) <= 80 else name[:79] + "…"


def _json(text: str, name: str) -> Any:
    if NUL_ESCAPE.search(text):
        raise ImportProblem(
            _("%(name)s contains a NUL character (\\u0000), which no journal text has.")
            % {"name": _short(name)}
        )
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
    total = 0
    for info in members:
        name = info.filename
        lower = name.lower()
        if info.is_dir() or name.startswith("__MACOSX") or "/." in "/" + name:
            continue
        photo = lower.startswith("photos/") and lower.rsplit(".", 1)[-1] in PHOTO_EXTENSIONS
        # The Markdown export's index and its page of hard moments are summaries, not entries.
        summary = lower in ("index.md", "hard-moments.md")
        wanted = lower.endswith(".json") or (lower.endswith(".md") and not summary)
        if not wanted and not photo:
            continue
        content = _member(archive, info)
        total += len(content)
        if total > MAX_BYTES:
            raise ImportProblem(_("The zip file is larger than 20 MB once unpacked."))
        if photo:
            upload.photos[lower.rsplit("/", 1)[-1].rsplit(".", 1)[0]] = content
            continue
        text = _text_of(content, name)
        if lower.endswith(".json"):
            upload.documents.append((name, _json(text, name)))
        else:
            upload.markdown.append((name, text))
    if not upload.documents and not upload.markdown:
        raise ImportProblem(
            _(
                "The zip file holds no JSON or Markdown file: a Day One export has "
                "Journal.json, this app's Markdown export has entries/*.md."
            )
        )
    return upload


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One file from a zip, refusing what zipfile would choke on or could be a trap."""
    where = {"name": _short(info.filename)}
    if info.flag_bits & 0x1:
        raise ImportProblem(
            _("%(name)s in the zip is encrypted; export it again without a password.") % where
        )
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ImportProblem(
            _("%(name)s in the zip is compressed in a way this app can't read.") % where
        )
    if info.file_size > MAX_BYTES:
        raise ImportProblem(_("%(name)s in the zip is larger than 20 MB once unpacked.") % where)
    try:
        with archive.open(info) as member:
            content = member.read(MAX_BYTES + 1)  # never trust the declared size alone
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
        raise ImportProblem(_("%(name)s in the zip is damaged.") % where) from None
    if len(content) > MAX_BYTES:
        raise ImportProblem(_("%(name)s in the zip is larger than 20 MB once unpacked.") % where)
    return content


# Step 1b: understanding and checking every record


def parse(upload: Upload, user: AbstractUser) -> Parsed:
    """Recognise the format and check every record; raise ImportProblem on the first fault."""
    if upload.csv is not None:
        return _finish(_parse_csv(upload.csv), user)
    if upload.markdown and not upload.documents:
        return _finish(_parse_markdown(upload.markdown), user)
    documents = upload.documents
    day_one = [d for d in documents if isinstance(d[1], dict) and "metadata" in d[1]]
    if len(documents) > 1 or day_one:
        if len(day_one) != len(documents):
            raise ImportProblem(
                _("The zip file mixes Day One journals with other files; nothing was read.")
            )
        return _finish(_parse_day_one_journals(day_one, user, upload.photos), user)
    name, document = documents[0]
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise ImportProblem(
            _(
                "This is not a journal export this app knows: expected this app's JSON "
                "export, jrnl's JSON export or Day One's Journal.json."
            )
        )
    _check_count(document["entries"])
    if str(document.get("schema", "")).startswith("reconnect/"):
        if document["schema"] != "reconnect/1":
            raise ImportProblem(
                _("This export is of a newer version (%(schema)s).")
                % {"schema": _short(str(document["schema"]))}
            )
        return _finish(_parse_own(document), user)
    entries = document["entries"]
    if not entries:
        return Parsed(kind="empty", entries=[])
    first = entries[0] if isinstance(entries[0], dict) else {}
    if "creationDate" in first:
        return _finish(_parse_day_one_journals([(name, document)], user, upload.photos), user)
    if "date" in first and "body" in first:
        return _finish(_parse_jrnl(entries), user)
    raise ImportProblem(_("Entry 1 has neither jrnl's date and body nor Day One's creationDate."))


def _check_count(entries: list) -> None:
    if len(entries) > MAX_ENTRIES:
        raise ImportProblem(
            _(
                "The file has %(count)s entries; up to %(limit)s can be imported at once. "
                "Split it into smaller files (for example by year) and import each."
            )
            % {"count": f"{len(entries):,}", "limit": f"{MAX_ENTRIES:,}"}
        )


def _finish(parsed: Parsed, user: AbstractUser) -> Parsed:
    """Check every entry as the entry form would and render it, still outside any transaction."""
    _check_count(parsed.entries)
    today = user.local_today()
    for number, entry in enumerate(parsed.entries, start=1):
        where = _("Entry %(number)s") % {"number": number}
        problem = entry_day_problem(entry.day, today)
        if entry.day > today:
            problem = _("the date %(day)s is in the future.") % {"day": entry.day}
        if problem:
            raise ImportProblem(f"{where}: {problem}")
        if len(entry.title) > TITLE_MAX:
            raise ImportProblem(
                _("%(where)s: the title is longer than %(limit)s characters.")
                % {"where": where, "limit": TITLE_MAX}
            )
        if len(entry.body) > BODY_MAX:
            raise ImportProblem(
                _("%(where)s: the text is longer than %(limit)s characters.")
                % {"where": where, "limit": f"{BODY_MAX:,}"}
            )
        if entry.mood is not None and (
            not isinstance(entry.mood, int)
            or isinstance(entry.mood, bool)
            or entry.mood not in range(1, 6)
        ):
            raise ImportProblem(
                _("%(where)s: the mood must be from 1 to 5, not %(mood)s.")
                % {"where": where, "mood": _short(str(entry.mood))}
            )
        if len(entry.import_key) > KEY_MAX:
            raise ImportProblem(
                _("%(where)s: its id is longer than %(limit)s characters.")
                % {"where": where, "limit": KEY_MAX}
            )
        instance = Entry(
            user=user,
            day=entry.day,
            time=entry.time,
            title=entry.title,
            body=normalise_newlines(entry.body),
            mood=entry.mood,
            starred=entry.starred,
            import_key=entry.import_key,
        )
        _validate(instance, where, exclude=["user", "focus", "tags"])
        entry.tags = [t for t in (clean_tag(t) for t in entry.tags) if t]
        names = list(
            dict.fromkeys([*entry.tags, *inline_tags(instance.title + "\n" + instance.body)])
        )
        entry.tags = names
        instance.prepare(names)
        entry.entry = instance
    return parsed


def _validate(instance: Any, where: str, exclude: list[str]) -> None:
    """The model's own field checks, as the pages' forms apply them."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        field_name, messages = next(iter(error.message_dict.items()))
        raise ImportProblem(
            _("%(where)s: %(field)s: %(message)s")
            % {"where": where, "field": field_name, "message": messages[0]}
        ) from None


def _key(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:40]


def _text(record: dict, key: str, where: str, *, required: bool = True) -> str:
    value = record.get(key, "")
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise ImportProblem(
            _("%(where)s: '%(key)s' should be text.") % {"where": where, "key": key}
        )
    if required and not value.strip():
        raise ImportProblem(_("%(where)s: '%(key)s' is empty.") % {"where": where, "key": key})
    return value


def _date(value: Any, where: str) -> dt.date:
    try:
        if not isinstance(value, str):
            raise ValueError
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise ImportProblem(
            _("%(where)s: the date '%(value)s' is not a date.")
            % {"where": where, "value": _short(str(value))}
        ) from None


def _time(value: Any, where: str) -> dt.time | None:
    if value in (None, ""):
        return None
    try:
        if not isinstance(value, str):
            raise ValueError
        return dt.time.fromisoformat(value).replace(second=0, microsecond=0, tzinfo=None)
    except ValueError:
        raise ImportProblem(
            _("%(where)s: the time '%(value)s' is not a time of day.")
            % {"where": where, "value": _short(str(value))}
        ) from None


def _parse_moment(value: Any) -> dt.datetime | None:
    """An ISO 8601 date and time from a file, or None where it is not one."""
    try:
        return parse_datetime(value) if isinstance(value, str) else None
    except ValueError:  # well formed but impossible, such as 2024-02-30
        return None


def _moment(value: Any, where: str) -> dt.datetime:
    """An aware date and time from 1900 on, or ImportProblem."""
    moment = _parse_moment(value)
    if moment is None:
        raise ImportProblem(
            _("%(where)s: '%(value)s' is not a date and time.")
            % {"where": where, "value": _short(str(value))}
        )
    if not 1900 <= moment.year <= 9000:
        raise ImportProblem(
            _("%(where)s: '%(value)s' is too far from today.")
            % {"where": where, "value": _short(str(value))}
        )
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _tags(value: Any, where: str) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise ImportProblem(_("%(where)s: 'tags' should be a list of words.") % {"where": where})
    return value


def _unescape(text: str) -> str:
    """Markdown escapes out of a title: 'Sunday \\#reflection' is 'Sunday #reflection'."""
    return MARKDOWN_ESCAPE.sub(r"\1", text)


def _shorten(title: str) -> str:
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1].rstrip() + "…"


# This app's JSON export


def _parse_own(document: dict) -> Parsed:
    entries = []
    for number, raw in enumerate(document["entries"], start=1):
        where = _("Entry %(number)s") % {"number": number}
        if not isinstance(raw, dict):
            raise ImportProblem(_("%(where)s is not an object.") % {"where": where})
        day = _date(raw.get("day"), where)
        title = _text(raw, "title", where)
        body = _text(raw, "body", where, required=False)
        focus = raw.get("focus")
        if focus is not None and not isinstance(focus, str):
            raise ImportProblem(
                _("%(where)s: 'focus' should be the name of a change.") % {"where": where}
            )
        key = raw.get("id") or raw.get("import_key") or _key("reconnect", day, title, body)
        if not isinstance(key, str):
            raise ImportProblem(_("%(where)s: 'id' should be text.") % {"where": where})
        entries.append(
            ParsedEntry(
                day=day,
                title=title,
                body=body,
                mood=raw.get("mood"),
                focus=focus or None,
                tags=_tags(raw.get("tags"), where),
                import_key=key,
                time=_time(raw.get("time"), where),
                starred=raw.get("starred") is True,
            )
        )
    parsed = Parsed("reconnect", entries)
    parsed.focus_areas = _own_areas(document.get("focus_areas"))
    parsed.periods = _own_periods(document.get("waiting_periods"))
    parsed.situation = _own_situation(document.get("situation"))
    parsed.snapshots = _own_snapshots(document.get("readiness_history"))
    parsed.hard_moment = parse_hard_moment(document)
    return parsed


def _list_of_objects(value: Any, what: str) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ImportProblem(_("'%(what)s' should be a list of objects.") % {"what": what})
    return value


def _own_areas(value: Any) -> list[FocusArea]:
    areas = []
    for number, data in enumerate(_list_of_objects(value, "focus_areas"), start=1):
        where = _("Change %(number)s") % {"number": number}
        area = FocusArea(
            name=_text(data, "name", where).strip(),
            about_breakup=data.get("about_breakup", False),
            need_to_fix=data.get("need_to_fix", "unsure"),
            want_to_fix=data.get("want_to_fix", "unsure"),
            for_myself=data.get("for_myself", "unsure"),
            notes=_text(data, "notes", where, required=False),
            archived=data.get("archived", False),
            uid=_uid(data.get("id"), where),
        )
        _validate(area, where, exclude=["user"])
        areas.append(area)
    return areas


def _own_periods(value: Any) -> list[tuple[WaitingPeriod, list[Reset]]]:
    periods = []
    for number, data in enumerate(_list_of_objects(value, "waiting_periods"), start=1):
        where = _("Waiting period %(number)s") % {"number": number}
        days = data.get("days")
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 365:
            raise ImportProblem(_("%(where)s: days must be from 1 to 365.") % {"where": where})
        start = _date(data.get("start"), where)
        if start.year < 1900:
            raise ImportProblem(_("%(where)s: the start is before 1900.") % {"where": where})
        period = WaitingPeriod(
            label=_text(data, "label", where).strip(),
            purpose=_text(data, "purpose", where, required=False),
            start=start,
            days=days,
            started_at=_moment(data.get("started_at"), where),
            uid=_uid(data.get("id"), where),
        )
        _validate(period, where, exclude=["user"])
        resets = []
        for raw in _list_of_objects(data.get("resets"), "resets"):
            reset = Reset(
                run_started_at=_moment(raw.get("run_started_at") or data["started_at"], where),
                at=_moment(raw.get("at"), where),
                note=_text(raw, "note", where, required=False),
            )
            _validate(reset, where, exclude=["period"])
            resets.append(reset)
        periods.append((period, resets))
    return periods


def _uid(value: Any, where: str) -> uuid.UUID:
    """A change's or period's id from the file, or a new one for files without ids."""
    if value is None:
        return uuid.uuid4()
    try:
        if not isinstance(value, str):
            raise ValueError
        return uuid.UUID(value)
    except ValueError:
        raise ImportProblem(
            _("%(where)s: its id is not one this app made.") % {"where": where}
        ) from None


def _own_situation(data: Any) -> Situation | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ImportProblem(_("'situation' should be an object."))
    where = _("Your answers")
    values = {key: data[key] for key in Situation.ANSWERS if key in data and data[key] is not None}
    if "broke_up_on" in values:
        values["broke_up_on"] = _date(values["broke_up_on"], where)
        if values["broke_up_on"].year < 1900:
            raise ImportProblem(_("%(where)s: the breakup date is before 1900.") % {"where": where})
    situation = Situation(**values)
    _validate(situation, where, exclude=["user"])
    return situation


def _own_snapshots(value: Any) -> list[ReadinessSnapshot]:
    snapshots = []
    for number, data in enumerate(_list_of_objects(value, "readiness_history"), start=1):
        where = _("Readiness record %(number)s") % {"number": number}
        conditions = data.get("conditions") or {}
        if not isinstance(conditions, dict):
            raise ImportProblem(
                _("%(where)s: 'conditions' should be an object.") % {"where": where}
            )
        snapshot = ReadinessSnapshot(
            at=_moment(data.get("at"), where),
            state=data.get("state"),
            met=data.get("met"),
            total=data.get("total"),
            conditions=conditions,
        )
        _validate(snapshot, where, exclude=["user", "conditions"])
        snapshots.append(snapshot)
    return snapshots


# jrnl


def _parse_jrnl(raw_entries: list) -> Parsed:
    entries = []
    for number, raw in enumerate(raw_entries, start=1):
        where = _("Entry %(number)s") % {"number": number}
        if not isinstance(raw, dict):
            raise ImportProblem(_("%(where)s is not an object.") % {"where": where})
        day = _date(raw.get("date"), where)
        title = _text(raw, "title", where, required=False).strip()
        body = _text(raw, "body", where, required=False)
        tags = _tags(raw.get("tags"), where)
        if not title:
            lines = body.strip().splitlines()
            title = lines[0].strip() if lines else _("Untitled")
        if len(title) > TITLE_MAX:
            body = title + "\n\n" + body
            title = _shorten(title)
        key = _key("jrnl", raw.get("date"), raw.get("time"), raw.get("title"), raw.get("body"))
        entries.append(
            ParsedEntry(
                day=day,
                title=title,
                body=body.strip("\n"),
                tags=tags,
                import_key=key,
                time=_time(raw.get("time"), where),
                starred=raw.get("starred") is True,
            )
        )
    return Parsed("jrnl", entries)


# Day One

DAY_ONE_KEPT = {
    "uuid", "creationDate", "modifiedDate", "timeZone", "text", "richText", "tags", "starred",
    "isPinned", "creationDevice", "creationDeviceType", "creationDeviceModel", "creationOSName",
    "creationOSVersion", "duration", "editingTime", "isAllDay",
}  # fmt: skip
DAY_ONE_LOST = {
    "location": lambda n: ngettext("%(n)d location", "%(n)d locations", n),
    "weather": lambda n: ngettext("%(n)d weather note", "%(n)d weather notes", n),
    "audios": lambda n: ngettext("%(n)d audio clip", "%(n)d audio clips", n),
    "videos": lambda n: ngettext("%(n)d video", "%(n)d videos", n),
    "pdfAttachments": lambda n: ngettext("%(n)d PDF", "%(n)d PDFs", n),
    "photos": lambda n: ngettext("%(n)d photo", "%(n)d photos", n),
    "other": lambda n: ngettext("%(n)d other detail", "%(n)d other details", n),
}
MOMENT_LINK = re.compile(r"!\[[^\]\n]*\]\(dayone-moment:/+(?:photo/)?([^)\s]+)\)\n?")


def _parse_day_one_journals(
    documents: list[tuple[str, Any]], user: AbstractUser, photos: dict[str, bytes]
) -> Parsed:
    """Every journal in the upload; a journal's name becomes a tag when there are several
    or it is not the default "Journal"."""
    entries: list[ParsedEntry] = []
    lost: Counter = Counter()
    for name, document in documents:
        if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
            raise ImportProblem(_("%(name)s is not a Day One journal.") % {"name": _short(name)})
        journal = _short(name).rsplit(".", 1)[0]
        journal_tag = journal if (len(documents) > 1 or journal != "Journal") else ""
        _check_count(entries + document["entries"])
        for raw in document["entries"]:
            entries.append(_day_one_entry(raw, len(entries) + 1, user, journal_tag, lost, photos))
    parsed = Parsed("dayone", entries)
    parsed.not_kept = lost
    return parsed


def _day_one_entry(
    raw: Any,
    number: int,
    user: AbstractUser,
    journal_tag: str,
    lost: Counter,
    photo_files: dict[str, bytes],
) -> ParsedEntry:
    where = _("Entry %(number)s") % {"number": number}
    if not isinstance(raw, dict):
        raise ImportProblem(_("%(where)s is not an object.") % {"where": where})
    value = raw.get("creationDate")
    moment = _parse_moment(value)
    if moment is None:
        raise ImportProblem(
            _("%(where)s: the date '%(value)s' is not a date.")
            % {"where": where, "value": _short(str(value))}
        )
    zone = raw.get("timeZone") or user.timezone
    if not isinstance(zone, str):
        raise ImportProblem(_("%(where)s: the time zone should be a name.") % {"where": where})
    try:
        tz = zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise ImportProblem(
            _("%(where)s: unknown time zone '%(zone)s'.") % {"where": where, "zone": _short(zone)}
        ) from None
    if not 1900 <= moment.year <= 9000:
        raise ImportProblem(
            _("%(where)s: the date '%(value)s' is too far from today.")
            % {"where": where, "value": _short(value)}
        )
    local = (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone(tz)
    text = normalise_newlines(_text(raw, "text", where, required=False))
    photos, missing = _day_one_photos(raw.get("photos"), photo_files)
    photo_count = len(photos) + missing
    if missing:
        lost["photos"] += missing

    def place(match: re.Match) -> str:
        # Where Day One showed the photo, the photo itself (only its owner is served it).
        token = photos.get(match[1].upper())
        return f"![{_('Photo')}](/journal/photos/{token[0]}/full/)\n" if token else ""

    title, body = _title_and_body(text)
    if MOMENT_LINK.fullmatch(title + "\n") or MOMENT_LINK.fullmatch(title):
        title = ""  # a photo first: the entry has no written title
    body = MOMENT_LINK.sub(place, body).strip("\n")
    for key, value in raw.items():
        if key == "photos":
            continue
        if key in DAY_ONE_LOST and value:
            lost[key] += len(value) if isinstance(value, list) else 1
        elif key not in DAY_ONE_KEPT and key not in DAY_ONE_LOST:
            lost["other"] += 1
    if not title:
        title = _("Photo") if photo_count else _("Untitled")
    tags = _tags(raw.get("tags"), where)
    return ParsedEntry(
        day=local.date(),
        title=title,
        body=body,
        tags=[*tags, journal_tag] if journal_tag else tags,
        import_key=_day_one_key(raw.get("uuid"), value, text),
        time=None if raw.get("isAllDay") is True else local.time().replace(second=0, microsecond=0),
        starred=raw.get("starred") is True,
        photos=list(photos.values()),
    )


def _day_one_key(raw_uuid: Any, created: str, text: str) -> str:
    """A Day One uuid that is a UUID keeps its value, so an entry this app exported to
    Day One (its uuid is the entry's own) is recognised when it comes back."""
    if isinstance(raw_uuid, str):
        try:
            return str(uuid.UUID(raw_uuid))
        except ValueError:
            pass
    return _key("dayone", raw_uuid or (created, text))


def _day_one_photos(
    value: Any, files: dict[str, bytes]
) -> tuple[dict[str, tuple[str, CleanImage]], int]:
    """The entry's photos found in the zip, cleaned, by Day One identifier; and how many
    could not be kept (missing from the zip, not an image this app reads, over the limit)."""
    if not isinstance(value, list):
        return {}, 0
    found: dict[str, tuple[str, CleanImage]] = {}
    missing = 0
    for item in value:
        data = files.get(str(item.get("md5", "")).lower()) if isinstance(item, dict) else None
        if data is None or len(found) >= MAX_PHOTOS:
            missing += 1
            continue
        try:
            clean = process(data, str(item.get("md5")))
        except PhotoProblem:
            missing += 1
            continue
        found[str(item.get("identifier", "")).upper()] = (secrets.token_urlsafe(32), clean)
    return found, missing


def _title_and_body(text: str) -> tuple[str, str]:
    """Day One keeps the title as the first line ("# Title"): it becomes the title and
    leaves the body. Without a heading, the first line is the title and stays in the body."""
    stripped = text.strip("\n")
    if not stripped.strip():
        return "", ""
    first, _sep, rest = stripped.partition("\n")
    if first.startswith("#"):
        title = _unescape(first.lstrip("#").strip())
        return _shorten(title), rest.strip("\n")
    return _shorten(_unescape(first.strip())), stripped


# This app's Markdown zip and CSV

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def _parse_markdown(files: list[tuple[str, str]]) -> Parsed:
    entries = []
    for number, (name, text) in enumerate(sorted(files), start=1):
        where = _("%(name)s") % {"name": _short(name)}
        text = normalise_newlines(text)
        match = FRONT_MATTER.match(text)
        if match is None:
            raise ImportProblem(
                _("%(where)s has no front matter (the lines between ---).") % {"where": where}
            )
        meta: dict[str, Any] = {}
        for line in match[1].splitlines():
            key, _sep, value = line.partition(":")
            value = value.strip()
            if value.startswith('"'):
                try:
                    value = json.loads(value)
                except ValueError:
                    raise ImportProblem(
                        _("%(where)s: the %(key)s line is not readable.")
                        % {"where": where, "key": _short(key)}
                    ) from None
            meta[key.strip()] = value
        body = text[match.end() :].lstrip("\n")
        title = meta.get("title") if isinstance(meta.get("title"), str) else ""
        heading = "# " + title + "\n\n"
        if title and body.startswith(heading):
            body = body[len(heading) :]
        elif title and body.rstrip("\n") == "# " + title:
            body = ""
        day = _date(meta.get("day"), where)
        entries.append(
            ParsedEntry(
                day=day,
                title=title or _("Untitled"),
                body=body,
                mood=_mood(meta.get("mood"), where),
                focus=meta.get("focus") or None,
                tags=_tags(meta.get("tags"), where)
                if isinstance(meta.get("tags"), list)
                else [t for t in str(meta.get("tags") or "").split(",") if t.strip()],
                import_key=str(meta.get("id") or _key("reconnect", day, title, body)),
                time=_time(meta.get("time"), where),
                starred=str(meta.get("starred", "")).lower() == "true",
            )
        )
        del number
    return Parsed("markdown", entries)


def _mood(value: Any, where: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ImportProblem(
            _("%(where)s: the mood must be a whole number from 1 to 5.") % {"where": where}
        ) from None


def _as_written(cell: str | None) -> str | None:
    """A CSV cell without the quote the export puts before text that looks like a formula."""
    if cell and cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def _parse_csv(text: str) -> Parsed:
    reader = csv.DictReader(io.StringIO(normalise_newlines(text)))
    rows = ({name: _as_written(cell) for name, cell in row.items()} for row in reader)
    if not reader.fieldnames or not {"day", "title"} <= set(reader.fieldnames):
        raise ImportProblem(_("The CSV file needs at least the columns day and title."))
    entries = []
    try:
        for number, row in enumerate(rows, start=1):
            where = _("Row %(number)s") % {"number": number + 1}
            if None in row:
                raise ImportProblem(
                    _("%(where)s has more cells than the header.") % {"where": where}
                )
            _check_count(entries)
            day = _date(row.get("day"), where)
            title = _text(row, "title", where)
            body = row.get("body") or ""
            entries.append(
                ParsedEntry(
                    day=day,
                    title=title,
                    body=body,
                    mood=_mood(row.get("mood"), where),
                    focus=row.get("focus") or None,
                    tags=[t for t in (row.get("tags") or "").split(",") if t.strip()],
                    import_key=row.get("id") or _key("reconnect", day, title, body),
                    time=_time(row.get("time"), where),
                    starred=(row.get("starred") or "").lower() in ("yes", "true", "1"),
                )
            )
    except csv.Error as error:
        raise ImportProblem(
            _("The CSV file is damaged (%(reason)s).") % {"reason": error}
        ) from None
    return Parsed("csv", entries)


# Step 2: writing, in one short transaction


def save(parsed: Parsed, user: AbstractUser) -> Outcome:
    """Write a checked import for `user`; all of it or (on any error) none of it."""
    known = set(
        Entry.objects.filter(user=user).exclude(import_key="").values_list("import_key", flat=True)
    )
    known |= {str(uid) for uid in Entry.objects.filter(user=user).values_list("uid", flat=True)}
    fresh: list[ParsedEntry] = []
    already = 0
    for parsed_entry in parsed.entries:
        if parsed_entry.import_key in known:
            already += 1
            continue
        known.add(parsed_entry.import_key)
        fresh.append(parsed_entry)
    with transaction.atomic():
        areas = _save_areas(parsed.focus_areas, user)
        tags = {t.name.lower(): t for t in tags_for(user, [n for e in fresh for n in e.tags])}
        rows = []
        for parsed_entry in fresh:
            entry = parsed_entry.entry
            assert entry is not None  # set by _finish
            entry.focus = areas.get((parsed_entry.focus or "").lower()) or next(
                (areas[t.lower()] for t in parsed_entry.tags if t.lower() in areas), None
            )
            rows.append(entry)
        Entry.objects.bulk_create(rows, batch_size=500)
        through = Entry.tags.through
        through.objects.bulk_create(
            (
                through(entry_id=entry.pk, tag_id=tags[name.lower()].pk)
                for entry, parsed_entry in zip(rows, fresh, strict=True)
                for name in dict.fromkeys(n.lower() for n in parsed_entry.tags)
                if name in tags
            ),
            batch_size=1000,
        )
        _save_periods(parsed.periods, user)
        if parsed.situation and not Situation.objects.filter(user=user).exists():
            parsed.situation.user = user
            parsed.situation.save()
        _save_snapshots(parsed.snapshots, user)
        save_hard_moment(parsed.hard_moment, user)
    # Photo files are written after the entries are committed: a storage write is slow
    # and must not hold the database.
    for entry, parsed_entry in zip(rows, fresh, strict=True):
        for token, clean in parsed_entry.photos:
            attach(entry, clean, token=token)
    return Outcome(
        kind=parsed.kind, added=len(rows), already=already, not_kept=describe_lost(parsed.not_kept)
    )


def _save_areas(new: list[FocusArea], user: AbstractUser) -> dict[str, FocusArea]:
    existing = list(FocusArea.objects.filter(user=user))
    areas = {a.name.lower(): a for a in existing}
    ids = {a.uid for a in existing}
    for area in new:
        if area.uid not in ids and area.name.lower() not in areas:
            area.user = user
            area.save()
            areas[area.name.lower()] = area
    return areas


def _save_periods(periods: list[tuple[WaitingPeriod, list[Reset]]], user: AbstractUser) -> None:
    rows = WaitingPeriod.objects.filter(user=user).values_list("uid", "label", "start", "days")
    ids = {row[0] for row in rows}
    existing = {row[1:] for row in rows}
    for period, resets in periods:
        # The same period (by id), or one with the same name, start and length, is there.
        if period.uid in ids or (period.label, period.start, period.days) in existing:
            continue
        period.user = user
        period.save()
        for reset in resets:
            reset.period = period
        Reset.objects.bulk_create(resets)


def _save_snapshots(snapshots: list[ReadinessSnapshot], user: AbstractUser) -> None:
    have = set(ReadinessSnapshot.objects.filter(user=user).values_list("at", flat=True))
    for snapshot in snapshots:
        snapshot.user = user
    ReadinessSnapshot.objects.bulk_create(s for s in snapshots if s.at not in have)


def describe_lost(lost: Counter) -> str:
    """ "12 locations and 2 audio clips were not imported." or ""."""
    parts = [DAY_ONE_LOST[key](n) % {"n": n} for key, n in sorted(lost.items()) if n]
    if not parts:
        return ""
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + _(" and ") + parts[-1]
    return _("%(things)s could not be imported.") % {"things": listed}


def import_file(
    name: str, data: bytes, user: AbstractUser, progress: Callable[[int], None] | None = None
) -> Outcome:
    """Read, check and save an uploaded export; raise ImportProblem with nothing saved.

    `progress`, if given, is called with how far the import has come (0 to 100).
    """
    report = progress or (lambda percent: None)
    report(0)
    upload = read_upload(name, data)
    report(10)
    parsed = parse(upload, user)
    report(80)
    outcome = save(parsed, user)
    report(100)
    return outcome


# The hard moment: urges, reasons to wait, practical contacts and the friend, from this
# app's own export. Each record has a stable key (an urge its `created` moment, a reason
# its text, a contact its period, day and note), so a second import adds nothing.

URGE_OUTCOMES = ("", *Urge.Outcome.values)  # tuples: `in` on an odd value never raises
URGE_DRAFTS = ("", *Urge.Draft.values)


def _optional_moment(value: Any, where: str) -> dt.datetime | None:
    return _moment(value, where) if value else None


def parse_hard_moment(document: dict) -> dict:
    """Check the hard-moment keys of an own-format export; raise ImportProblem on a fault."""
    urges, reasons, contacts = (
        document.get(key) or [] for key in ("urges", "reasons_to_wait", "logistics_contacts")
    )
    if not all(isinstance(value, list) for value in (urges, reasons, contacts)):
        raise ImportProblem(_("urges, reasons_to_wait and logistics_contacts should be lists."))
    checked_urges = []
    for number, raw in enumerate(urges, start=1):
        where = _("Urge %(number)s") % {"number": number}
        if not isinstance(raw, dict):
            raise ImportProblem(_("%(where)s is not an object.") % {"where": where})
        created = _moment(raw.get("created"), where)
        triggers = raw.get("triggers")
        if (
            not isinstance(triggers, list)
            or not triggers
            or not all(isinstance(t, str) and t in Trigger.values for t in triggers)
        ):
            raise ImportProblem(
                _("%(where)s: the triggers must be from the list (loneliness, … other).")
                % {"where": where}
            )
        intensity = raw.get("intensity")
        if type(intensity) is not int or not 1 <= intensity <= 10:
            raise ImportProblem(
                _("%(where)s: the strength must be from 1 to 10.") % {"where": where}
            )
        message, note = raw.get("message") or "", raw.get("trigger_note") or ""
        if not isinstance(message, str) or not isinstance(note, str):
            raise ImportProblem(_("%(where)s: the message should be text.") % {"where": where})
        if len(message) > URGE_MESSAGE_MAX or "\x00" in message + note:
            raise ImportProblem(
                _("%(where)s: the message is longer than %(limit)s characters.")
                % {"where": where, "limit": f"{URGE_MESSAGE_MAX:,}"}
            )
        outcome, draft = raw.get("outcome") or "", raw.get("draft") or ""
        if outcome not in URGE_OUTCOMES or draft not in URGE_DRAFTS:
            raise ImportProblem(
                _("%(where)s: the outcome or draft state is not one this app knows.")
                % {"where": where}
            )
        checked_urges.append(
            {
                "created": created,
                "pause_until": _optional_moment(raw.get("pause_until"), where) or created,
                "message": message,
                "triggers": Urge.pack_triggers(list(dict.fromkeys(triggers))),
                "trigger_note": note[:200],
                "intensity": intensity,
                "outcome": outcome,
                "outcome_at": _optional_moment(raw.get("outcome_at"), where),
                "draft": draft,
                "draft_kept_at": _optional_moment(raw.get("draft_kept_at"), where),
                "friend_asked_at": _optional_moment(raw.get("friend_asked_at"), where),
                "reset_at": _optional_moment(raw.get("reset_at"), where),
            }
        )
    for number, text in enumerate(reasons, start=1):
        if not isinstance(text, str) or not text.strip() or "\x00" in text:
            raise ImportProblem(_("Reason to wait %(number)s is empty.") % {"number": number})
    checked_contacts = []
    for number, raw in enumerate(contacts, start=1):
        where = _("Practical contact %(number)s") % {"number": number}
        period = raw.get("period") if isinstance(raw, dict) else None
        if (
            not isinstance(period, dict)
            or type(period.get("days")) is not int
            or not isinstance(raw.get("note"), str)
        ):
            raise ImportProblem(_("%(where)s has no waiting period or note.") % {"where": where})
        checked_contacts.append(
            {
                "label": str(period.get("label") or "")[:100],
                "start": _date(period.get("start"), where),
                "days": period.get("days"),
                "day": _date(raw.get("day"), where),
                "note": raw["note"].replace("\x00", "")[:500],
            }
        )
    friend = document.get("friend")
    if friend is not None and not isinstance(friend, dict):
        raise ImportProblem(_("friend should be an object."))
    return {
        "urges": checked_urges,
        "reasons": [text.strip()[:300] for text in reasons],
        "contacts": checked_contacts,
        "friend": friend,
    }


def save_hard_moment(data: dict, user: AbstractUser) -> None:
    """Add what is not already there; called inside `save`'s transaction."""
    if not data:
        return
    known = set(Urge.objects.filter(user=user).values_list("created", flat=True))
    Urge.objects.bulk_create(
        Urge(user=user, **urge) for urge in data["urges"] if urge["created"] not in known
    )
    reasons = list(ReasonToWait.objects.filter(user=user).values_list("text", flat=True))
    fresh = [text for text in dict.fromkeys(data["reasons"]) if text not in reasons]
    ReasonToWait.objects.bulk_create(
        ReasonToWait(user=user, text=text, order=len(reasons) + index)
        for index, text in enumerate(fresh)
    )
    periods = {(p.label, p.start, p.days): p for p in WaitingPeriod.objects.filter(user=user)}
    for contact in data["contacts"]:
        period = periods.get((contact["label"], contact["start"], contact["days"]))
        if period is None:
            raise ImportProblem(
                _("A practical contact belongs to a waiting period that is not in the file.")
            )
        LogisticsContact.objects.get_or_create(
            period=period, day=contact["day"], note=contact["note"]
        )
    friend = data["friend"]
    if friend and not (user.friend_name or user.friend_email):
        name, email = str(friend.get("name") or "")[:60], str(friend.get("email") or "")
        try:
            if email:
                validate_email(email)
        except ValidationError:
            raise ImportProblem(_("The friend's email address is not valid.")) from None
        user.friend_name, user.friend_email = name, email
        user.save(update_fields=["friend_name", "friend_email"])
