"""The hard moment in this app's JSON export: urges (and the drafts among them, and what
helped through each), the person's list of what helps, reasons to wait, practical
contacts and the friend to call, out and back in.

Each record has a stable key (an urge its `created` moment, a reason its text, a contact
its period, day and note, an item of one's own its words), so a second import adds
nothing. Every record goes through `full_clean`: a note too long is refused with a
message, never cut short.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from reconnect.lib import limits

from ..models import (
    HELPED_OTHER,
    Help,
    HelpChoice,
    Helped,
    LogisticsContact,
    ReasonToWait,
    Trigger,
    Urge,
    WaitingPeriod,
)
from .records import ImportProblem, check_storable, date, moment, optional_moment, validate

if TYPE_CHECKING:
    from ..auth import User


class HelpedData(TypedDict, total=False):
    """One answer to "What helped?": a built-in key, "own" with its `label`, or "other"
    with its `note`."""

    key: str
    label: str
    note: str


class WhatHelpsData(TypedDict):
    own: list[str]  # the person's own items, in their words, in the order they added them
    hidden: list[str]  # built-in keys they hid


class UrgeData(TypedDict):
    created: str
    pause_until: str
    message: str
    triggers: list[str]
    trigger_note: str
    intensity: int | None
    outcome: str
    outcome_at: str | None
    draft: str
    draft_kept_at: str | None
    friend_asked_at: str | None
    reset_at: str | None
    helped: list[HelpedData]
    helped_answered_at: str | None


class PeriodData(TypedDict):
    label: str
    start: str
    days: int


class ContactData(TypedDict):
    period: PeriodData
    day: str
    note: str


class Friend(TypedDict):
    name: str
    email: str


class HardMomentData(TypedDict):
    """The hard moment's keys of the JSON export."""

    urges: list[UrgeData]
    what_helps: WhatHelpsData
    reasons_to_wait: list[str]
    logistics_contacts: list[ContactData]
    friend: Friend | None


class ContactRecord(TypedDict):
    """A checked practical contact, with the waiting period it belongs to."""

    label: str
    start: dt.date
    days: int
    day: dt.date
    note: str


class HardMomentRecords(TypedDict):
    """The checked hard-moment records of an import, for `save`."""

    urges: list[Urge]  # checked, unsaved, without their user
    helped: list[list[HelpedData]]  # what helped, for each urge of `urges`
    what_helps: WhatHelpsData
    reasons: list[str]
    contacts: list[ContactRecord]
    friend: Friend | None


def _when(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def json_sections(user: User) -> HardMomentData:
    """The hard-moment records as the JSON export's `urges`, `what_helps`,
    `reasons_to_wait`, `logistics_contacts` and `friend` keys (read back by `parse`)."""
    choices = list(HelpChoice.objects.filter(user=user))
    urges: list[UrgeData] = [
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
            "helped": [_helped_data(answer) for answer in u.helped.all()],
            "helped_answered_at": _when(u.helped_answered_at),
        }
        for u in Urge.objects.filter(user=user)
        .prefetch_related("helped__choice")
        .order_by("created")
    ]
    contacts: list[ContactData] = [
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
        "what_helps": {
            "own": [c.label for c in choices if not c.hidden],
            "hidden": [c.hidden for c in choices if c.hidden],
        },
        "reasons_to_wait": [r.text for r in ReasonToWait.objects.filter(user=user)],
        "logistics_contacts": contacts,
        "friend": {"name": user.friend_name, "email": user.friend_email}
        if user.friend_name or user.friend_email
        else None,
    }


def _helped_data(answer: Helped) -> HelpedData:
    if answer.choice is not None:
        return {"key": Helped.OWN, "label": answer.choice.label}
    if answer.key == HELPED_OTHER:
        return {"key": HELPED_OTHER, "note": answer.note}
    return {"key": answer.key}


def helped_words(answers: list[HelpedData]) -> str:
    """What helped, as a line says it: "A walk, my dog, a cold shower"."""
    labels = dict(Help.choices)
    return ", ".join(
        answer.get("label") or answer.get("note") or str(labels.get(answer["key"], answer["key"]))
        for answer in answers
    )


def markdown(user: User) -> str:
    """The same records as one readable Markdown page, for the Markdown zip, in the
    account's words."""
    records = json_sections(user)
    labels = dict(Trigger.choices)
    outcomes = dict(Urge.Outcome.choices)
    lines = ["# " + _("Hard moments"), ""]
    if records["friend"]:
        friend = records["friend"]
        lines += [
            _("A friend to call: %(name)s <%(email)s>")
            % {"name": friend["name"], "email": friend["email"]},
            "",
        ]
    lines += ["## " + _("Reasons to wait"), ""]
    reasons = records["reasons_to_wait"]
    lines += [f"{n}. {text}" for n, text in enumerate(reasons, start=1)] or ["-"]
    lines += ["", "## " + _("Urges"), ""]
    for urge in records["urges"]:
        triggers = ", ".join(str(labels.get(t, t)) for t in urge["triggers"])
        outcome = str(outcomes.get(urge["outcome"], "")) or _("no answer")
        parts = [
            f"{urge['created'][:16].replace('T', ' ')} UTC",
            triggers or _("no trigger named"),
        ]
        if urge["intensity"]:
            parts.append(_("strength %(n)s") % {"n": urge["intensity"]})
        parts.append(outcome)
        if urge["draft"] == "kept":
            parts.append(_("unsent draft"))
        if urge["helped"]:
            parts.append(_("what helped: %(what)s") % {"what": helped_words(urge["helped"])})
        lines.append("- " + " · ".join(parts))
        if urge["trigger_note"]:
            lines.append(f"  {urge['trigger_note']}")
        if urge["message"]:
            lines += ["", *("  > " + line for line in urge["message"].splitlines()), ""]
    lines += ["", "## " + _("Practical contacts (did not count)"), ""]
    lines += [
        f"- {c['day']} ({c['period']['label']}): {c['note']}" for c in records["logistics_contacts"]
    ] or ["-"]
    return "\n".join(lines) + "\n"


def parse(document: dict[str, Any]) -> HardMomentRecords:
    """Check the hard-moment keys of an own-format export; raise ImportProblem on a fault."""
    urges, reasons, contacts = (
        document.get(name) or [] for name in ("urges", "reasons_to_wait", "logistics_contacts")
    )
    if not all(isinstance(value, list) for value in (urges, reasons, contacts)):
        raise ImportProblem(_("urges, reasons_to_wait and logistics_contacts should be lists."))
    checked_urges = [_urge(raw, number) for number, raw in enumerate(urges, start=1)]
    helped = [
        _helped(raw.get("helped"), _("Urge %(number)s") % {"number": number})
        for number, raw in enumerate(urges, start=1)
    ]
    checked_reasons: list[str] = []
    for number, text in enumerate(reasons, start=1):
        where = _("Reason to wait %(number)s") % {"number": number}
        if not isinstance(text, str) or not text.strip():
            raise ImportProblem(_("%(where)s is empty.") % {"where": where})
        reason = ReasonToWait(text=text.strip())
        validate(reason, where, exclude=["user"])
        checked_reasons.append(reason.text)
    checked_contacts: list[ContactRecord] = []
    for number, raw in enumerate(contacts, start=1):
        where = _("Practical contact %(number)s") % {"number": number}
        period = raw.get("period") if isinstance(raw, dict) else None
        if (
            not isinstance(period, dict)
            or type(period.get("days")) is not int
            or not isinstance(period.get("label"), str)
            or not isinstance(raw.get("note"), str)
        ):
            raise ImportProblem(_("%(where)s has no waiting period or note.") % {"where": where})
        check_storable(where, _("the waiting period"), period["label"])
        contact = LogisticsContact(day=date(raw.get("day"), where), note=raw["note"])
        validate(contact, where, exclude=["period"])
        checked_contacts.append(
            {
                "label": period["label"],
                "start": date(period.get("start"), where),
                "days": period["days"],
                "day": contact.day,
                "note": contact.note,
            }
        )
    what_helps = _what_helps(document.get("what_helps"))
    labels = {label.casefold() for label in what_helps["own"]} | {
        answer["label"].casefold() for answers in helped for answer in answers if "label" in answer
    }
    if len(labels) > limits.HELPS_OWN_MAX:
        raise ImportProblem(
            _("The file names more than %(limit)d things of your own that help.")
            % {"limit": limits.HELPS_OWN_MAX}
        )
    return {
        "urges": checked_urges,
        "helped": helped,
        "what_helps": what_helps,
        "reasons": checked_reasons,
        "contacts": checked_contacts,
        "friend": _friend(document.get("friend")),
    }


def _urge(raw: object, number: int) -> Urge:
    where = _("Urge %(number)s") % {"number": number}
    if not isinstance(raw, dict):
        raise ImportProblem(_("%(where)s is not an object.") % {"where": where})
    created = moment(raw.get("created"), where)
    triggers = raw.get("triggers") or []  # optional since an urge needs nothing named
    if not isinstance(triggers, list) or not all(
        isinstance(t, str) and t in Trigger.values for t in triggers
    ):
        raise ImportProblem(
            _("%(where)s: the triggers must be from the list (loneliness, … other).")
            % {"where": where}
        )
    intensity = raw.get("intensity")
    if intensity is not None and type(intensity) is not int:
        raise ImportProblem(_("%(where)s: the strength must be from 1 to 10.") % {"where": where})
    message, note = raw.get("message") or "", raw.get("trigger_note") or ""
    outcome, draft = raw.get("outcome") or "", raw.get("draft") or ""
    if not all(isinstance(v, str) for v in (message, note, outcome, draft)):
        raise ImportProblem(_("%(where)s: the message should be text.") % {"where": where})
    urge = Urge(
        created=created,
        pause_until=optional_moment(raw.get("pause_until"), where) or created,
        message=message,
        triggers=Urge.pack_triggers(list(dict.fromkeys(triggers))),
        trigger_note=note,
        intensity=intensity,
        outcome=outcome,
        outcome_at=optional_moment(raw.get("outcome_at"), where),
        draft=draft,
        draft_kept_at=optional_moment(raw.get("draft_kept_at"), where),
        friend_asked_at=optional_moment(raw.get("friend_asked_at"), where),
        reset_at=optional_moment(raw.get("reset_at"), where),
        helped_answered_at=optional_moment(raw.get("helped_answered_at"), where),
    )
    validate(urge, where, exclude=["user"])
    return urge


def _help_label(label: object, where: str) -> str:
    if not isinstance(label, str) or not label.strip():
        raise ImportProblem(_("%(where)s: an item of your own has no words.") % {"where": where})
    choice = HelpChoice(label=label.strip())
    validate(choice, where, exclude=["user"])
    return str(choice.label)


def _helped(value: object, where: str) -> list[HelpedData]:
    """An urge's answers to "What helped?", checked; none in an older export."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ImportProblem(_("%(where)s: what helped should be a list.") % {"where": where})
    answers: list[HelpedData] = []
    for item in value:
        key = item.get("key")
        if key == Helped.OWN:
            answers.append({"key": Helped.OWN, "label": _help_label(item.get("label"), where)})
        elif key == HELPED_OTHER:
            note = item.get("note")
            if not isinstance(note, str) or not note.strip():
                raise ImportProblem(
                    _("%(where)s: “something else” helped, but no words say what.")
                    % {"where": where}
                )
            validate(Helped(key=HELPED_OTHER, note=note.strip()), where, ["user", "urge"])
            answers.append({"key": HELPED_OTHER, "note": note.strip()})
        elif key in Help.values:
            answers.append({"key": str(key)})
        else:
            raise ImportProblem(
                _("%(where)s: what helped must be from the list (walk, … sleep), own or other.")
                % {"where": where}
            )
    return answers


def _what_helps(value: object) -> WhatHelpsData:
    if value is None:
        return {"own": [], "hidden": []}
    where = _("Your list of what helps")
    own = value.get("own") or [] if isinstance(value, dict) else None
    hidden = value.get("hidden") or [] if isinstance(value, dict) else None
    if not isinstance(own, list) or not isinstance(hidden, list):
        raise ImportProblem(_("%(where)s: 'own' and 'hidden' should be lists.") % {"where": where})
    if len(own) > limits.HELPS_OWN_MAX:
        raise ImportProblem(
            _("%(where)s holds more than %(limit)d items of your own.")
            % {"where": where, "limit": limits.HELPS_OWN_MAX}
        )
    if not all(key in Help.values for key in hidden):
        raise ImportProblem(
            _("%(where)s: a hidden choice is not one of the list's.") % {"where": where}
        )
    return {"own": [_help_label(label, where) for label in own], "hidden": list(hidden)}


def _friend(friend: object) -> Friend | None:
    if friend is None:
        return None
    if not isinstance(friend, dict):
        raise ImportProblem(_("friend should be an object."))
    name, email = friend.get("name") or "", friend.get("email") or ""
    if not isinstance(name, str) or not isinstance(email, str):
        raise ImportProblem(_("The friend's name and email should be text."))
    where = _("The friend to call")
    user = get_user_model()(friend_name=name, friend_email=email)
    for field_name in ("friend_name", "friend_email"):
        value = getattr(user, field_name)
        check_storable(where, field_name, value)
        model_field = user._meta.get_field(field_name)
        assert isinstance(model_field, models.Field)  # noqa: S101 - for mypy: a column, not a relation
        try:
            model_field.clean(value, user)
        except ValidationError as error:
            raise ImportProblem(f"{where}: {error.messages[0]}") from None
    return {"name": name, "email": email}


def save(records: HardMomentRecords | None, user: User) -> None:
    """Add what is not already there; called inside the import's transaction."""
    if records is None:  # not this app's own export
        return
    known = set(Urge.objects.filter(user=user).values_list("created", flat=True))
    fresh = [
        (urge, answers)
        for urge, answers in zip(records["urges"], records["helped"], strict=True)
        if urge.created not in known
    ]
    for urge, _answers in fresh:
        urge.user = user
    Urge.objects.bulk_create(urge for urge, _answers in fresh)
    _save_what_helped(records["what_helps"], fresh, user)
    reasons = list(ReasonToWait.objects.filter(user=user).values_list("text", flat=True))
    new_reasons = [text for text in dict.fromkeys(records["reasons"]) if text not in reasons]
    ReasonToWait.objects.bulk_create(
        ReasonToWait(user=user, text=text, order=len(reasons) + index)
        for index, text in enumerate(new_reasons)
    )
    periods = {(p.label, p.start, p.days): p for p in WaitingPeriod.objects.filter(user=user)}
    noted = set(
        LogisticsContact.objects.filter(period__user=user).values_list("period_id", "day", "note")
    )
    for contact in records["contacts"]:
        period = periods.get((contact["label"], contact["start"], contact["days"]))
        if period is None:
            raise ImportProblem(
                _("A practical contact belongs to a waiting period that is not in the file.")
            )
        if (period.pk, contact["day"], contact["note"]) not in noted:
            LogisticsContact.objects.create(period=period, day=contact["day"], note=contact["note"])
            noted.add((period.pk, contact["day"], contact["note"]))
    friend = records["friend"]
    if friend and not (user.friend_name or user.friend_email):
        user.friend_name, user.friend_email = friend["name"], friend["email"]
        user.save(update_fields=["friend_name", "friend_email"])


def _save_what_helped(
    what_helps: WhatHelpsData, fresh: list[tuple[Urge, list[HelpedData]]], user: User
) -> None:
    """The list's own items and hidden choices not already there, and the answers of the
    urges just added (an urge already here keeps its own)."""
    choices = list(HelpChoice.objects.filter(user=user))
    own = {c.label.casefold(): c for c in choices if not c.hidden}
    hidden = {c.hidden for c in choices if c.hidden}
    labels = what_helps["own"] + [
        answer["label"] for _urge, answers in fresh for answer in answers if "label" in answer
    ]
    for label in labels:
        if label.casefold() not in own:
            own[label.casefold()] = HelpChoice.objects.create(user=user, label=label)
    HelpChoice.objects.bulk_create(
        HelpChoice(user=user, hidden=key)
        for key in dict.fromkeys(what_helps["hidden"])
        if key not in hidden
    )
    rows: dict[tuple[int, str, int | None], Helped] = {}
    for urge, answers in fresh:
        for answer in answers:
            choice = own[answer["label"].casefold()] if "label" in answer else None
            key = (urge.pk, answer["key"], choice.pk if choice else None)
            rows[key] = Helped(
                user=user, urge=urge, key=answer["key"], choice=choice, note=answer.get("note", "")
            )
    Helped.objects.bulk_create(rows.values())
