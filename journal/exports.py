"""Everything a user owns, out: JSON (re-importable), Markdown in a zip, and CSV.

Each export is a generator that reads the entries in chunks, so a journal of any
size streams out in constant memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import uuid
import zipfile
from collections.abc import Iterator

from django.contrib.auth.models import AbstractUser
from django.utils import timezone
from django.utils.text import slugify

from .models import (
    Entry,
    EntryPhoto,
    FocusArea,
    LogisticsContact,
    ReadinessSnapshot,
    ReasonToWait,
    Situation,
    Trigger,
    Urge,
    WaitingPeriod,
    inline_tags,
    normalise_newlines,
)

SCHEMA = "reconnect/1"
CHUNK = 500


def _entries(user: AbstractUser):
    return (
        Entry.objects.filter(user=user)
        .select_related("focus")
        .defer("body_html", "search_text")
        .order_by("day", "time", "created")
        .iterator(chunk_size=CHUNK)
    )


def tag_names(user: AbstractUser) -> dict[int, list[str]]:
    """Each tagged entry's tag names, in one query (small: a pair of ids per tag use)."""
    names: dict[int, list[str]] = {}
    through = Entry.tags.through.objects.filter(entry__user=user)
    for entry_id, name in through.order_by("tag__name").values_list("entry_id", "tag__name"):
        names.setdefault(entry_id, []).append(name)
    return names


def entry_id(entry: Entry) -> str:
    """An entry's stable id: where it was imported from, or its own uid."""
    return entry.import_key or str(entry.uid)


def entry_data(entry: Entry, tags: list[str]) -> dict:
    return {
        "id": entry_id(entry),
        "day": entry.day.isoformat(),
        "time": entry.time.strftime("%H:%M") if entry.time else None,
        "starred": entry.starred,
        "tags": tags,
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
            "id": str(a.uid),
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
            "id": str(p.uid),
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
        "readiness_history": [
            {
                "at": s.at.isoformat(),
                "state": s.state,
                "met": s.met,
                "total": s.total,
                "conditions": s.conditions,
            }
            for s in ReadinessSnapshot.objects.filter(user=user).order_by("at")
        ],
    }
    head.update(hard_moment_data(user))
    # Write the small parts, then stream the entries into the last key.
    yield json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "entries": ['
    tags = tag_names(user)
    for index, entry in enumerate(_entries(user)):
        data = entry_data(entry, tags.get(entry.pk, []))
        yield ("," if index else "") + "\n  " + json.dumps(data, ensure_ascii=False)
    yield "\n ]\n}\n"


def _situation_data(situation: Situation) -> dict:
    values = {name: getattr(situation, name) for name in Situation.ANSWERS}
    return {
        name: value.isoformat() if isinstance(value, dt.date) else value
        for name, value in values.items()
    }


CSV_COLUMNS = [
    "day", "title", "mood", "focus", "body", "created", "updated", "time", "starred", "tags", "id",
]  # fmt: skip


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
    writer = csv.writer(_Echo(), lineterminator="\n")

    def row(cells: list[object]) -> str:
        # A lone CR is not quoted by a writer whose lines end in \n, and would split the row.
        cells = [normalise_newlines(c) if isinstance(c, str) else c for c in cells]
        return writer.writerow([spreadsheet_safe(cell) for cell in cells])

    yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
    yield row(CSV_COLUMNS)
    tags = tag_names(user)
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
                entry.time.strftime("%H:%M") if entry.time else "",
                "yes" if entry.starred else "",
                ", ".join(tags.get(entry.pk, [])),
                entry_id(entry),
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


def _front_matter(entry: Entry, tags: list[str]) -> str:
    lines = ["---", f"title: {json.dumps(entry.title, ensure_ascii=False)}", f"day: {entry.day}"]
    if entry.mood:
        lines.append(f"mood: {entry.mood}")
    if entry.focus:
        lines.append(f"focus: {json.dumps(entry.focus.name, ensure_ascii=False)}")
    if entry.time:
        lines.append(f"time: {entry.time:%H:%M}")
    if entry.starred:
        lines.append("starred: true")
    if tags:
        lines.append(f"tags: {json.dumps(', '.join(tags), ensure_ascii=False)}")
    lines.append(f"id: {json.dumps(entry_id(entry))}")
    return "\n".join([*lines, "---", ""])


def entry_filename(entry: Entry) -> str:
    return f"entries/{entry.day}-{slugify(entry.title)[:60] or 'entry'}-{entry.pk}.md"


def export_markdown(user: AbstractUser) -> Iterator[bytes]:
    """A zip of Markdown files, one an entry with front matter, and an index.md."""
    sink = _ZipSink()
    tags = tag_names(user)
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in _entries(user):
            info = zipfile.ZipInfo(entry_filename(entry), date_time=_zip_time(entry.updated))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(
                info,
                _front_matter(entry, tags.get(entry.pk, []))
                + "\n# "
                + entry.title
                + "\n\n"
                + entry.body,
            )
            yield sink.take()
        index = ["# Journal of " + user.get_username(), ""]
        for entry in _entries(user):
            index.append(f"- {entry.day}: [{entry.title}]({entry_filename(entry)})")
        archive.writestr("hard-moments.md", hard_moment_markdown(user))
        archive.writestr("index.md", "\n".join(index) + "\n")
    yield sink.take()


def _zip_time(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    moment = max(moment, dt.datetime(1980, 1, 1, tzinfo=dt.UTC))
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


# Formats other journal apps read back


def _jrnl_tag(name: str) -> str:
    """jrnl's tags are single words after @; spaces become hyphens."""
    return "@" + "-".join(name.split())


def export_jrnl(user: AbstractUser) -> Iterator[str]:
    """jrnl's plain-text journal, as `jrnl --import` reads it with jrnl's default settings:
    "[2026-03-01 09:40:00 PM] Title *" then the body, entries separated by a blank line.
    Tags not already written in the text are added as @tags at the end of the body."""
    tags = tag_names(user)
    for index, entry in enumerate(_entries(user)):
        moment = dt.datetime.combine(entry.day, entry.time or dt.time(9, 0))
        title = " ".join(entry.title.split())
        head = f"[{moment:%Y-%m-%d %I:%M:%S %p}] {title}" + (" *" if entry.starred else "")
        body = entry.body.strip("\n")
        written = {t.lower() for t in inline_tags(entry.title + "\n" + entry.body)}
        extra = [_jrnl_tag(t) for t in tags.get(entry.pk, []) if t.lower() not in written]
        if extra:
            body = (body + "\n\n" if body else "") + " ".join(extra)
        yield ("\n" if index else "") + head + ("\n" + body if body else "") + "\n"


def _day_one_uuid(entry: Entry) -> str:
    """Day One's 32-hex-digit uuid: the entry's own, or one made from its import key."""
    try:
        return uuid.UUID(entry_id(entry)).hex.upper()
    except ValueError:
        return uuid.uuid5(uuid.NAMESPACE_URL, "reconnect:" + entry_id(entry)).hex.upper()


def export_day_one(user: AbstractUser) -> Iterator[bytes]:
    """A zip Day One imports: Journal.json, and photos/ with each entry's photos, linked
    from the text with dayone-moment:// as Day One writes them."""
    tz = user.tzinfo
    tags = tag_names(user)
    photos: dict[int, list[EntryPhoto]] = {}
    for photo in EntryPhoto.objects.filter(user=user, state=EntryPhoto.State.READY).order_by(
        "entry_id", "created", "pk"
    ):
        photos.setdefault(photo.entry_id, []).append(photo)
    sink = _ZipSink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        entries = []
        for entry in _entries(user):
            local = dt.datetime.combine(entry.day, entry.time or dt.time(0, 0), tzinfo=tz)
            text = "# " + entry.title + ("\n\n" + entry.body if entry.body else "")
            data: dict = {
                "uuid": _day_one_uuid(entry),
                "creationDate": local.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "modifiedDate": entry.updated.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "timeZone": user.timezone,
                "starred": entry.starred,
                "isAllDay": entry.time is None,
                "tags": tags.get(entry.pk, []),
            }
            attached = []
            for order, photo in enumerate(photos.get(entry.pk, [])):
                content = photo.image.read() if photo.image.name else b""
                photo.image.close()
                digest = hashlib.md5(content, usedforsecurity=False).hexdigest()
                kind = "png" if photo.content_type == "image/png" else "jpeg"
                identifier = hashlib.sha1(photo.token.encode(), usedforsecurity=False).hexdigest()
                identifier = identifier[:32].upper()
                archive.writestr(f"photos/{digest}.{kind}", content)
                text += f"\n\n![](dayone-moment://{identifier})"
                attached.append(
                    {
                        "identifier": identifier,
                        "md5": digest,
                        "type": kind,
                        "width": photo.width,
                        "height": photo.height,
                        "orderInEntry": order,
                    }
                )
                yield sink.take()
            data["text"] = text
            if attached:
                data["photos"] = attached
            entries.append(data)
        document = {"metadata": {"version": "1.0"}, "entries": entries}
        archive.writestr("Journal.json", json.dumps(document, ensure_ascii=False, indent=2))
    yield sink.take()


# The hard moment: urges (and the drafts among them), reasons to wait, practical contacts
# and the friend to call


def _when(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def hard_moment_data(user: AbstractUser) -> dict:
    """The hard-moment records as the JSON export's `urges`, `reasons_to_wait`,
    `logistics_contacts` and `friend` keys (read back by importers.parse_hard_moment)."""
    urges = [
        {
            "created": u.created.isoformat(),
            "pause_until": u.pause_until.isoformat(),
            "message": u.message,
            "triggers": u.trigger_keys,
            "trigger_note": u.trigger_note,
            "intensity": u.intensity,
            "outcome": u.outcome,
            "outcome_at": _when(u.outcome_at),
            "draft": u.draft,
            "draft_kept_at": _when(u.draft_kept_at),
            "friend_asked_at": _when(u.friend_asked_at),
            "reset_at": _when(u.reset_at),
        }
        for u in Urge.objects.filter(user=user).order_by("created")
    ]
    contacts = [
        {
            "period": {
                "label": c.period.label,
                "start": c.period.start.isoformat(),
                "days": c.period.days,
            },  # fmt: skip
            "day": c.day.isoformat(),
            "note": c.note,
        }
        for c in LogisticsContact.objects.filter(period__user=user)
        .select_related("period")
        .order_by("day", "created")
    ]
    return {
        "urges": urges,
        "reasons_to_wait": [r.text for r in ReasonToWait.objects.filter(user=user)],
        "logistics_contacts": contacts,
        "friend": {"name": user.friend_name, "email": user.friend_email}
        if user.friend_name or user.friend_email
        else None,
    }


def hard_moment_markdown(user: AbstractUser) -> str:
    """The same records as one readable Markdown page."""
    data = hard_moment_data(user)
    labels = dict(Trigger.choices)
    outcomes = dict(Urge.Outcome.choices)
    lines = ["# Hard moments", ""]
    if data["friend"]:
        lines += [f"A friend to call: {data['friend']['name']} <{data['friend']['email']}>", ""]
    lines += ["## Reasons to wait", ""]
    lines += [f"{n}. {text}" for n, text in enumerate(data["reasons_to_wait"], start=1)] or ["-"]
    lines += ["", "## Urges", ""]
    for urge in data["urges"]:
        triggers = ", ".join(str(labels.get(t, t)) for t in urge["triggers"])
        outcome = str(outcomes.get(urge["outcome"], "")) or "no answer"
        lines.append(
            f"- {urge['created'][:16].replace('T', ' ')} UTC · {triggers} · "
            f"strength {urge['intensity']} · {outcome}"
            + (" · unsent draft" if urge["draft"] == "kept" else "")
        )
        if urge["trigger_note"]:
            lines.append(f"  {urge['trigger_note']}")
        if urge["message"]:
            lines += ["", *("  > " + line for line in urge["message"].splitlines()), ""]
    lines += ["", "## Practical contacts (did not count)", ""]
    lines += [
        f"- {c['day']} ({c['period']['label']}): {c['note']}" for c in data["logistics_contacts"]
    ] or ["-"]
    return "\n".join(lines) + "\n"
