"""jrnl (jrnl.sh): its plain-text journal out, its JSON export (`jrnl --export json`) in.

jrnl reads a few things in a text its own way, so the writer words around them and the
reader undoes exactly that:

- a first line ending in `*` marks a star, and jrnl strips `*` from both ends of it:
  a title ending (or starting) with `*` gets a backslash beside it, `Wow*\\`;
- a line starting with `[` may be read as the date of a new entry: it gets a leading
  backslash, `\\[2026-01-01 09:00] ...`;
- jrnl's tags are single words: tags not written in the text go on a last line,
  `@no_contact @rock%26roll`, a space as `_`, anything else jrnl would cut as %XX;
- jrnl needs a time: an entry without one is written at midnight, and midnight reads
  back as no time;
- it holds no mood, change, time zone or photos.

jrnl has no ids, so an entry is the same one when day, time, title and text match:
the app, then jrnl, then the app again adds nothing twice and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from ..models import Entry, clean_tag, inline_tags
from .records import (
    TITLE_MAX,
    ImportProblem,
    Parsed,
    ParsedEntry,
    date,
    entry_where,
    shorten,
    stable_key,
    tags,
    text_field,
    time,
)
from .stream import entries, tag_names

if TYPE_CHECKING:
    from ..auth import User

TITLE_STAR_END = re.compile(r"\*\\*\Z")
TITLE_STAR_START = re.compile(r"\A\\*\*")
LINE_BRACKET = re.compile(r"^(\\*)\[", re.MULTILINE)
TAG_TOKEN = re.compile(r"@[^\s@]+")
TAG_KEEP = re.compile(r"[^\W_]|-")  # what a jrnl tag may hold as it is


def encode_tag(name: str) -> str:
    """A tag as one jrnl word: a space as _, whatever else jrnl would cut as %XX."""
    out = []
    for char in name:
        if char == " ":
            out.append("_")
        elif TAG_KEEP.fullmatch(char):
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode())
    return "@" + "".join(out)


def decode_tag(token: str) -> str:
    return urllib.parse.unquote(token.lstrip("@").replace("_", " "))


def _tag_line(line: str) -> bool:
    words = line.split()
    return bool(words) and all(TAG_TOKEN.fullmatch(word) for word in words)


def _body_with_tags(entry: Entry, entry_tags: list[str]) -> str:
    body = LINE_BRACKET.sub(r"\\\1[", entry.body.strip("\n"))
    written = {t.lower() for t in inline_tags(entry.title + "\n" + entry.body)}
    extra = [t for t in entry_tags if t.lower() not in written]
    paragraphs = body.rsplit("\n\n", 1)
    if not extra and _tag_line(paragraphs[-1]):
        extra = entry_tags  # so the reader takes the last line, not the text's own, as tags
    if extra:
        body = (body + "\n\n" if body else "") + " ".join(encode_tag(t) for t in extra)
    return body


def _title(entry: Entry) -> str:
    title = " ".join(entry.title.splitlines())
    if TITLE_STAR_END.search(title):
        title += "\\"
    if TITLE_STAR_START.match(title):
        title = "\\" + title
    return title


def export_jrnl(user: User) -> Iterator[str]:
    """jrnl's journal file, as `jrnl --import` reads it with jrnl's default settings:
    "[2026-03-01 09:40:00 PM] Title *", then the text; a blank line between entries."""
    names = tag_names(user)
    for index, entry in enumerate(entries(user)):
        moment = dt.datetime.combine(entry.day, entry.time or dt.time(0, 0))
        head = f"[{moment:%Y-%m-%d %I:%M:%S %p}] {_title(entry)}" + (" *" if entry.starred else "")
        body = _body_with_tags(entry, names.get(entry.pk, []))
        yield ("\n" if index else "") + head + ("\n" + body if body else "") + "\n"


# Reading jrnl's JSON export


def is_jrnl(first: object) -> bool:
    return isinstance(first, dict) and "date" in first and "body" in first


def _unescape_title(title: str) -> str:
    if re.search(r"\*\\+\Z", title):
        title = title[:-1]
    if re.match(r"\A\\+\*", title):
        title = title[1:]
    return title


def _split_tags(body: str) -> tuple[str, list[str]]:
    """The text without the tag line the writer added, and the tags on it."""
    head, _sep, last = body.rpartition("\n\n")
    if not _tag_line(last):
        return body, []
    return head, [decode_tag(token) for token in last.split()]


def parse(raw_entries: Sequence[object]) -> Parsed:
    found: list[ParsedEntry] = []
    for number, raw in enumerate(raw_entries, start=1):
        where = entry_where(number)
        if not isinstance(raw, dict):
            raise ImportProblem(_("%(where)s is not an object.") % {"where": where})
        day = date(raw.get("date"), where)
        title = _unescape_title(text_field(raw, "title", where, required=False).strip())
        body, line_tags = _split_tags(text_field(raw, "body", where, required=False).strip("\n"))
        body = LINE_BRACKET.sub(lambda m: m[1][1:] + "[" if m[1] else "[", body)
        if not title:
            lines = body.strip().splitlines()
            title = lines[0].strip() if lines else _("Untitled")
        if len(title) > TITLE_MAX:
            body = title + "\n\n" + body
            title = shorten(title)
        # jrnl lists every tag it sees in lower case, the tag line's too: only those the
        # app would not find itself are added.
        have = {t.lower() for t in [*line_tags, *inline_tags(title + "\n" + body)]}
        tokens = [encode_tag(t).lower() for t in line_tags]
        jrnl_tags = [
            t
            for t in tags(raw.get("tags"), where)
            if clean_tag(t).lower() not in have
            and not any(token.startswith(t.lower()) for token in tokens)
        ]
        at = time(raw.get("time"), where)
        found.append(
            ParsedEntry(
                day=day,
                title=title,
                body=body,
                tags=[*line_tags, *jrnl_tags],
                import_key=stable_key(
                    "jrnl", raw.get("date"), raw.get("time"), raw.get("title"), raw.get("body")
                ),
                time=None if at == dt.time(0, 0) else at,
                starred=raw.get("starred") is True,
            )
        )
    parsed = Parsed("jrnl", found)
    parsed.match_by_content = True
    return parsed
