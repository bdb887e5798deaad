"""Day One: its JSON export (Journal.json, or the zip with every journal and photos/)
in, and a zip Day One imports out.

- A photo stands where the text places it: `![](dayone-moment://<identifier>)` in Day
  One, one of the entry's own photo addresses here, and back again in the same place.
- Each entry keeps its own time zone: an entry written in Los Angeles stays there.
- A "# heading" first line is the title; without one, the title is the first line and
  stays in the text (`heading` False), and nothing is added on the way back.
- Day One escapes Markdown (`1\\. Item`, `\\#word`): escapes are undone on the way in, so
  the stored text is what the person wrote, and Day One's tags are its only tags (an
  escaped `\\#word` is no tag); on the way out backslashes are doubled, so they survive.
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
    short,
    shorten,
    stable_key,
    text_field,
    zone,
)
from .records import tags as tag_list
from .stream import (
    PHOTO_LINK,
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
OWN_PHOTO = re.compile(r"!\[([^\]\n]*)\]\(" + PHOTO_LINK.pattern + r"\)")
HEADING = re.compile(r"#{1,6}[ \t]+(.*?)[ \t#]*")
# CommonMark's escapable characters: ASCII punctuation.
ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape(text: str) -> str:
    """Day One's Markdown escapes undone: `1\\. Item` is `1. Item`."""
    return ESCAPE.sub(r"\1", text)


def escape(text: str) -> str:
    """The inverse of `unescape` for any text: every backslash doubled."""
    return text.replace("\\", "\\\\")


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

    body = OWN_PHOTO.sub(moment_link, escape(entry.body))
    if not entry.heading:
        return body.lstrip("\n")
    return "# " + escape(entry.title) + ("\n\n" + body.lstrip("\n") if body.strip() else "")


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
    """A zip Day One imports: Journal.json, and photos/ named by each photo's md5."""
    names = tag_names(user)
    photos = photos_by_entry(user)
    sink = ZipSink()
    written: set[str] = set()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        found: list[DayOneEntry] = []
        for entry in entries(user):
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
                "tags": names.get(entry.pk, []),
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
            found.append(data)
        document = {"metadata": {"version": "1.0"}, "entries": found}
        archive.writestr("Journal.json", json.dumps(document, ensure_ascii=False, indent=2))
    yield sink.take()


# Reading Day One's export


def is_day_one(document: object) -> bool:
    return isinstance(document, dict) and "metadata" in document


def is_day_one_entry(first: object) -> bool:
    return isinstance(first, dict) and "creationDate" in first


def parse(documents: list[tuple[str, Any]], user: User, files: Mapping[str, bytes]) -> Parsed:
    """Every journal in the upload; a journal's name becomes a tag when there are several
    or it is not the default "Journal"."""
    found: list[ParsedEntry] = []
    lost: Counter[str] = Counter()
    by_md5 = {name.lower(): content for name, content in files.items()}
    for name, document in documents:
        if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
            raise ImportProblem(_("%(name)s is not a Day One journal.") % {"name": short(name)})
        journal = short(name).rsplit(".", 1)[0]
        journal_tag = journal if (len(documents) > 1 or journal != "Journal") else ""
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

    def place(match: re.Match[str]) -> str:
        # Where Day One showed the photo, the photo itself (only its owner is served it).
        found = photos.get(match[2].upper())
        return f"![{match[1]}](/journal/photos/{found[0]}/full/)" if found else "\x00"

    title, body, heading = _title_and_body(text)
    # A photo that is not in the zip leaves no empty line behind.
    body = re.sub("\x00\n?", "", MOMENT_LINK.sub(place, body)).strip("\n")
    for name, detail in raw.items():
        if name in NOT_KEPT and detail:
            lost[name] += len(detail) if isinstance(detail, list) else 1
        elif name not in KEPT and name not in NOT_KEPT:
            lost["other"] += 1
    if not title:
        title = _("Photo") if raw.get("photos") else _("Untitled")
    found_tags = tag_list(raw.get("tags"), where)
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
    without one, the first line of text (not a photo) is the title and stays in the body."""
    stripped = text.strip("\n")
    first, _sep, rest = stripped.partition("\n")
    heading = HEADING.fullmatch(first)
    if heading and len(unescape(heading[1])) <= TITLE_MAX and heading[1].strip():
        return unescape(heading[1]), unescape(rest.strip("\n")), True
    body = unescape(stripped)
    for line in body.splitlines():
        words = MOMENT_LINK.sub("", line).strip()
        if words:
            return shorten(words), body, False
    return "", body, False
