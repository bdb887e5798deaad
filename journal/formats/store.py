"""Writing a checked import: in one short transaction with `bulk_create`, so a large
import holds the database for a moment, not for minutes; all of it or none of it.

Each imported entry carries an `import_key` (its stable id in this app's export, or a
hash of where it came from), so importing the same file twice, into the same or another
account, adds nothing the second time. jrnl has no ids: there an entry is the same when
its day, time, title and text are, and two identical entries are two.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import (
    Change,
    Entry,
    ReadinessSnapshot,
    Reset,
    Situation,
    WaitingPeriod,
    tags_for,
)
from ..photos import attach
from . import day_moods, hard_moment
from .records import Outcome, Parsed, ParsedEntry

if TYPE_CHECKING:
    from ..auth import User

LOST = {
    "location": lambda n: ngettext("%(n)d location", "%(n)d locations", n),
    "weather": lambda n: ngettext("%(n)d weather note", "%(n)d weather notes", n),
    "audios": lambda n: ngettext("%(n)d audio clip", "%(n)d audio clips", n),
    "videos": lambda n: ngettext("%(n)d video", "%(n)d videos", n),
    "pdfAttachments": lambda n: ngettext("%(n)d PDF", "%(n)d PDFs", n),
    "photos": lambda n: ngettext("%(n)d photo", "%(n)d photos", n),
    "photos_not_in_file": lambda n: ngettext(
        "%(n)d photo (the JSON holds none: the archive does)",
        "%(n)d photos (the JSON holds none: the archive does)",
        n,
    ),
    "other": lambda n: ngettext("%(n)d other detail", "%(n)d other details", n),
}


def describe_lost(lost: Counter[str]) -> str:
    """ "12 locations and 2 audio clips could not be imported." or ""."""
    parts = [LOST[name](n) % {"n": n} for name, n in sorted(lost.items()) if n]
    if not parts:
        return ""
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + _(" and ") + parts[-1]
    return _("%(things)s could not be imported.") % {"things": listed}


def content_key(day: dt.date, time: dt.time | None, title: str, body: str) -> tuple[object, ...]:
    """What makes an entry the same one where a format has no ids. jrnl needs a time, and
    writes an entry without one at midnight, so midnight and no time are the same here."""
    return (day, None if time == dt.time(0, 0) else time, title.strip(), body.strip())


def _known(parsed: Parsed, user: User) -> tuple[set[str], Counter[tuple[object, ...]]]:
    mine = Entry.objects.filter(user=user)
    keys = set(mine.exclude(import_key="").values_list("import_key", flat=True))
    keys |= {str(uid) for uid in mine.values_list("uid", flat=True)}
    # How many of each: two identical jrnl entries are two, and both are here or not.
    contents: Counter[tuple[object, ...]] = Counter()
    if parsed.match_by_content:
        for row in mine.values_list("day", "time", "title", "body").iterator(chunk_size=2000):
            contents[content_key(*row)] += 1
    return keys, contents


def _fresh(parsed: Parsed, user: User) -> tuple[list[ParsedEntry], int]:
    """The entries not here yet, and how many are."""
    keys, contents = _known(parsed, user)
    fresh: list[ParsedEntry] = []
    already = 0
    for parsed_entry in parsed.entries:
        same = content_key(
            parsed_entry.day, parsed_entry.time, parsed_entry.title, parsed_entry.body
        )
        if parsed_entry.import_key in keys or contents[same] > 0:
            if contents[same] > 0:
                contents[same] -= 1  # one entry here answers for one in the file
            already += 1
            continue
        keys.add(parsed_entry.import_key)
        fresh.append(parsed_entry)
    return fresh, already


def save(
    parsed: Parsed,
    user: User,
    progress: Callable[[int], None] | None = None,
    with_settings: bool = False,
) -> Outcome:
    """Write a checked import for `user`; all of it or (on any error) none of it. The
    account's settings and friend in the file replace the account's own only when the
    person asked for that (`with_settings`)."""
    fresh, already = _fresh(parsed, user)
    with transaction.atomic():
        changes = _save_changes(parsed.changes, user)
        tags = {t.name.lower(): t for t in tags_for(user, [n for e in fresh for n in e.tags])}
        rows = []
        for parsed_entry in fresh:
            entry = parsed_entry.entry
            assert entry is not None  # noqa: S101 - for mypy: set by records.finish
            entry.focus = changes.get((parsed_entry.focus or "").lower()) or next(
                (changes[t.lower()] for t in parsed_entry.tags if t.lower() in changes), None
            )
            rows.append(entry)
        Entry.objects.bulk_create(rows, batch_size=500)
        _keep_times(rows, fresh)
        through = Entry.tags.through
        through.objects.bulk_create(
            (
                through(entry_id=entry.pk, tag_id=tags[name.lower()].pk)
                for entry, parsed_entry in zip(rows, fresh, strict=True)
                for name in dict.fromkeys(n.lower() for n in parsed_entry.tags)
                if name in tags
            ),
            batch_size=1000,
        )
        _save_periods(parsed.periods, user)
        if parsed.situation and not Situation.objects.filter(user=user).exists():
            parsed.situation.user = user
            parsed.situation.save()
        _save_snapshots(parsed.snapshots, user)
        if with_settings:
            _save_settings(parsed, user)
        hard_moment.save(parsed.hard_moment, user)
        day_moods.save(parsed.moods, user)
    if progress:
        progress(80)
    # Photo files are written after the entries are committed: a storage write is slow
    # and must not hold the database.
    with_photos = [(e, p) for e, p in zip(rows, fresh, strict=True) if p.photos]
    for done, (entry, parsed_entry) in enumerate(with_photos, start=1):
        for token, clean in parsed_entry.photos:
            attach(entry, clean, token=token)
        if progress:
            progress(80 + 20 * done // len(with_photos))
    lost = sum((p.lost for p in fresh), Counter(parsed.not_kept))
    return Outcome(kind=parsed.kind, added=len(rows), already=already, not_kept=describe_lost(lost))


def _save_settings(parsed: Parsed, user: User) -> None:
    """The file's settings and friend in place of the account's."""
    values = dict(parsed.account)
    friend = parsed.hard_moment["friend"] if parsed.hard_moment else None
    if friend:
        values.update(friend_name=friend["name"], friend_email=friend["email"])
    for name, value in values.items():
        setattr(user, name, value)
    if values:
        user.save(update_fields=list(values))


def _keep_times(rows: list[Entry], fresh: list[ParsedEntry]) -> None:
    """`created` and `updated` as the export had them (bulk_create sets both to now)."""
    kept = []
    for entry, parsed_entry in zip(rows, fresh, strict=True):
        if parsed_entry.created or parsed_entry.updated:
            entry.created = parsed_entry.created or entry.created
            entry.updated = parsed_entry.updated or entry.created
            kept.append(entry)
    Entry.objects.bulk_update(kept, ["created", "updated"], batch_size=500)


def _save_changes(new: list[Change], user: User) -> dict[str, Change]:
    existing = list(Change.objects.filter(user=user))
    changes = {a.name.lower(): a for a in existing}
    ids = {a.uid for a in existing}
    for change in new:
        if change.uid not in ids and change.name.lower() not in changes:
            change.user = user
            change.save()
            changes[change.name.lower()] = change
    return changes


def _save_periods(periods: list[tuple[WaitingPeriod, list[Reset]]], user: User) -> None:
    rows = WaitingPeriod.objects.filter(user=user).values_list("uid", "label", "start", "days")
    ids = {row[0] for row in rows}
    existing = {row[1:] for row in rows}
    for period, resets in periods:
        # The same period (by id), or one with the same name, start and length, is there.
        if period.uid in ids or (period.label, period.start, period.days) in existing:
            continue
        period.user = user
        period.save()
        for reset in resets:
            reset.period = period
        missing = [r for r in resets if r.run_days is None]
        if missing:
            counted = period.runs_kept([r.at for r in resets], user.tzinfo)
            for reset, days in zip(sorted(resets, key=lambda r: r.at), counted, strict=True):
                if reset.run_days is None:
                    reset.run_days = days
        Reset.objects.bulk_create(resets)


def _save_snapshots(snapshots: list[ReadinessSnapshot], user: User) -> None:
    have = set(ReadinessSnapshot.objects.filter(user=user).values_list("at", flat=True))
    for snapshot in snapshots:
        snapshot.user = user
    ReadinessSnapshot.objects.bulk_create(s for s in snapshots if s.at not in have)
