"""CSV: the entries, one row each, for a spreadsheet; read back by this app.

It holds each entry's day, time, time zone, title, text, mood, change, star, tags and
id, and leaves out photos, changes' answers, waiting periods and the hard moment.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

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
    text_field,
)
from .records import time as time_field
from .stream import entries, entry_id, tag_names

if TYPE_CHECKING:
    from ..auth import User

COLUMNS = [
    "day", "title", "mood", "focus", "body", "created", "updated", "time", "starred", "tags", "id",
    "timezone",
]  # fmt: skip
# A cell starting with one of these is a formula to a spreadsheet program:
# =HYPERLINK(…) sends data elsewhere, =cmd|… once ran programs (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object that hands back what is written, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def spreadsheet_safe(value: object) -> object:
    """`value` as a CSV cell that a spreadsheet shows as text, never runs as a formula.

    A text starting like a formula gets a leading single quote, as OWASP recommends.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
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
    yield row(COLUMNS)
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
            ]
        )


def _as_written(cell: str | list[str] | None) -> str | list[str] | None:
    """A cell without the quote the export puts before text that looks like a formula."""
    if isinstance(cell, str) and cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def parse(content: str) -> Parsed:
    reader = csv.DictReader(io.StringIO(normalise_newlines(content)))
    rows = ({name: _as_written(cell) for name, cell in row.items()} for row in reader)
    if not reader.fieldnames or not {"day", "title"} <= set(reader.fieldnames):
        raise ImportProblem(_("The CSV file needs at least the columns day and title."))
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
                    body=body,
                    mood=mood(row.get("mood"), where),
                    focus=row.get("focus") or None,
                    tags=[t for t in (row.get("tags") or "").split(",") if t.strip()],
                    import_key=row.get("id") or content_key(day, title, body),
                    time=time_field(row.get("time"), where),
                    starred=(row.get("starred") or "").lower() in ("yes", "true", "1"),
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
