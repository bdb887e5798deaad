"""Reading and checking records, whatever format they came in.

Every record goes through the model's own `full_clean`, the same day bounds as the
pages, and one check for text that cannot be stored (NUL, a lone surrogate); the first
problem is reported where it is ("Entry 12: ...") and nothing is cut short or saved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
import zoneinfo
from collections import Counter
from collections.abc import Callable, Sized
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from reconnect.lib import limits
from reconnect.lib.dates import EARLIEST_DAY

from ..forms import entry_day_problem
from ..models import (
    Change,
    Entry,
    ReadinessSnapshot,
    Reset,
    Situation,
    WaitingPeriod,
    clean_tag,
    inline_tags,
    normalise_newlines,
)
from ..photos import CleanImage

if TYPE_CHECKING:
    from ..auth import User
    from .day_moods import MoodRecords
    from .hard_moment import HardMomentRecords

# Stated on the import page; a bigger journal goes in several files. At this size the
# write transaction lasts a few seconds on a small machine, well inside the database busy
# timeout that other users' saves wait for (SQLite: 10 s, settings.py).
MAX_ENTRIES = limits.IMPORT_MAX_ENTRIES
TITLE_MAX = limits.TITLE_MAX
# NUL ends a string in PostgreSQL; a lone surrogate is not UTF-8, so no database takes it.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class ImportProblem(ValueError):
    """What is wrong with a file, in words for the person who uploaded it.

    A message may quote a value from the file; what no database can store (NUL, a lone
    surrogate) is shown as U+FFFD, so the message itself can always be saved.
    """

    def __init__(self, message: str) -> None:
        super().__init__(UNSTORABLE.sub("\ufffd", str(message)))


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
    timezone: str = ""  # the zone it was written in; "" for the account's
    heading: bool = True  # False: the title is the text's first line, not a heading
    created: dt.datetime | None = None  # kept from this app's own exports
    updated: dt.datetime | None = None
    inline_tags: bool = True  # False where the format's #words are not tags (Day One)
    lost: Counter[str] = field(default_factory=Counter)  # what the app could not keep
    entry: Entry | None = None  # the checked, unsaved model instance
    photos: list[tuple[str, CleanImage]] = field(default_factory=list)  # (token, image)


@dataclass
class Parsed:
    kind: str
    entries: list[ParsedEntry]
    changes: list[Change] = field(default_factory=list)
    periods: list[tuple[WaitingPeriod, list[Reset]]] = field(default_factory=list)
    situation: Situation | None = None
    snapshots: list[ReadinessSnapshot] = field(default_factory=list)
    not_kept: Counter[str] = field(default_factory=Counter)
    hard_moment: HardMomentRecords | None = None  # this app's own export only
    moods: MoodRecords | None = None  # this app's own export only
    # jrnl has no ids: an entry there is this one when day, time, title and body match.
    match_by_content: bool = False
    # The account's settings (this app's own export): applied only when the person asks.
    account: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    kind: str
    added: int
    already: int
    not_kept: str = ""


def short(name: str) -> str:
    """A file name or value as a message can quote it."""
    name = name.rsplit("/", 1)[-1]
    return name if len(name) <= 80 else name[:79] + "…"


def entry_where(number: int) -> str:
    return _("Entry %(number)s") % {"number": number}


def entry_labels() -> dict[str, str]:
    """An entry's fields as a message about the entry names them ("Entry 3: the text: ...")."""
    return {
        "title": _("the title"),
        "body": _("the text"),
        "mood": _("the mood"),
        "import_key": _("the id"),
        "timezone": _("the time zone"),
    }


def not_a_mood(where: str) -> str:
    return _("%(where)s: the mood must be a whole number from 1 to 5.") % {"where": where}


def unstorable(value: str) -> str:
    """Why a text cannot be stored, or "" if it can."""
    found = UNSTORABLE.search(value)
    if found is None:
        return ""
    return _("it holds a character that can't be stored (U+%(code)04X).") % {"code": ord(found[0])}


def check_storable(where: str, what: str, value: str) -> None:
    problem = unstorable(value)
    if problem:
        raise ImportProblem(f"{where}: {what}: {problem}")


def check_count(entries: Sized) -> None:
    if len(entries) > MAX_ENTRIES:
        raise ImportProblem(
            _(
                "The file has %(count)s entries; up to %(limit)s can be imported at once. "
                "Split it into smaller files (for example by year) and import each."
            )
            % {"count": f"{len(entries):,}", "limit": f"{MAX_ENTRIES:,}"}
        )


def validate(
    instance: models.Model, where: str, exclude: list[str], labels: dict[str, str] | None = None
) -> None:
    """The model's own field checks, as the pages' forms apply them, and storable text; the
    first problem in one sentence, "<where>: <field>: ...". `labels` name fields in the
    words a message about the record uses ("the text") where the model's are not those."""
    names = labels or {}

    def label_of(name: str) -> str:
        try:
            found = instance._meta.get_field(name)
        except FieldDoesNotExist:  # a check across fields names no field
            return names.get(name, name)
        verbose = found.verbose_name if isinstance(found, models.Field) else name
        return str(names.get(name, verbose))

    for model_field in instance._meta.concrete_fields:
        value = getattr(instance, model_field.attname, None)
        if isinstance(value, str):
            check_storable(where, label_of(model_field.name), value)
            # full_clean leaves a TextField's length to forms: checked here, never cut.
            limit = model_field.max_length if isinstance(model_field, models.TextField) else None
            if limit and len(value) > limit:
                raise ImportProblem(
                    _("%(where)s: %(field)s: longer than %(limit)s characters.")
                    % {"where": where, "field": label_of(model_field.name), "limit": f"{limit:,}"}
                )
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        field_name, messages = next(iter(error.message_dict.items()))
        raise ImportProblem(
            _("%(where)s: %(field)s: %(message)s")
            % {"where": where, "field": label_of(field_name), "message": messages[0]}
        ) from None


def finish(parsed: Parsed, user: User) -> Parsed:
    """Check every entry as the entry form would and render it, still outside any transaction."""
    check_count(parsed.entries)
    today = user.local_today()
    labels = entry_labels()
    for number, entry in enumerate(parsed.entries, start=1):
        where = entry_where(number)
        _check_entry(entry, where, today, labels)
        instance = Entry(
            user=user,
            day=entry.day,
            time=entry.time,
            title=entry.title,
            body=normalise_newlines(entry.body),
            mood=entry.mood,
            starred=entry.starred,
            import_key=entry.import_key,
            timezone=entry.timezone,
            heading=entry.heading,
        )
        validate(instance, where, exclude=["user", "focus", "tags"], labels=labels)
        names = [t for t in (clean_tag(t) for t in entry.tags) if t]
        if entry.inline_tags:
            names += inline_tags(instance.title + "\n" + instance.body)
        entry.tags = list(dict.fromkeys(names))
        instance.prepare(entry.tags)
        entry.entry = instance
    return parsed


def _check_entry(entry: ParsedEntry, where: str, today: dt.date, labels: dict[str, str]) -> None:
    """What the entry form checks and `full_clean` does not: text that can be stored, a
    mood that is a number, the day and the time zone."""
    for what, value in (
        (labels["title"], entry.title),
        (labels["body"], entry.body),
        (_("the change"), entry.focus or ""),
        (labels["timezone"], entry.timezone),
        *((_("a tag"), tag) for tag in entry.tags),
    ):
        if not isinstance(value, str):
            raise ImportProblem(_("%(where)s: a value should be text.") % {"where": where})
        check_storable(where, what, value)
    # The model would read "4" or true as a mood; a file's mood is a number or nothing.
    if entry.mood is not None and (not isinstance(entry.mood, int) or isinstance(entry.mood, bool)):
        raise ImportProblem(not_a_mood(where))
    problem = entry_day_problem(entry.day, today)
    if entry.day > today:
        problem = _("the date %(day)s is in the future.") % {"day": entry.day}
    if problem:
        raise ImportProblem(f"{where}: {problem}")
    if entry.timezone:
        zone(entry.timezone, where)


# Reading one field of a record


def stable_key(*parts: object) -> str:
    """A stable id made from where a record came from."""
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def content_key(day: dt.date, title: str, body: str) -> str:
    """The key of an entry of this app's that came without an id: its day, title and text,
    the same in every format, so it is recognised whichever way it comes back."""
    return stable_key("reconnect", day, title, body)


def text_field(record: dict[str, Any], name: str, where: str, *, required: bool = True) -> str:
    value = record.get(name, "")
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise ImportProblem(
            _("%(where)s: '%(key)s' should be text.") % {"where": where, "key": name}
        )
    if required and not value.strip():
        raise ImportProblem(_("%(where)s: '%(key)s' is empty.") % {"where": where, "key": name})
    return value


def date(value: object, where: str) -> dt.date:
    try:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value  # YAML reads an unquoted 2026-03-01 as a date
        if not isinstance(value, str):
            raise ValueError
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise ImportProblem(
            _("%(where)s: the date '%(value)s' is not a date.")
            % {"where": where, "value": short(str(value))}
        ) from None


def time(value: object, where: str) -> dt.time | None:
    if value in (None, ""):
        return None
    try:
        if not isinstance(value, str):
            raise ValueError
        return dt.time.fromisoformat(value).replace(second=0, microsecond=0, tzinfo=None)
    except ValueError:
        raise ImportProblem(
            _("%(where)s: the time '%(value)s' is not a time of day.")
            % {"where": where, "value": short(str(value))}
        ) from None


def parse_moment(value: object) -> dt.datetime | None:
    """An ISO 8601 date and time from a file, or None where it is not one."""
    try:
        return parse_datetime(value) if isinstance(value, str) else None
    except ValueError:  # well formed but impossible, such as 2024-02-30
        return None


def moment(value: object, where: str) -> dt.datetime:
    """An aware date and time from 1900 on, or ImportProblem."""
    found = parse_moment(value)
    if found is None:
        raise ImportProblem(
            _("%(where)s: '%(value)s' is not a date and time.")
            % {"where": where, "value": short(str(value))}
        )
    if not EARLIEST_DAY.year <= found.year <= 9000:
        raise ImportProblem(
            _("%(where)s: '%(value)s' is too far from today.")
            % {"where": where, "value": short(str(value))}
        )
    return found if found.tzinfo else found.replace(tzinfo=dt.UTC)


def optional_moment(value: object, where: str) -> dt.datetime | None:
    return moment(value, where) if value else None


def zone(name: object, where: str) -> zoneinfo.ZoneInfo:
    if not isinstance(name, str):
        raise ImportProblem(_("%(where)s: the time zone should be a name.") % {"where": where})
    try:
        if not name or UNSTORABLE.search(name):
            raise ValueError
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise ImportProblem(
            _("%(where)s: unknown time zone '%(zone)s'.") % {"where": where, "zone": short(name)}
        ) from None


def tags(value: object, where: str) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise ImportProblem(_("%(where)s: 'tags' should be a list of words.") % {"where": where})
    return value


def mood(value: object, where: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise ImportProblem(not_a_mood(where)) from None


def uid(value: object, where: str) -> uuid.UUID:
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


def list_of_objects(value: object, what: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ImportProblem(_("'%(what)s' should be a list of objects.") % {"what": what})
    return value


def shorten(title: str) -> str:
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1].rstrip() + "…"


# Photos placed in a text: ![description](address)


def no_photo(match: re.Match[str]) -> None:
    """For `relink`, in a file that brings no photos (Markdown, CSV, the JSON alone)."""
    return None


def relink(
    text: str, image: re.Pattern[str], address: Callable[[re.Match[str]], str | None]
) -> str:
    """`text` with each image `image` finds (its first group the description) moved to
    the address `address` gives it; one that came without its photo becomes its
    description, and one without a description goes, with its line if it stood alone.
    Text around it stays as it was: no broken image, no empty line, no paragraph lost."""

    # Where a photo without a description was: a character the text does not hold.
    gone = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in text)
    removed = False

    def place(match: re.Match[str]) -> str:
        nonlocal removed
        new = address(match)
        if new is not None:
            return f"![{match[1]}]({new})"
        removed = removed or not match[1]
        return match[1] or gone

    placed = image.sub(place, text)
    if not removed:
        return placed
    lines = placed.split("\n")
    kept: list[str] = []
    skip_blank = False
    for number, line in enumerate(lines):
        if line.strip() and not line.replace(gone, "").strip():
            # A line that held only photos goes, and with it a blank line that would
            # otherwise double the one after it (or lead or end the text).
            following = lines[number + 1] if number + 1 < len(lines) else None
            if kept and not kept[-1].strip() and (following is None or not following.strip()):
                kept.pop()
            skip_blank = not kept
            continue
        if skip_blank and not line.strip():
            skip_blank = False
            continue
        skip_blank = False
        kept.append(line.replace(gone, ""))
    return "\n".join(kept)
