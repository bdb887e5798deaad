"""Day One: its JSON export (Journal.json, or the zip with every journal and photos/)
in, and a zip Day One imports out.

- A photo stands where the text places it: `![](dayone-moment://<identifier>)` in Day
  One, one of the entry's own photo addresses here, and back again in the same place.
  A photo the zip does not hold leaves the text around it as it was.
- Each entry keeps its own time zone (an entry written in Los Angeles stays there), and
  `creationDate` and `modifiedDate` as when it was written and last changed.
- Each journal is a tag, "Day One: <name>" (renaming the tag renames the journal), and
  goes back out as its own `<name>.json`; an entry without one goes in Journal.json.
- A "# heading" first line is the title; without one, the title is the first line and
  stays in the text (`heading` False), and nothing is added on the way back.
- Day One's text is Markdown with escapes (`ESCAPES`): it is kept as Day One wrote it,
  since this app reads it as Markdown too, where each escape means what it meant there
  (and `\\#word` is no tag). Only a title, which is plain text here, has its escapes
  undone on the way in and written again on the way out.
- What Day One holds that this app cannot keep (locations, weather, audio...) is
  counted and named in the report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
import uuid
import zipfile
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from django.utils.translation import gettext as _

from ..models import Entry, EntryPhoto, normalise_newlines
from ..photos import MAX_PHOTOS, CleanImage, PhotoProblem, process
from .records import (
    TITLE_MAX,
    ImportProblem,
    Parsed,
    ParsedEntry,
    check_count,
    entry_where,
    parse_moment,
    relink,
    short,
    shorten,
    stable_key,
    text_field,
    zone,
)
from .records import tags as tag_list
from .stream import (
    OWN_IMAGE,
    ZipSink,
    entries,
    entry_id,
    entry_zone,
    photos_by_entry,
    read_file,
    tag_names,
)

if TYPE_CHECKING:
    from ..auth import User

KEPT = {
    "uuid", "creationDate", "modifiedDate", "timeZone", "text", "richText", "tags", "starred",
    "isPinned", "creationDevice", "creationDeviceType", "creationDeviceModel", "creationOSName",
    "creationOSVersion", "duration", "editingTime", "isAllDay", "photos",
}  # fmt: skip
NOT_KEPT = {"location", "weather", "audios", "videos", "pdfAttachments"}
MOMENT_LINK = re.compile(r"!\[([^\]\n]*)\]\(dayone-moment:/+(?:photo/)?([^)\s]+)\)")
HEADING = re.compile(r"#{1,6}[ \t]+(.*?)[ \t#]*")
# CommonMark's escapable characters: ASCII punctuation.
ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# What each of Day One's Markdown escapes means. The text keeps them as Day One wrote
# them, and this app's Markdown reads each the same way. A title is plain text: every
# escape is undone in it on the way in, and on the way out the characters that would
# mean something in a heading's line (True) are escaped again.
ESCAPES = {
    "\\": ("a backslash, not an escape", True),
    "#": ("a #: no heading, and no tag (\\#word)", True),
    "*": ("a *: no emphasis, no list", True),
    "_": ("an _: no emphasis", True),
    "`": ("a `: no code", True),
    "[": ("a [: no link", True),
    "]": ("a ]: no link", True),
    "<": ("a <: no tag or link", True),
    ".": ("a . after a number: no numbered list (1\\. First)", False),
    "-": ("a - at a line's start: no list (\\- item)", False),
    "+": ("a + at a line's start: no list", False),
    ">": ("a > at a line's start: no quote", False),
    "!": ("a ! before [: no image", False),
}
IN_TITLE = {char for char, (_meaning, in_title) in ESCAPES.items() if in_title}
JOURNAL_TAG = "Day One: "  # a journal's tag: "Day One: Travel"
DEFAULT_JOURNAL = "Journal"


def unescape(text: str) -> str:
    """Day One's Markdown escapes undone: `1\\. Item` is `1. Item` (for a title)."""
    return ESCAPE.sub(r"\1", text)


def escape_title(title: str) -> str:
    """A plain-text title as Markdown that shows it as it is, with Day One's escapes."""
    return "".join("\\" + char if char in IN_TITLE else char for char in title)


def journal_of(names: list[str]) -> tuple[str, list[str]]:
    """The Day One journal an entry's tags name, and its other tags."""
    for name in names:
        if name.lower().startswith(JOURNAL_TAG.lower()) and name[len(JOURNAL_TAG) :].strip():
            rest = [n for n in names if n != name]
            return name[len(JOURNAL_TAG) :].strip(), rest
    return DEFAULT_JOURNAL, names


def journal_file(name: str) -> str:
    return name.replace("/", "-").replace("\\", "-") + ".json"


def identifier(photo: EntryPhoto) -> str:
    """Day One's 32-hex-digit photo identifier, made from the photo's token."""
    return hashlib.sha1(photo.token.encode(), usedforsecurity=False).hexdigest()[:32].upper()


def _uuid(entry: Entry) -> str:
    """Day One's 32-hex-digit uuid: the entry's own, or one made from its import key."""
    try:
        return uuid.UUID(entry_id(entry)).hex.upper()
    except ValueError:
        return uuid.uuid5(uuid.NAMESPACE_URL, "reconnect:" + entry_id(entry)).hex.upper()


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _dayone_text(entry: Entry, photos: list[EntryPhoto]) -> str:
    """The entry as Day One's text, each photo where the text places it. A photo the text
    does not place is in the entry's photos all the same, and no link is made up for it."""
    ids = {p.token: identifier(p) for p in photos}

    def moment_link(match: re.Match[str]) -> str:
        token = match[2]
        return f"![{match[1]}](dayone-moment://{ids[token]})" if token in ids else match[0]

    body = OWN_IMAGE.sub(moment_link, entry.body)
    if not entry.heading:
        return body.lstrip("\n")
    return "# " + escape_title(entry.title) + ("\n" + body if body.strip() else "")


class DayOnePhoto(TypedDict):
    identifier: str
    md5: str
    type: str
    width: int
    height: int
    orderInEntry: int


class DayOneEntry(TypedDict):
    """An entry of Day One's Journal.json, as this app writes it."""

    uuid: str
    creationDate: str
    modifiedDate: str
    timeZone: str
    starred: bool
    isAllDay: bool
    tags: list[str]
    text: str
    photos: NotRequired[list[DayOnePhoto]]


def export_day_one(user: User) -> Iterator[bytes]:
    """A zip Day One imports: a `<journal>.json` for each journal, and photos/ named by
    each photo's md5."""
    names = tag_names(user)
    photos = photos_by_entry(user)
    sink = ZipSink()
    written: set[str] = set()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        journals: dict[str, list[DayOneEntry]] = {}
        for entry in entries(user):
            journal, entry_tags = journal_of(names.get(entry.pk, []))
            tz = entry_zone(entry, user)
            local = dt.datetime.combine(entry.day, entry.time or dt.time(0, 0), tzinfo=tz)
            own = photos.get(entry.pk, [])
            data: DayOneEntry = {
                "uuid": _uuid(entry),
                "creationDate": _utc(local),
                "modifiedDate": _utc(entry.updated),
                "timeZone": entry.timezone or user.timezone,
                "starred": entry.starred,
                "isAllDay": entry.time is None,
                "tags": entry_tags,
                "text": _dayone_text(entry, own),
            }
            attached: list[DayOnePhoto] = []
            for order, photo in enumerate(own):
                content = read_file(photo.image)
                digest = hashlib.md5(content, usedforsecurity=False).hexdigest()
                kind = "png" if photo.content_type == "image/png" else "jpeg"
                if digest not in written:  # the same picture on two entries is one file
                    archive.writestr(f"photos/{digest}.{kind}", content)
                    written.add(digest)
                attached.append(
                    {
                        "identifier": identifier(photo),
                        "md5": digest,
                        "type": kind,
                        "width": photo.width,
                        "height": photo.height,
                        "orderInEntry": order,
                    }
                )
                yield sink.take()
            if attached:
                data["photos"] = attached
            journals.setdefault(journal_file(journal), []).append(data)
        for name, found in journals.items():
            document = {"metadata": {"version": "1.0"}, "entries": found}
            archive.writestr(name, json.dumps(document, ensure_ascii=False, indent=2))
    yield sink.take()


# Reading Day One's export


def is_day_one(document: object) -> bool:
    return isinstance(document, dict) and "metadata" in document


def is_day_one_entry(first: object) -> bool:
    return isinstance(first, dict) and "creationDate" in first


def parse(documents: list[tuple[str, Any]], user: User, files: Mapping[str, bytes]) -> Parsed:
    """Every journal in the upload; a journal's name becomes its tag ("Day One: Travel")
    when there are several or it is not the default "Journal"."""
    found: list[ParsedEntry] = []
    lost: Counter[str] = Counter()
    by_md5 = {name.lower(): content for name, content in files.items()}
    for name, document in documents:
        if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
            raise ImportProblem(_("%(name)s is not a Day One journal.") % {"name": short(name)})
        journal = short(name).rsplit(".", 1)[0]
        several = len(documents) > 1 or journal != DEFAULT_JOURNAL
        journal_tag = JOURNAL_TAG + journal if several else ""
        check_count(found + document["entries"])
        for raw in document["entries"]:
            found.append(_entry(raw, len(found) + 1, user, journal_tag, lost, by_md5))
    parsed = Parsed("dayone", found)
    parsed.not_kept = lost
    return parsed


def _entry(
    raw: object,
    number: int,
    user: User,
    journal_tag: str,
    lost: Counter[str],
    files: Mapping[str, bytes],
) -> ParsedEntry:
    where = entry_where(number)
    if not isinstance(raw, dict):
        raise ImportProblem(_("%(where)s is not an object.") % {"where": where})
    value = raw.get("creationDate")
    moment = parse_moment(value)
    if moment is None:
        raise ImportProblem(
            _("%(where)s: the date '%(value)s' is not a date.")
            % {"where": where, "value": short(str(value))}
        )
    zone_name = raw.get("timeZone") or ""
    tz = zone(zone_name, where) if zone_name else user.tzinfo
    if not 1900 <= moment.year <= 9000:
        raise ImportProblem(
            _("%(where)s: the date '%(value)s' is too far from today.")
            % {"where": where, "value": short(str(value))}
        )
    local = (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone(tz)
    text = normalise_newlines(text_field(raw, "text", where, required=False))
    photos, missing = _photos(raw.get("photos"), files)
    lost["photos"] += missing

    def address(match: re.Match[str]) -> str | None:
        # Where Day One showed the photo, the photo itself (only its owner is served it).
        found = photos.get(match[2].upper())
        return f"/journal/photos/{found[0]}/full/" if found else None

    title, body, heading = _title_and_body(text)
    body = relink(body, MOMENT_LINK, address)
    if not body.strip():
        body = ""
    for name, detail in raw.items():
        if name in NOT_KEPT and detail:
            lost[name] += len(detail) if isinstance(detail, list) else 1
        elif name not in KEPT and name not in NOT_KEPT:
            lost["other"] += 1
    if not title:
        title = _("Photo") if raw.get("photos") else _("Untitled")
    found_tags = tag_list(raw.get("tags"), where)
    modified = parse_moment(raw.get("modifiedDate"))
    return ParsedEntry(
        day=local.date(),
        title=title,
        body=body,
        tags=[*found_tags, journal_tag] if journal_tag else found_tags,
        import_key=_import_key(raw.get("uuid"), value, text),
        time=None if raw.get("isAllDay") is True else local.time().replace(second=0, microsecond=0),
        starred=raw.get("starred") is True,
        timezone=zone_name,
        heading=heading,
        inline_tags=False,
        photos=list(photos.values()),
        created=moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC),
        updated=modified
        if modified is None or modified.tzinfo
        else modified.replace(tzinfo=dt.UTC),
    )


def _import_key(raw_uuid: object, created: object, text: str) -> str:
    """A Day One uuid that is a UUID keeps its value, so an entry this app exported to
    Day One (its uuid is the entry's own) is recognised when it comes back."""
    if isinstance(raw_uuid, str):
        try:
            return str(uuid.UUID(raw_uuid))
        except ValueError:
            pass
    return stable_key("dayone", raw_uuid or (created, text))


def _photos(
    value: object, files: Mapping[str, bytes]
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


def _title_and_body(text: str) -> tuple[str, str, bool]:
    """(title, body, heading). A "# Title" first line is the title and leaves the body;
    without one, the first line of text (not a photo) is the title and stays in the body.
    The body keeps Day One's escapes and its line breaks, so it goes back out as it came;
    the title, plain text, has its escapes undone."""
    text = text.lstrip("\n")
    first, _sep, rest = text.partition("\n")
    heading = HEADING.fullmatch(first)
    if heading and len(unescape(heading[1])) <= TITLE_MAX and heading[1].strip():
        return unescape(heading[1]), rest, True
    for line in text.splitlines():
        words = unescape(MOMENT_LINK.sub("", line)).strip()
        if words:
            return shorten(words), text, False
    return "", text, False
