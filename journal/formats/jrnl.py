"""jrnl (jrnl.sh): its plain-text journal out, its JSON export (`jrnl --export json`) in.

jrnl reads a few things in a text its own way (jrnl 4.6, `journals/Entry.py` and
`journals/Journal.py`), so the writer words around exactly those, in ways jrnl shows as
the text itself, and the reader undoes exactly that:

| jrnl reads                                    | so the app writes                           |
|-----------------------------------------------|---------------------------------------------|
| a first line ending in `*` as a star, and     | a WORD JOINER (U+2060, unseen) after a      |
| strips `*` and spaces from both of its ends   | title's last `*`; before its first `*` when |
|                                               | the entry is starred                        |
| a line `[<more than 6 characters>] ` as the   | a `\\` before it; `[ ] call mum`, `[x]` and |
| date of a new entry (fewer is a footnote)     | `[link](…)` go as they are                  |
| `@` or `#` then `[-+*#/\\w]+`, after a space, | tags written in the text stay there;        |
| as a tag (its lower case)                     | others on a last line of their own          |

- Tags the text does not hold go on a last paragraph that ends with a WORD JOINER,
  which marks it as the app's: a person's own last line of tags (`@sleep @self_care`)
  stays their text. A tag jrnl can hold is written as it is (`@self_care`,
  `@rock+roll`); in one with spaces and no `_`, each space is `_` and a ZERO WIDTH
  NON-JOINER (U+200C) after it says so (`@no_contact`, jrnl's nearest); any other
  character jrnl would cut is %XX (jrnl keeps the part before it).
- On the way in, the tags are what jrnl's own pattern finds in the title and text, as
  written (jrnl lists them in lower case), and those on the app's line.
- jrnl needs a time: an entry without one is written at midnight, and midnight reads
  back as no time. It holds no mood, change, time zone or photos.

jrnl has no ids, so an entry is the same one when day, time, title and text match; two
identical entries in a journal are two entries.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from ..models import Entry, clean_tag
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

JOINER = "\u2060"  # WORD JOINER: shown as nothing, and no space to jrnl's strip()
SPACED = "\u200c"  # ZERO WIDTH NON-JOINER: this tag's `_` are spaces
# jrnl 4.6's own tag pattern, `Entry.tag_regex("#@")`, to the character.
JRNL_TAG = re.compile(r"(?<!\S)([#@][-+*#/\w]+)")
TAG_CHAR = re.compile(r"[-+*#/\w]")
TITLE_STAR_END = re.compile(r"\*" + JOINER + r"*\Z")
TITLE_STAR_START = re.compile(r"\A" + JOINER + r"*\*")
# What jrnl takes for a date: a line starting `[`, up to `] `; only more than 6
# characters inside can be one (shorter is "probably a markdown footnote" to jrnl).
DATE_LIKE = re.compile(r"^(\\*)\[([^\]]{7,})\] ", re.MULTILINE)
TAG_LINE = re.compile(r"(?:@[^\s@" + JOINER + SPACED + r"]+" + SPACED + r"?[ ]?)+" + JOINER)
TOKEN = re.compile(r"@([^\s@" + JOINER + SPACED + r"]+)(" + SPACED + r"?)")


def jrnl_tags(text: str) -> list[str]:
    """The tags jrnl 4.6 finds in a text, as written (jrnl itself lists them lower case)."""
    found: dict[str, str] = {}
    for match in JRNL_TAG.finditer(text):
        found.setdefault(match[1].lower(), match[1][1:])
    return list(found.values())


def encode_tag(name: str) -> str:
    """A tag as one jrnl word that jrnl reads as this tag where it can hold it."""
    spaced = " " in name and "_" not in name
    out = []
    for char in name:
        if char == " " and spaced:
            out.append("_")
        elif TAG_CHAR.fullmatch(char):
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode())
    return "@" + "".join(out) + (SPACED if spaced else "")


def decode_tag(token: str) -> str:
    found = TOKEN.fullmatch(token)
    if found is None:
        return token.lstrip("@")
    name = found[1].replace("_", " ") if found[2] else found[1]
    return urllib.parse.unquote(name)


def _body_with_tags(entry: Entry, entry_tags: list[str]) -> str:
    body = DATE_LIKE.sub(r"\\\1[\2] ", entry.body.strip("\n"))
    written = {t.lower() for t in jrnl_tags(entry.title + "\n" + entry.body)}
    extra = [t for t in entry_tags if t.lower() not in written]
    if extra:
        line = " ".join(encode_tag(t) for t in extra) + JOINER
        body = (body + "\n\n" if body else "") + line
    return body


def _title(entry: Entry) -> str:
    title = " ".join(entry.title.splitlines())
    if TITLE_STAR_END.search(title):
        title += JOINER
    if entry.starred and TITLE_STAR_START.match(title):
        title = JOINER + title
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


def _unescape_title(title: str, starred: bool) -> str:
    if re.search(r"\*" + JOINER + r"+\Z", title):
        title = title[:-1]
    if starred and re.match(r"\A" + JOINER + r"+\*", title):
        title = title[1:]
    return title


def _split_tags(body: str) -> tuple[str, list[str]]:
    """The text without the tag line the app wrote, and the tags on it."""
    head, _sep, last = body.rpartition("\n\n")
    if not TAG_LINE.fullmatch(last):
        return body, []
    return head, [decode_tag(token) for token in last.rstrip(JOINER).split()]


def _unescape_lines(body: str) -> str:
    return DATE_LIKE.sub(lambda m: m[1][1:] + "[" + m[2] + "] " if m[1] else m[0], body)


def parse(raw_entries: Sequence[object]) -> Parsed:
    found: list[ParsedEntry] = []
    seen: Counter[str] = Counter()
    for number, raw in enumerate(raw_entries, start=1):
        where = entry_where(number)
        if not isinstance(raw, dict):
            raise ImportProblem(_("%(where)s is not an object.") % {"where": where})
        day = date(raw.get("date"), where)
        starred = raw.get("starred") is True
        raw_title = text_field(raw, "title", where, required=False)
        raw_body = text_field(raw, "body", where, required=False)
        title = _unescape_title(raw_title.strip(), starred)
        body, line_tags = _split_tags(raw_body.strip("\n"))
        text_tags = jrnl_tags(title + "\n" + body)
        # jrnl lists what its pattern finds in the text; a file made otherwise may list
        # more, and those are kept too.
        seen_by_jrnl = {t.lower() for t in jrnl_tags(raw_title + "\n" + raw_body)}
        listed = [
            clean_tag(t)
            for t in tags(raw.get("tags"), where)
            if t.lower().lstrip("#@") not in seen_by_jrnl
        ]
        body = _unescape_lines(body)
        if not title:
            lines = body.strip().splitlines()
            title = lines[0].strip() if lines else _("Untitled")
        if len(title) > TITLE_MAX:
            body = title + "\n\n" + body
            title = shorten(title)
        at = time(raw.get("time"), where)
        # Two identical entries are two: the second of a kind gets a key of its own.
        key = stable_key("jrnl", raw.get("date"), raw.get("time"), raw_title, raw_body)
        seen[key] += 1
        found.append(
            ParsedEntry(
                day=day,
                title=title,
                body=body,
                tags=[*text_tags, *line_tags, *listed],
                import_key=key if seen[key] == 1 else stable_key(key, seen[key]),
                time=None if at == dt.time(0, 0) else at,
                starred=starred,
                inline_tags=False,
            )
        )
    parsed = Parsed("jrnl", found)
    parsed.match_by_content = True
    return parsed
