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

from .models import (
    Entry,
    FocusArea,
    LogisticsContact,
    ReasonToWait,
    Situation,
    Trigger,
    Urge,
    WaitingPeriod,
)

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
    head.update(hard_moment_data(user))
    # Write the small parts, then stream the entries into the last key.
    yield json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "entries": ['
    for index, entry in enumerate(_entries(user)):
        yield ("," if index else "") + "\n  " + json.dumps(entry_data(entry), ensure_ascii=False)
    yield "\n ]\n}\n"


def _situation_data(situation: Situation) -> dict:
    return {
        "broke_up_on": situation.broke_up_on.isoformat() if situation.broke_up_on else None,
        "whose_side": situation.whose_side,
        "their_rough_patch": situation.their_rough_patch,
        "their_behaviour": situation.their_behaviour,
        "asked_no_contact": situation.asked_no_contact,
        "safety_concern": situation.safety_concern,
        "honest": situation.honest,
        "slow_plan": situation.slow_plan,
        "accept_no": situation.accept_no,
    }


class _Echo:
    """A file-like object that hands back what is written, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def export_csv(user: AbstractUser) -> Iterator[str]:
    """The entries as CSV, one row each, with a header row."""
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
    yield writer.writerow(["day", "title", "mood", "focus", "body", "created", "updated"])
    for entry in _entries(user):
        yield writer.writerow(
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
        archive.writestr("hard-moments.md", hard_moment_markdown(user))
        archive.writestr("index.md", "\n".join(index) + "\n")
    yield sink.take()


def _zip_time(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    moment = max(moment, dt.datetime(1980, 1, 1, tzinfo=dt.UTC))
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


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
