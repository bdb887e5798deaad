"""Bring a journal in: this app's JSON export, jrnl's JSON export, Day One's JSON export.

An import is all or nothing: every entry is checked first, and the first problem found
is reported ("entry 12: ...") with nothing saved. Each imported entry carries an
`import_key` (a hash of where it came from), so importing the same file twice adds
nothing the second time.

Tags (jrnl and Day One) stay text: they are added to the end of the entry's body as
"Tags: #work #run". A tag whose name matches one of your changes (focus areas), in any
case, also files the entry under that change. Tags never create changes themselves:
a change carries honest answers that only you can give.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from journal.markdown import render_markdown

from .models import (
    URGE_MESSAGE_MAX,
    Entry,
    FocusArea,
    LogisticsContact,
    ReasonToWait,
    Reset,
    Situation,
    Trigger,
    Urge,
    WaitingPeriod,
)

MAX_BYTES = 20 * 1024 * 1024
TITLE_MAX = 120
BODY_MAX = 20_000


class ImportProblem(ValueError):
    """What is wrong with a file, in words for the person who uploaded it."""


@dataclass
class ParsedEntry:
    day: dt.date
    title: str
    body: str
    mood: int | None
    focus: str | None
    tags: list[str]
    import_key: str


@dataclass
class Parsed:
    kind: str
    entries: list[ParsedEntry]
    focus_areas: list[dict] = field(default_factory=list)
    periods: list[dict] = field(default_factory=list)
    situation: dict | None = None
    hard_moment: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    kind: str
    added: int
    already: int


def read_upload(name: str, data: bytes) -> Any:
    """The JSON document in an upload: a .json file, or Day One's zip with Journal.json."""
    if len(data) > MAX_BYTES:
        raise ImportProblem(_("The file is larger than 20 MB."))
    if not data.strip():
        raise ImportProblem(_("The file is empty."))
    if data[:4] == b"PK\x03\x04":
        data = _journal_json_from_zip(data)
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportProblem(
            _("The file is not text in UTF-8, so it can't be a JSON export.")
        ) from None
    except json.JSONDecodeError as error:
        raise ImportProblem(
            _("The file is not valid JSON (line %(line)s, column %(column)s: %(reason)s).")
            % {"line": error.lineno, "column": error.colno, "reason": error.msg}
        ) from None


def _journal_json_from_zip(data: bytes) -> bytes:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportProblem(_("The zip file is damaged.")) from None
    names = [
        n for n in archive.namelist() if n.lower().endswith(".json") and not n.startswith("__")
    ]
    if not names:
        raise ImportProblem(
            _("The zip file holds no JSON file: a Day One export has Journal.json.")
        )
    name = next((n for n in names if n.rsplit("/", 1)[-1] == "Journal.json"), names[0])
    info = archive.getinfo(name)
    if info.file_size > MAX_BYTES:
        raise ImportProblem(
            _("%(name)s in the zip is larger than 20 MB once unpacked.") % {"name": name}
        )
    with archive.open(info) as member:
        content = member.read(MAX_BYTES + 1)  # never trust the declared size alone
    if len(content) > MAX_BYTES:
        raise ImportProblem(
            _("%(name)s in the zip is larger than 20 MB once unpacked.") % {"name": name}
        )
    return content


def parse(document: Any, user: AbstractUser) -> Parsed:
    """Recognise the format and check every entry; raise ImportProblem on the first fault."""
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise ImportProblem(
            _(
                "This is not a journal export we know: expected this app's JSON export, "
                "jrnl's JSON export or Day One's Journal.json."
            )
        )
    if str(document.get("schema", "")).startswith("reconnect/"):
        if document["schema"] != "reconnect/1":
            raise ImportProblem(
                _("This export is of a newer version (%(schema)s).")
                % {"schema": document["schema"]}
            )
        return _parse_own(document)
    entries = document["entries"]
    if not entries:
        return Parsed(kind="empty", entries=[])
    first = entries[0] if isinstance(entries[0], dict) else {}
    if "creationDate" in first or "metadata" in document:
        return _parse_day_one(entries, user)
    if "date" in first and "body" in first:
        return _parse_jrnl(entries)
    raise ImportProblem(_("Entry 1 has neither jrnl's date and body nor Day One's creationDate."))


def _key(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:40]


def _text(entry: dict, key: str, number: int, *, required: bool = True) -> str:
    value = entry.get(key, "")
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise ImportProblem(
            _("Entry %(number)s: '%(key)s' should be text.") % {"number": number, "key": key}
        )
    if required and not value.strip():
        raise ImportProblem(
            _("Entry %(number)s: '%(key)s' is empty.") % {"number": number, "key": key}
        )
    return value


def _day(value: Any, number: int) -> dt.date:
    return _date(value, _("Entry %(number)s") % {"number": number})


def _date(value: Any, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ImportProblem(
            _("%(where)s: the date '%(value)s' is not a date.") % {"where": where, "value": value}
        ) from None


def _moment(value: Any, where: str) -> dt.datetime:
    try:
        moment = parse_datetime(str(value))
    except ValueError:
        moment = None
    if moment is None:
        raise ImportProblem(
            _("%(where)s: '%(value)s' is not a date and time.") % {"where": where, "value": value}
        )
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _title_and_body(text: str) -> tuple[str, str]:
    """Split free text into a title (its first line, shortened) and the whole as body."""
    first = text.strip().splitlines()[0].strip().lstrip("#").strip() if text.strip() else ""
    title = first if len(first) <= TITLE_MAX else first[: TITLE_MAX - 1].rstrip() + "…"
    return title or "Untitled", text


def _check(entry: ParsedEntry, number: int) -> ParsedEntry:
    if len(entry.title) > TITLE_MAX:
        raise ImportProblem(
            _("Entry %(number)s: the title is longer than %(limit)s characters.")
            % {"number": number, "limit": TITLE_MAX}
        )
    if len(entry.body) > BODY_MAX:
        raise ImportProblem(
            _("Entry %(number)s: the text is longer than %(limit)s characters.")
            % {"number": number, "limit": f"{BODY_MAX:,}"}
        )
    if entry.mood is not None and entry.mood not in range(1, 6):
        raise ImportProblem(
            _("Entry %(number)s: the mood must be from 1 to 5, not %(mood)s.")
            % {"number": number, "mood": entry.mood}
        )
    return entry


def _with_tags(body: str, tags: list[str]) -> str:
    if not tags:
        return body
    return body.rstrip() + "\n\nTags: " + " ".join("#" + t.lstrip("@#") for t in tags)


def _parse_own(document: dict) -> Parsed:
    entries = []
    for number, raw in enumerate(document["entries"], start=1):
        if not isinstance(raw, dict):
            raise ImportProblem(_("Entry %(number)s is not an object.") % {"number": number})
        mood = raw.get("mood")
        if mood is not None and not isinstance(mood, int):
            raise ImportProblem(
                _("Entry %(number)s: the mood must be a whole number from 1 to 5.")
                % {"number": number}
            )
        day = _day(raw.get("day"), number)
        title = _text(raw, "title", number)
        body = _text(raw, "body", number, required=False)
        key = raw.get("import_key") or _key("reconnect", day, title, body)
        entries.append(
            _check(
                ParsedEntry(day, title, body, mood, raw.get("focus") or None, [], str(key)), number
            )
        )
    areas = document.get("focus_areas") or []
    periods = document.get("waiting_periods") or []
    if not isinstance(areas, list) or not isinstance(periods, list):
        raise ImportProblem(_("focus_areas and waiting_periods should be lists."))
    for number, area in enumerate(areas, start=1):
        if not isinstance(area, dict) or not str(area.get("name", "")).strip():
            raise ImportProblem(_("Change %(number)s has no name.") % {"number": number})
        for answer in ("need_to_fix", "want_to_fix", "for_myself"):
            if area.get(answer, "unsure") not in ("yes", "no", "unsure"):
                raise ImportProblem(
                    _("Change %(number)s: '%(answer)s' must be yes, no or unsure.")
                    % {"number": number, "answer": answer}
                )
    for number, period in enumerate(periods, start=1):
        where = _("Waiting period %(number)s") % {"number": number}
        if not isinstance(period, dict):
            raise ImportProblem(_("%(where)s is not an object.") % {"where": where})
        if not isinstance(period.get("days"), int) or not 1 <= period["days"] <= 365:
            raise ImportProblem(_("%(where)s: days must be from 1 to 365.") % {"where": where})
        _date(period.get("start"), where)
        _moment(period.get("started_at"), where)
        for reset in period.get("resets") or []:
            if not isinstance(reset, dict):
                raise ImportProblem(_("%(where)s: a reset is not an object.") % {"where": where})
            _moment(reset.get("at"), where)
    situation = document.get("situation")
    if situation is not None:
        if not isinstance(situation, dict):
            raise ImportProblem(_("situation should be an object."))
        if situation.get("broke_up_on"):
            _date(situation["broke_up_on"], _("The breakup date"))
    return Parsed("reconnect", entries, areas, periods, situation, parse_hard_moment(document))


def _parse_jrnl(raw_entries: list) -> Parsed:
    entries = []
    for number, raw in enumerate(raw_entries, start=1):
        if not isinstance(raw, dict):
            raise ImportProblem(_("Entry %(number)s is not an object.") % {"number": number})
        day = _day(raw.get("date"), number)
        title = _text(raw, "title", number, required=False).strip()
        body = _text(raw, "body", number, required=False)
        tags = [str(t) for t in raw.get("tags") or []]
        if not title:
            title, _whole = _title_and_body(body)
        if len(title) > TITLE_MAX:
            body = title + "\n\n" + body
            title = title[: TITLE_MAX - 1].rstrip() + "…"
        key = _key("jrnl", raw.get("date"), raw.get("time"), raw.get("title"), raw.get("body"))
        entries.append(
            _check(ParsedEntry(day, title, _with_tags(body, tags), None, None, tags, key), number)
        )
    return Parsed("jrnl", entries)


def _parse_day_one(raw_entries: list, user: AbstractUser) -> Parsed:
    entries = []
    for number, raw in enumerate(raw_entries, start=1):
        if not isinstance(raw, dict):
            raise ImportProblem(_("Entry %(number)s is not an object.") % {"number": number})
        moment = parse_datetime(str(raw.get("creationDate", "")))
        if moment is None:
            raise ImportProblem(
                _("Entry %(number)s: the date '%(value)s' is not a date.")
                % {"number": number, "value": raw.get("creationDate")}
            )
        try:
            tz = zoneinfo.ZoneInfo(raw.get("timeZone") or user.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ImportProblem(
                _("Entry %(number)s: unknown time zone '%(zone)s'.")
                % {"number": number, "zone": raw.get("timeZone")}
            ) from None
        text = _text(raw, "text", number, required=False)
        title, body = _title_and_body(text)
        tags = [str(t) for t in raw.get("tags") or []]
        key = _key("dayone", raw.get("uuid") or (raw.get("creationDate"), text))
        entries.append(
            _check(
                ParsedEntry(
                    moment.astimezone(tz).date(),
                    title,
                    _with_tags(body, tags),
                    None,
                    None,
                    tags,
                    key,
                ),
                number,
            )
        )
    return Parsed("dayone", entries)


@transaction.atomic
def save(parsed: Parsed, user: AbstractUser) -> Outcome:
    """Write a checked import for `user`; all of it or (on any error) none of it."""
    today = user.local_today()
    for number, entry in enumerate(parsed.entries, start=1):
        if entry.day > today:
            raise ImportProblem(
                _("Entry %(number)s: the date %(day)s is in the future.")
                % {"number": number, "day": entry.day}
            )
    areas = {a.name.lower(): a for a in FocusArea.objects.filter(user=user)}
    for data in parsed.focus_areas:
        name = str(data["name"]).strip()[:100]
        if name.lower() not in areas:
            areas[name.lower()] = FocusArea.objects.create(
                user=user,
                name=name,
                about_breakup=bool(data.get("about_breakup")),
                need_to_fix=data.get("need_to_fix", "unsure"),
                want_to_fix=data.get("want_to_fix", "unsure"),
                for_myself=data.get("for_myself", "unsure"),
                notes=str(data.get("notes") or "")[:5000],
                archived=bool(data.get("archived")),
            )
    known = set(
        Entry.objects.filter(user=user).exclude(import_key="").values_list("import_key", flat=True)
    )
    fresh, already = [], 0
    for entry in parsed.entries:
        if entry.import_key in known:
            already += 1
            continue
        known.add(entry.import_key)
        focus = areas.get((entry.focus or "").lower())
        if focus is None:
            focus = next(
                (
                    areas[t.lower().lstrip("@#")]
                    for t in entry.tags
                    if t.lower().lstrip("@#") in areas
                ),
                None,
            )
        fresh.append(
            Entry(
                user=user,
                day=entry.day,
                title=entry.title,
                body=entry.body,
                mood=entry.mood,
                focus=focus,
                import_key=entry.import_key,
            )  # fmt: skip
        )
    for entry in fresh:
        entry.body_html = render_markdown(entry.body)  # what Entry.save() does, for bulk_create
    Entry.objects.bulk_create(fresh, batch_size=500)
    _save_periods(parsed.periods, user)
    if parsed.situation and not Situation.objects.filter(user=user).exists():
        _save_situation(parsed.situation, user)
    save_hard_moment(parsed.hard_moment, user)
    return Outcome(kind=parsed.kind, added=len(fresh), already=already)


def _save_periods(periods: list[dict], user: AbstractUser) -> None:
    for data in periods:
        started_at = _moment(data["started_at"], "")
        start = _date(data["start"], "")
        if WaitingPeriod.objects.filter(
            user=user, label=data.get("label", "")[:100], start=start, days=data["days"]
        ).exists():
            continue
        period = WaitingPeriod.objects.create(
            user=user,
            label=str(data.get("label") or "Waiting period")[:100],
            purpose=str(data.get("purpose") or "")[:2000],
            start=start,
            days=data["days"],
            started_at=started_at,
        )
        Reset.objects.bulk_create(
            Reset(
                period=period,
                run_started_at=_moment(r.get("run_started_at") or started_at.isoformat(), ""),
                at=_moment(r["at"], ""),
                note=str(r.get("note") or "")[:2000],
            )
            for r in data.get("resets") or []
        )


def _save_situation(data: dict, user: AbstractUser) -> None:
    choices = {
        "whose_side": {c for c, _ in Situation.WhoseSide.choices} | {""},
        "their_rough_patch": {c for c, _ in Situation.RoughPatch.choices},
        "their_behaviour": {c for c, _ in Situation.Behaviour.choices},
    }
    values = {key: data.get(key) for key in choices if data.get(key) in choices[key]}
    broke_up_on = data.get("broke_up_on")
    Situation.objects.create(
        user=user,
        broke_up_on=_date(broke_up_on, "") if broke_up_on else None,
        asked_no_contact=bool(data.get("asked_no_contact")),
        safety_concern=bool(data.get("safety_concern")),
        honest=bool(data.get("honest")),
        accept_no=bool(data.get("accept_no")),
        slow_plan=str(data.get("slow_plan") or "")[:5000],
        **values,
    )


def import_file(name: str, data: bytes, user: AbstractUser) -> Outcome:
    """Read, check and save an uploaded export; raise ImportProblem with nothing saved."""
    return save(parse(read_upload(name, data), user), user)


# The hard moment: urges, reasons to wait, practical contacts and the friend, from this
# app's own export. Each record has a stable key (an urge its `created` moment, a reason
# its text, a contact its period, day and note), so a second import adds nothing.

URGE_OUTCOMES = ("", *Urge.Outcome.values)  # tuples: `in` on an odd value never raises
URGE_DRAFTS = ("", *Urge.Draft.values)


def _optional_moment(value: Any, where: str) -> dt.datetime | None:
    return _moment(value, where) if value else None


def parse_hard_moment(document: dict) -> dict:
    """Check the hard-moment keys of an own-format export; raise ImportProblem on a fault."""
    urges, reasons, contacts = (
        document.get(key) or [] for key in ("urges", "reasons_to_wait", "logistics_contacts")
    )
    if not all(isinstance(value, list) for value in (urges, reasons, contacts)):
        raise ImportProblem(_("urges, reasons_to_wait and logistics_contacts should be lists."))
    checked_urges = []
    for number, raw in enumerate(urges, start=1):
        where = _("Urge %(number)s") % {"number": number}
        if not isinstance(raw, dict):
            raise ImportProblem(_("%(where)s is not an object.") % {"where": where})
        created = _moment(raw.get("created"), where)
        triggers = raw.get("triggers")
        if (
            not isinstance(triggers, list)
            or not triggers
            or not all(isinstance(t, str) and t in Trigger.values for t in triggers)
        ):
            raise ImportProblem(
                _("%(where)s: the triggers must be from the list (loneliness, … other).")
                % {"where": where}
            )
        intensity = raw.get("intensity")
        if type(intensity) is not int or not 1 <= intensity <= 10:
            raise ImportProblem(
                _("%(where)s: the strength must be from 1 to 10.") % {"where": where}
            )
        message, note = raw.get("message") or "", raw.get("trigger_note") or ""
        if not isinstance(message, str) or not isinstance(note, str):
            raise ImportProblem(_("%(where)s: the message should be text.") % {"where": where})
        if len(message) > URGE_MESSAGE_MAX or "\x00" in message + note:
            raise ImportProblem(
                _("%(where)s: the message is longer than %(limit)s characters.")
                % {"where": where, "limit": f"{URGE_MESSAGE_MAX:,}"}
            )
        outcome, draft = raw.get("outcome") or "", raw.get("draft") or ""
        if outcome not in URGE_OUTCOMES or draft not in URGE_DRAFTS:
            raise ImportProblem(
                _("%(where)s: the outcome or draft state is not one we know.") % {"where": where}
            )
        checked_urges.append(
            {
                "created": created,
                "pause_until": _optional_moment(raw.get("pause_until"), where) or created,
                "message": message,
                "triggers": Urge.pack_triggers(list(dict.fromkeys(triggers))),
                "trigger_note": note[:200],
                "intensity": intensity,
                "outcome": outcome,
                "outcome_at": _optional_moment(raw.get("outcome_at"), where),
                "draft": draft,
                "draft_kept_at": _optional_moment(raw.get("draft_kept_at"), where),
                "friend_asked_at": _optional_moment(raw.get("friend_asked_at"), where),
                "reset_at": _optional_moment(raw.get("reset_at"), where),
            }
        )
    for number, text in enumerate(reasons, start=1):
        if not isinstance(text, str) or not text.strip() or "\x00" in text:
            raise ImportProblem(_("Reason to wait %(number)s is empty.") % {"number": number})
    checked_contacts = []
    for number, raw in enumerate(contacts, start=1):
        where = _("Practical contact %(number)s") % {"number": number}
        period = raw.get("period") if isinstance(raw, dict) else None
        if (
            not isinstance(period, dict)
            or type(period.get("days")) is not int
            or not isinstance(raw.get("note"), str)
        ):
            raise ImportProblem(_("%(where)s has no waiting period or note.") % {"where": where})
        checked_contacts.append(
            {
                "label": str(period.get("label") or "")[:100],
                "start": _date(period.get("start"), where),
                "days": period.get("days"),
                "day": _date(raw.get("day"), where),
                "note": raw["note"].replace("\x00", "")[:500],
            }
        )
    friend = document.get("friend")
    if friend is not None and not isinstance(friend, dict):
        raise ImportProblem(_("friend should be an object."))
    return {
        "urges": checked_urges,
        "reasons": [text.strip()[:300] for text in reasons],
        "contacts": checked_contacts,
        "friend": friend,
    }


def save_hard_moment(data: dict, user: AbstractUser) -> None:
    """Add what is not already there; called inside `save`'s transaction."""
    if not data:
        return
    known = set(Urge.objects.filter(user=user).values_list("created", flat=True))
    Urge.objects.bulk_create(
        Urge(user=user, **urge) for urge in data["urges"] if urge["created"] not in known
    )
    reasons = list(ReasonToWait.objects.filter(user=user).values_list("text", flat=True))
    fresh = [text for text in dict.fromkeys(data["reasons"]) if text not in reasons]
    ReasonToWait.objects.bulk_create(
        ReasonToWait(user=user, text=text, order=len(reasons) + index)
        for index, text in enumerate(fresh)
    )
    periods = {(p.label, p.start, p.days): p for p in WaitingPeriod.objects.filter(user=user)}
    for contact in data["contacts"]:
        period = periods.get((contact["label"], contact["start"], contact["days"]))
        if period is None:
            raise ImportProblem(
                _("A practical contact belongs to a waiting period that is not in the file.")
            )
        LogisticsContact.objects.get_or_create(
            period=period, day=contact["day"], note=contact["note"]
        )
    friend = data["friend"]
    if friend and not (user.friend_name or user.friend_email):
        name, email = str(friend.get("name") or "")[:60], str(friend.get("email") or "")
        try:
            if email:
                validate_email(email)
        except ValidationError:
            raise ImportProblem(_("The friend's email address is not valid.")) from None
        user.friend_name, user.friend_email = name, email
        user.save(update_fields=["friend_name", "friend_email"])
