"""The Markdown zip: one file an entry, its details in YAML front matter, readable in
any editor and read back by this app; with an index and a page of the hard moments.

Front matter is written and read by PyYAML, so every YAML reader types it right: the
time is quoted text ("10:00", never the number 600), tags a list. It leaves out photos,
changes' answers and waiting periods.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

import yaml
from django.utils.text import slugify
from django.utils.translation import gettext as _

from reconnect.lib.frontmatter import FrontMatterError, split_front_matter

from ..models import Entry, normalise_newlines
from . import hard_moment
from .records import (
    ImportProblem,
    Parsed,
    ParsedEntry,
    content_key,
    date,
    moment,
    mood,
    no_photo,
    relink,
    short,
    tags,
    time,
)
from .stream import OWN_IMAGE, ZipSink, entries, entry_id, tag_names, zip_time

if TYPE_CHECKING:
    from ..auth import User


def front_matter(entry: Entry, tag_list: list[str]) -> str:
    meta: dict[str, object] = {"title": entry.title, "day": entry.day}
    if entry.time:
        meta["time"] = entry.time.strftime("%H:%M")
    if entry.timezone:
        meta["timezone"] = entry.timezone
    if entry.mood:
        meta["mood"] = entry.mood
    if entry.focus:
        meta["focus"] = entry.focus.name
    if entry.starred:
        meta["starred"] = True
    meta["tags"] = tag_list  # all of them, [] too: its #words are not read as more
    if not entry.heading:
        meta["heading"] = False
    meta["id"] = entry_id(entry)
    meta["created"] = entry.created.isoformat()
    meta["updated"] = entry.updated.isoformat()
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return "---\n" + dumped + "---\n"


def entry_text(entry: Entry, tag_list: list[str]) -> str:
    heading = f"\n# {entry.title}\n\n" if entry.heading else "\n"
    return front_matter(entry, tag_list) + heading + str(entry.body)


def entry_filename(entry: Entry) -> str:
    return f"entries/{entry.day}-{slugify(entry.title)[:60] or 'entry'}-{entry.pk}.md"


def export_markdown(user: User) -> Iterator[bytes]:
    """A zip of Markdown files, one an entry, an index.md and hard-moments.md."""
    sink = ZipSink()
    names = tag_names(user)
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in entries(user):
            info = zipfile.ZipInfo(entry_filename(entry), date_time=zip_time(entry.updated))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entry_text(entry, names.get(entry.pk, [])))
            yield sink.take()
        index = ["# " + _("Journal of %(name)s") % {"name": user.get_username()}, ""]
        for entry in entries(user):
            index.append(f"- {entry.day}: [{entry.title}]({entry_filename(entry)})")
        archive.writestr("hard-moments.md", hard_moment.markdown(user))
        archive.writestr("index.md", "\n".join(index) + "\n")
    yield sink.take()


def _front_matter(content: str, where: str) -> tuple[dict[str, object], str]:
    """An entry file's front matter and the text after it, or the problem, in its words."""
    try:
        found = split_front_matter(content)
    except FrontMatterError as error:
        if not error.problem:
            raise ImportProblem(
                _("%(where)s: the front matter should be names and values.") % {"where": where}
            ) from None
        raise ImportProblem(
            _("%(where)s: the front matter is not readable (%(reason)s).")
            % {"where": where, "reason": error.problem}
        ) from None
    if found is None:
        raise ImportProblem(
            _("%(where)s has no front matter (the lines between ---).") % {"where": where}
        )
    return found


def _meta_text(meta: dict[str, object], name: str, where: str) -> str:
    value = meta.get(name)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ImportProblem(
            _("%(where)s: '%(key)s' should be text.") % {"where": where, "key": name}
        )
    return str(value)


def _moment(meta: dict[str, object], name: str, where: str) -> dt.datetime | None:
    value = meta.get(name)
    if isinstance(value, dt.datetime):
        value = value.isoformat()
    return moment(value, where) if value else None


def parse(files: list[tuple[str, str]]) -> Parsed:
    found = []
    for number, (name, content) in enumerate(sorted(files), start=1):
        where = _("Entry %(number)s (%(name)s)") % {"number": number, "name": short(name)}
        meta, body = _front_matter(normalise_newlines(content), where)
        body = body.lstrip("\n")
        title = _meta_text(meta, "title", where).strip()
        heading = meta.get("heading") is not False
        if heading and title and body.startswith(f"# {title}\n"):
            body = body[len(title) + 3 :].lstrip("\n")
        elif heading and title and body.rstrip("\n") == "# " + title:
            body = ""
        day = date(meta.get("day"), where)
        raw_tags = meta.get("tags")
        if isinstance(raw_tags, str):  # files from before tags were a list
            raw_tags = [t for t in raw_tags.split(",") if t.strip()]
        raw_time = meta.get("time")
        if isinstance(raw_time, int) and not isinstance(raw_time, bool):
            # An unquoted 10:00 is a base-60 number to YAML 1.1 readers: 600.
            raw_time = f"{raw_time // 60:02d}:{raw_time % 60:02d}" if raw_time < 1440 else ""
        found.append(
            ParsedEntry(
                day=day,
                title=title or _("Untitled"),
                body=relink(body, OWN_IMAGE, no_photo),
                mood=mood(meta.get("mood"), where),
                focus=_meta_text(meta, "focus", where) or None,
                tags=tags(raw_tags, where),
                # A file that lists its tags has them all; only older ones are read for #words.
                inline_tags="tags" not in meta,
                import_key=_meta_text(meta, "id", where) or content_key(day, title, body),
                time=time(raw_time if raw_time is None else str(raw_time), where),
                starred=meta.get("starred") is True or str(meta.get("starred")).lower() == "true",
                timezone=_meta_text(meta, "timezone", where),
                heading=heading,
                created=_moment(meta, "created", where),
                updated=_moment(meta, "updated", where),
            )
        )
    return Parsed("markdown", found)
