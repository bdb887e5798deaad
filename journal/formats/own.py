"""This app's own JSON ("Everything"): every record of the account, in the form it
reads back. It names each entry's photos but holds no photo files: the archive
(`archive.py`) is this JSON with the files beside it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from reconnect.lib import limits

from ..models import (
    TRIGGER_UNSAID,
    Change,
    Entry,
    EntryPhoto,
    ReadinessSnapshot,
    Reset,
    Situation,
    Trigger,
    Urge,
    WaitingPeriod,
)
from ..photos import CleanImage
from . import day_moods, hard_moment
from .records import (
    ImportProblem,
    Parsed,
    ParsedEntry,
    content_key,
    date,
    entry_where,
    list_of_objects,
    moment,
    relink,
    tags,
    text_field,
    time,
    uid,
    validate,
    zone,
)
from .stream import OWN_IMAGE, entries, entry_id, photos_by_entry, tag_names

if TYPE_CHECKING:
    from ..auth import User

SCHEMA = "reconnect/1"
# The account's settings an export carries; an import applies them only when asked to.
ACCOUNT_SETTINGS = ("timezone", "language", "display_name", "callback_phone", "discreet")

# Reads the stored files of one photo record from an upload, or None if it has none.
PhotoReader = Callable[[dict[str, Any], str], CleanImage | None]


class PhotoData(TypedDict):
    token: str
    file: str
    content_type: str
    width: int
    height: int


class EntryData(TypedDict):
    """One entry of the export, as `_entry` reads it back."""

    id: str
    day: str
    time: str | None
    timezone: str | None
    starred: bool
    tags: list[str]
    title: str
    heading: bool
    body: str
    mood: int | None
    focus: str | None
    photos: list[PhotoData]
    created: str
    updated: str
    import_key: str


class ChangeData(TypedDict):
    id: str
    name: str
    about_breakup: bool
    need_to_fix: str
    want_to_fix: str
    for_myself: str
    notes: str
    archived: bool


class ResetData(TypedDict):
    run_started_at: str
    at: str
    note: str
    run_days: int  # the days the run kept, as counted when it ended
    triggers: list[str]  # what led to it, if the person said: trigger keys, or "unsaid"


class WaitingPeriodData(TypedDict):
    id: str
    label: str
    purpose: str
    start: str
    days: int
    started_at: str
    resets: list[ResetData]


def photo_file(photo: EntryPhoto, thumb: bool = False) -> str:
    """Where the archive keeps a photo's file: photos/<token>.<ext>, or <token>-thumb."""
    extension = "png" if photo.content_type == "image/png" else "jpg"
    return f"photos/{photo.token}{'-thumb' if thumb else ''}.{extension}"


def entry_data(entry: Entry, tag_list: list[str], photos: list[EntryPhoto]) -> EntryData:
    return {
        "id": entry_id(entry),
        "day": entry.day.isoformat(),
        "time": entry.time.strftime("%H:%M") if entry.time else None,
        "timezone": entry.timezone or None,
        "starred": entry.starred,
        "tags": tag_list,
        "title": entry.title,
        "heading": entry.heading,
        "body": entry.body,
        "mood": entry.mood,
        "focus": entry.focus.name if entry.focus else None,
        "photos": [
            {
                "token": p.token,
                "file": photo_file(p),
                "content_type": p.content_type,
                "width": p.width,
                "height": p.height,
            }
            for p in photos
        ],
        "created": entry.created.isoformat(),
        "updated": entry.updated.isoformat(),
        "import_key": entry.import_key,
    }


def export_json(user: User) -> Iterator[str]:
    """The whole account as one JSON document, streamed: the small parts, then the entries."""
    head: dict[str, object] = {
        "schema": SCHEMA,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.get_username(),
            **{name: getattr(user, name) for name in ACCOUNT_SETTINGS},
        },
        "focus_areas": [_change_data(a) for a in Change.objects.filter(user=user)],
        "waiting_periods": [
            _period_data(p)
            for p in WaitingPeriod.objects.filter(user=user)
            .prefetch_related("resets")
            .order_by("created")
        ],
        "situation": _situation_data(Situation.objects.filter(user=user).first()),
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
    head.update(hard_moment.json_sections(user))
    head.update(day_moods.json_sections(user))
    yield json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "entries": ['
    names = tag_names(user)
    photos = photos_by_entry(user)
    for index, entry in enumerate(entries(user)):
        record = entry_data(entry, names.get(entry.pk, []), photos.get(entry.pk, []))
        yield ("," if index else "") + "\n  " + json.dumps(record, ensure_ascii=False)
    yield "\n ]\n}\n"


def _change_data(change: Change) -> ChangeData:
    return {
        "id": str(change.uid),
        "name": change.name,
        "about_breakup": change.about_breakup,
        "need_to_fix": change.need_to_fix,
        "want_to_fix": change.want_to_fix,
        "for_myself": change.for_myself,
        "notes": change.notes,
        "archived": change.archived,
    }


def _period_data(period: WaitingPeriod) -> WaitingPeriodData:
    return {
        "id": str(period.uid),
        "label": period.label,
        "purpose": period.purpose,
        "start": period.start.isoformat(),
        "days": period.days,
        "started_at": period.started_at.isoformat(),
        "resets": [
            {
                "run_started_at": r.run_started_at.isoformat(),
                "at": r.at.isoformat(),
                "note": r.note,
                "run_days": r.run_days,
                "triggers": r.trigger_keys,
            }
            for r in sorted(period.resets.all(), key=lambda r: r.at)
        ],
    }


def _situation_data(situation: Situation | None) -> dict[str, object] | None:
    if situation is None:
        return None
    values = {name: getattr(situation, name) for name in Situation.ANSWERS}
    return {
        name: value.isoformat() if isinstance(value, dt.date) else value
        for name, value in values.items()
    }


# Reading it back


def _no_files(record: dict[str, Any], where: str) -> CleanImage | None:
    return None


def is_own(document: object) -> bool:
    return isinstance(document, dict) and str(document.get("schema", "")).startswith("reconnect/")


def parse(document: dict[str, Any], read_photo: PhotoReader | None = None) -> Parsed:
    """This app's JSON; with `read_photo` (the archive), each entry's photos come too."""
    if document["schema"] != SCHEMA:
        raise ImportProblem(
            _("This export is of a newer version (%(schema)s).")
            % {"schema": str(document["schema"])[:40]}
        )
    raw_entries = document.get("entries")
    if not isinstance(raw_entries, list):
        raise ImportProblem(_("'entries' should be a list of objects."))
    found = [_entry(raw, n, read_photo or _no_files) for n, raw in enumerate(raw_entries, 1)]
    parsed = Parsed("archive" if read_photo else "reconnect", found)
    parsed.changes = _changes(document.get("focus_areas"))
    parsed.periods = _periods(document.get("waiting_periods"))
    parsed.situation = _situation(document.get("situation"))
    parsed.snapshots = _snapshots(document.get("readiness_history"))
    parsed.hard_moment = hard_moment.parse(document)
    parsed.moods = day_moods.parse(document)
    parsed.account = _account(document.get("account"))
    return parsed


def _account(data: object) -> dict[str, object]:
    """The account's settings in the file, checked as the Settings page checks them."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ImportProblem(_("'account' should be an object."))
    where = _("Your settings")
    values = {name: data[name] for name in ACCOUNT_SETTINGS if data.get(name) is not None}
    if not isinstance(values.get("discreet", False), bool):
        raise ImportProblem(
            _("%(where)s: discreet mode should be true or false.") % {"where": where}
        )
    for name in ("timezone", "language", "display_name", "callback_phone"):
        if not isinstance(values.get(name, ""), str):
            raise ImportProblem(
                _("%(where)s: '%(key)s' should be text.") % {"where": where, "key": name}
            )
    if values.get("timezone"):
        zone(values["timezone"], where)
    else:
        values.pop("timezone", None)
    account = get_user_model()(**values)
    others = [f.name for f in account._meta.concrete_fields if f.name not in values]
    validate(account, where, exclude=others)
    return values


def _entry(raw: object, number: int, read_photo: PhotoReader) -> ParsedEntry:
    where = entry_where(number)
    if not isinstance(raw, dict):
        raise ImportProblem(_("%(where)s is not an object.") % {"where": where})
    day = date(raw.get("day"), where)
    title = text_field(raw, "title", where)
    body = text_field(raw, "body", where, required=False)
    focus = raw.get("focus")
    if focus is not None and not isinstance(focus, str):
        raise ImportProblem(
            _("%(where)s: 'focus' should be the name of a change.") % {"where": where}
        )
    entry_key = raw.get("id") or raw.get("import_key") or content_key(day, title, body)
    if not isinstance(entry_key, str):
        raise ImportProblem(_("%(where)s: 'id' should be text.") % {"where": where})
    zone = raw.get("timezone") or ""
    if not isinstance(zone, str):
        raise ImportProblem(_("%(where)s: the time zone should be a name.") % {"where": where})
    parsed = ParsedEntry(
        day=day,
        title=title,
        body=body,
        mood=raw.get("mood"),
        focus=focus or None,
        tags=tags(raw.get("tags"), where),
        # An export lists every tag: its #words are read again only where it lists none.
        inline_tags="tags" not in raw,
        import_key=entry_key,
        time=time(raw.get("time"), where),
        starred=raw.get("starred") is True,
        timezone=zone,
        heading=raw.get("heading") is not False,
        created=moment(raw["created"], where) if raw.get("created") else None,
        updated=moment(raw["updated"], where) if raw.get("updated") else None,
    )
    _photos(parsed, list_of_objects(raw.get("photos"), "photos"), read_photo, where)
    return parsed


def _photos(
    parsed: ParsedEntry, records: list[dict[str, Any]], read_photo: PhotoReader, where: str
) -> None:
    """Each photo under a new address (addresses are unique on a server), the text's
    links moved to it; a photo whose file is not in the upload is left out, and counted."""
    moved: dict[str, str] = {}
    for record in records:
        token = record.get("token")
        if not isinstance(token, str) or not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", token):
            raise ImportProblem(_("%(where)s: a photo has no valid token.") % {"where": where})
        clean = read_photo(record, where)
        if clean is None:
            parsed.lost["photos_not_in_file"] += 1
            continue
        moved[token] = secrets.token_urlsafe(32)
        parsed.photos.append((moved[token], clean))
    if len(parsed.photos) > 10:
        raise ImportProblem(_("%(where)s has more than 10 photos.") % {"where": where})

    def address(match: re.Match[str]) -> str | None:
        new = moved.get(match[2])
        return f"/journal/photos/{new}/{match[3]}/" if new else None

    parsed.body = relink(parsed.body, OWN_IMAGE, address)


def _changes(value: object) -> list[Change]:
    changes = []
    for number, data in enumerate(list_of_objects(value, "focus_areas"), start=1):
        where = _("Change %(number)s") % {"number": number}
        change = Change(
            name=text_field(data, "name", where).strip(),
            about_breakup=data.get("about_breakup", False),
            need_to_fix=data.get("need_to_fix", "unsure"),
            want_to_fix=data.get("want_to_fix", "unsure"),
            for_myself=data.get("for_myself", "unsure"),
            notes=text_field(data, "notes", where, required=False),
            archived=data.get("archived", False),
            uid=uid(data.get("id"), where),
        )
        validate(change, where, exclude=["user"])
        changes.append(change)
    return changes


def _periods(value: object) -> list[tuple[WaitingPeriod, list[Reset]]]:
    periods = []
    for number, data in enumerate(list_of_objects(value, "waiting_periods"), start=1):
        where = _("Waiting period %(number)s") % {"number": number}
        days = data.get("days")
        if (
            not isinstance(days, int)
            or isinstance(days, bool)
            or not 1 <= days <= limits.PERIOD_DAYS_MAX
        ):
            raise ImportProblem(
                _("%(where)s: days must be from 1 to %(limit)d.")
                % {"where": where, "limit": limits.PERIOD_DAYS_MAX}
            )
        start = date(data.get("start"), where)
        if start.year < 1900:
            raise ImportProblem(_("%(where)s: the start is before 1900.") % {"where": where})
        period = WaitingPeriod(
            label=text_field(data, "label", where).strip(),
            purpose=text_field(data, "purpose", where, required=False),
            start=start,
            days=days,
            started_at=moment(data.get("started_at"), where),
            uid=uid(data.get("id"), where),
        )
        validate(period, where, exclude=["user"])
        resets = []
        for raw in list_of_objects(data.get("resets"), "resets"):
            reset = Reset(
                run_started_at=moment(raw.get("run_started_at") or data["started_at"], where),
                at=moment(raw.get("at"), where),
                note=text_field(raw, "note", where, required=False),
                triggers=_led_to(raw.get("triggers"), where),
            )
            # Counted when saved, in the account's time zone, where an export has none.
            reset.run_days = _run_days(raw.get("run_days"), where)  # type: ignore[assignment]
            validate(reset, where, exclude=["period", "run_days"])
            resets.append(reset)
        periods.append((period, resets))
    return periods


def _run_days(value: object, where: str) -> int | None:
    if value is None:
        return None
    if type(value) is not int or not 0 <= value <= limits.PERIOD_DAYS_MAX:
        raise ImportProblem(
            _("%(where)s: a reset's days kept must be from 0 to %(limit)d.")
            % {"where": where, "limit": limits.PERIOD_DAYS_MAX}
        )
    return value


def _led_to(value: object, where: str) -> str:
    """What led to a reset: trigger keys (or "unsaid"), packed as the model keeps them."""
    keys = value or []
    if not isinstance(keys, list) or not all(
        isinstance(key, str) and key in (*Trigger.values, TRIGGER_UNSAID) for key in keys
    ):
        raise ImportProblem(
            _("%(where)s: what led to a reset must be from the list (loneliness, … other).")
            % {"where": where}
        )
    return Urge.pack_triggers(list(dict.fromkeys(keys)))


def _situation(data: object) -> Situation | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ImportProblem(_("'situation' should be an object."))
    where = _("Your answers")
    values = {name: data[name] for name in Situation.ANSWERS if data.get(name) is not None}
    if "broke_up_on" in values:
        values["broke_up_on"] = date(values["broke_up_on"], where)
        if values["broke_up_on"].year < 1900:
            raise ImportProblem(_("%(where)s: the breakup date is before 1900.") % {"where": where})
    situation = Situation(**values)
    validate(situation, where, exclude=["user"])
    return situation


def _snapshots(value: object) -> list[ReadinessSnapshot]:
    snapshots = []
    for number, data in enumerate(list_of_objects(value, "readiness_history"), start=1):
        where = _("Readiness record %(number)s") % {"number": number}
        conditions = data.get("conditions") or {}
        if not isinstance(conditions, dict):
            raise ImportProblem(
                _("%(where)s: 'conditions' should be an object.") % {"where": where}
            )
        # As the file has them, None where missing: full_clean says what is wrong.
        values = {name: data.get(name) for name in ("state", "met", "total")}
        snapshot = ReadinessSnapshot(
            at=moment(data.get("at"), where), conditions=conditions, **values
        )
        validate(snapshot, where, exclude=["user", "conditions"])
        snapshots.append(snapshot)
    return snapshots
