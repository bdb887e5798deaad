"""CSV: the entries, one row each, for a spreadsheet; read back by this app.

It holds each entry's day, time, time zone, title, whether the title is a heading, text,
mood, change, star, tags and id, and leaves out photos, changes' answers, waiting
periods and the hard moment.

The header row is in English whatever the account's language (a spreadsheet made from
it reads the same everywhere); a header and a yes in any of the app's languages are
read. A cell that would start a formula gets a leading `'`, and so does one that starts
with `'` already: the reader takes exactly one off either, so `'=x` comes back `'=x`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from ..models import normalise_newlines
from .records import (
    ImportProblem,
    Parsed,
    ParsedEntry,
    check_count,
    content_key,
    date,
    moment,
    mood,
    no_photo,
    relink,
    text_field,
)
from .records import time as time_field
from .stream import OWN_IMAGE, entries, entry_id, tag_names

if TYPE_CHECKING:
    from ..auth import User

# Each column's English name, and its words in the catalogue (read in any language).
COLUMNS = {
    "day": pgettext_lazy("CSV column", "day"),
    "title": pgettext_lazy("CSV column", "title"),
    "mood": pgettext_lazy("CSV column", "mood"),
    "focus": pgettext_lazy("CSV column", "focus"),
    "body": pgettext_lazy("CSV column", "body"),
    "created": pgettext_lazy("CSV column", "created"),
    "updated": pgettext_lazy("CSV column", "updated"),
    "time": pgettext_lazy("CSV column", "time"),
    "starred": pgettext_lazy("CSV column", "starred"),
    "tags": pgettext_lazy("CSV column", "tags"),
    "id": pgettext_lazy("CSV column", "id"),
    "timezone": pgettext_lazy("CSV column", "timezone"),
    "heading": pgettext_lazy("CSV column", "heading"),
}
YES = pgettext_lazy("CSV value", "yes")
NO = pgettext_lazy("CSV value", "no")
# A cell starting with one of these is a formula to a spreadsheet program:
# =HYPERLINK(…) sends data elsewhere, =cmd|… once ran programs (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What gets the guard quote: a formula's start, and the quote itself, so that undoing
# one quote on the way in gives back a text that started with one.
GUARDED = (*FORMULA_STARTS, "'")


def in_every_language(word: object) -> set[str]:
    """A word of the catalogue as each of the app's languages says it, in lower case."""
    found = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found.add(str(word).strip().lower())
    return found


def _column_names() -> dict[str, str]:
    """Each header the reader knows, in any language, and the column it names."""
    names = {}
    for column, word in COLUMNS.items():
        names.update(dict.fromkeys(in_every_language(word), column))
        names[column] = column
    return names


class _Echo:
    """A file-like object that hands back what is written, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def spreadsheet_safe(value: object) -> object:
    """`value` as a CSV cell that a spreadsheet shows as text, never runs as a formula.

    A text starting like a formula gets a leading single quote, as OWASP recommends; so
    does one starting with a quote, so that the reader's one quote off is exact.
    """
    if isinstance(value, str) and value.startswith(GUARDED):
        return "'" + value
    return value


def export_csv(user: User) -> Iterator[str]:
    """The entries as CSV with a header row; every cell spreadsheet-safe."""
    writer = csv.writer(_Echo(), lineterminator="\n")

    def row(cells: Sequence[object]) -> str:
        # A lone CR is not quoted by a writer whose lines end in \n, and would split the row.
        cells = [normalise_newlines(c) if isinstance(c, str) else c for c in cells]
        return str(writer.writerow([spreadsheet_safe(cell) for cell in cells]))

    yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
    yield row(list(COLUMNS))
    names = tag_names(user)
    for entry in entries(user):
        yield row(
            [
                entry.day.isoformat(),
                entry.title,
                entry.mood or "",
                entry.focus.name if entry.focus else "",
                entry.body,
                entry.created.isoformat(),
                entry.updated.isoformat(),
                entry.time.strftime("%H:%M") if entry.time else "",
                "yes" if entry.starred else "",
                ", ".join(names.get(entry.pk, [])),
                entry_id(entry),
                entry.timezone,
                "yes" if entry.heading else "no",
            ]
        )


def _as_written(cell: str | list[str] | None) -> str | list[str] | None:
    """A cell without the one quote the export puts before text that starts like a
    formula or with a quote."""
    if isinstance(cell, str) and cell.startswith("'") and cell[1:].startswith(GUARDED):
        return cell[1:]
    return cell


def parse(content: str) -> Parsed:
    reader = csv.DictReader(io.StringIO(normalise_newlines(content)))
    known = _column_names()
    if reader.fieldnames:
        reader.fieldnames = [known.get(n.strip().lower(), n) for n in reader.fieldnames]
    rows = ({name: _as_written(cell) for name, cell in row.items()} for row in reader)
    if not reader.fieldnames or not {"day", "title"} <= set(reader.fieldnames):
        raise ImportProblem(_("The CSV file needs at least the columns day and title."))
    yes = in_every_language(YES) | {"yes", "true", "1"}
    no = in_every_language(NO) | {"no", "false", "0"}
    listed_tags = "tags" in reader.fieldnames
    found: list[ParsedEntry] = []
    try:
        for number, cells in enumerate(rows, start=1):
            where = _("Entry %(number)s (row %(row)s)") % {"number": number, "row": number + 1}
            if None in cells:
                raise ImportProblem(
                    _("%(where)s has more cells than the header.") % {"where": where}
                )
            # Only cells past the header come as a list (under None): every one left is
            # text, or None where the row is short.
            row = {name: cell for name, cell in cells.items() if not isinstance(cell, list)}
            check_count(found)
            day = date(row.get("day"), where)
            title = text_field(row, "title", where)
            body = row.get("body") or ""
            found.append(
                ParsedEntry(
                    day=day,
                    title=title,
                    body=relink(body, OWN_IMAGE, no_photo),
                    mood=mood(row.get("mood"), where),
                    focus=row.get("focus") or None,
                    tags=[t for t in (row.get("tags") or "").split(",") if t.strip()],
                    import_key=row.get("id") or content_key(day, title, body),
                    time=time_field(row.get("time"), where),
                    starred=(row.get("starred") or "").strip().lower() in yes,
                    heading=(row.get("heading") or "").strip().lower() not in no,
                    inline_tags=not listed_tags,
                    timezone=row.get("timezone") or "",
                    created=moment(row["created"], where) if row.get("created") else None,
                    updated=moment(row["updated"], where) if row.get("updated") else None,
                )
            )
    except csv.Error as error:
        raise ImportProblem(
            _("The CSV file is damaged (%(reason)s).") % {"reason": error}
        ) from None
    return Parsed("csv", found)
