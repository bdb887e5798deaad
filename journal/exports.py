"""Everything a user owns, out: JSON (re-importable), Markdown in a zip, and CSV.

Each export is a generator that reads the entries in chunks, so a journal of any
size streams out in constant memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator

from django.contrib.auth.models import AbstractUser
from django.utils import timezone
from django.utils.text import slugify

from .models import Entry, FocusArea, Situation, WaitingPeriod

SCHEMA = "reconnect/1"
CHUNK = 500


def _entries(user: AbstractUser):
    return (
        Entry.objects.filter(user=user)
        .select_related("focus")
        .defer("body_html")
        .order_by("day", "created")
        .iterator(chunk_size=CHUNK)
    )


def entry_data(entry: Entry) -> dict:
    return {
        "day": entry.day.isoformat(),
        "title": entry.title,
        "body": entry.body,
        "mood": entry.mood,
        "focus": entry.focus.name if entry.focus else None,
        "created": entry.created.isoformat(),
        "updated": entry.updated.isoformat(),
        "import_key": entry.import_key,
    }


def export_json(user: AbstractUser) -> Iterator[str]:
    """The whole account as one JSON document, in the form `importers` reads back."""
    areas = [
        {
            "name": a.name,
            "about_breakup": a.about_breakup,
            "need_to_fix": a.need_to_fix,
            "want_to_fix": a.want_to_fix,
            "for_myself": a.for_myself,
            "notes": a.notes,
            "archived": a.archived,
        }
        for a in FocusArea.objects.filter(user=user).order_by("name")
    ]
    periods = [
        {
            "label": p.label,
            "purpose": p.purpose,
            "start": p.start.isoformat(),
            "days": p.days,
            "started_at": p.started_at.isoformat(),
            "resets": [
                {
                    "run_started_at": r.run_started_at.isoformat(),
                    "at": r.at.isoformat(),
                    "note": r.note,
                }
                for r in sorted(p.resets.all(), key=lambda r: r.at)
            ],
        }
        for p in WaitingPeriod.objects.filter(user=user)
        .prefetch_related("resets")
        .order_by("created")
    ]
    situation = Situation.objects.filter(user=user).first()
    head = {
        "schema": SCHEMA,
        "exported_at": timezone.now().isoformat(),
        "account": {"username": user.get_username(), "timezone": user.timezone},
        "focus_areas": areas,
        "waiting_periods": periods,
        "situation": _situation_data(situation) if situation else None,
    }
    # Write the small parts, then stream the entries into the last key.
    yield json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "entries": ['
    for index, entry in enumerate(_entries(user)):
        yield ("," if index else "") + "\n  " + json.dumps(entry_data(entry), ensure_ascii=False)
    yield "\n ]\n}\n"


def _situation_data(situation: Situation) -> dict:
    values = {name: getattr(situation, name) for name in Situation.ANSWERS}
    return {
        name: value.isoformat() if isinstance(value, dt.date) else value
        for name, value in values.items()
    }


class _Echo:
    """A file-like object that hands back what is written, for csv.writer."""

    def write(self, value: str) -> str:
        return value


# A cell starting with one of these is a formula to a spreadsheet program:
# =HYPERLINK(…) sends data elsewhere, =cmd|… once ran programs (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """`value` as a CSV cell that a spreadsheet shows as text, never runs as a formula.

    A text starting like a formula gets a leading single quote, as OWASP recommends.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_csv(user: AbstractUser) -> Iterator[str]:
    """The entries as CSV, one row each, with a header row; every cell spreadsheet-safe."""
    writer = csv.writer(_Echo())

    def row(cells: list[object]) -> str:
        return writer.writerow([spreadsheet_safe(cell) for cell in cells])

    yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
    yield row(["day", "title", "mood", "focus", "body", "created", "updated"])
    for entry in _entries(user):
        yield row(
            [
                entry.day.isoformat(),
                entry.title,
                entry.mood or "",
                entry.focus.name if entry.focus else "",
                entry.body,
                entry.created.isoformat(),
                entry.updated.isoformat(),
            ]
        )


class _ZipSink(io.RawIOBase):
    """Collects what zipfile writes so it can be streamed out piece by piece."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def _front_matter(entry: Entry) -> str:
    lines = ["---", f"title: {json.dumps(entry.title, ensure_ascii=False)}", f"day: {entry.day}"]
    if entry.mood:
        lines.append(f"mood: {entry.mood}")
    if entry.focus:
        lines.append(f"focus: {json.dumps(entry.focus.name, ensure_ascii=False)}")
    return "\n".join([*lines, "---", ""])


def entry_filename(entry: Entry) -> str:
    return f"entries/{entry.day}-{slugify(entry.title)[:60] or 'entry'}-{entry.pk}.md"


def export_markdown(user: AbstractUser) -> Iterator[bytes]:
    """A zip of Markdown files, one an entry with front matter, and an index.md."""
    sink = _ZipSink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in _entries(user):
            info = zipfile.ZipInfo(entry_filename(entry), date_time=_zip_time(entry.updated))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(
                info, _front_matter(entry) + "\n# " + entry.title + "\n\n" + entry.body
            )
            yield sink.take()
        index = ["# Journal of " + user.get_username(), ""]
        for entry in _entries(user):
            index.append(f"- {entry.day}: [{entry.title}]({entry_filename(entry)})")
        archive.writestr("index.md", "\n".join(index) + "\n")
    yield sink.take()


def _zip_time(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    moment = max(moment, dt.datetime(1980, 1, 1, tzinfo=dt.UTC))
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
