"""What got a person through an urge: their list of what helps (the built-in choices
they keep, their own items, and "something else" in a few words), the answers of one
pause, and the home's question a few minutes after a pause ends.

A pause may have several answers (a walk, and then a call to a friend): each tap adds
one, and tapping a chosen one again takes it back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from reconnect.lib import limits

from ..models import HELPED_OTHER, OWN_HELP_PREFIX, Help, HelpChoice, Helped, Urge
from ..models.urges import asks_what_helped, pause_ended

if TYPE_CHECKING:
    from ..auth import User

# The home asks a few minutes after a pause ends, and for a day at most.
ASK_AFTER = dt.timedelta(minutes=5)
ASK_FOR = dt.timedelta(days=1)


@dataclass(frozen=True)
class Option:
    """One button of "What helped?": `key` is a built-in key or "own-<id>"."""

    key: str
    label: str
    own: bool = False


def own_key(pk: int) -> str:
    return f"{OWN_HELP_PREFIX}{pk}"


def own_pk(key: str) -> int | None:
    """The id in an own item's key ("own-12" -> 12), or None for any other text."""
    number = key.removeprefix(OWN_HELP_PREFIX)
    if key == number or not number.isascii() or not number.isdigit() or len(number) > 18:
        return None
    return int(number)


def options(user: User) -> list[Option]:
    """The person's list: the built-in choices they have not hidden, then their own, in
    the order they added them (one query)."""
    rows = list(HelpChoice.objects.filter(user=user))
    hidden = {row.hidden for row in rows if row.hidden}
    built_in = [Option(key, str(label)) for key, label in Help.choices if key not in hidden]
    return built_in + [Option(row.key, row.label, own=True) for row in rows if not row.hidden]


@dataclass
class Question:
    """What the "What helped?" form shows for one pause, at home or on the pause page."""

    urge: Urge
    options: list[Option]
    chosen: set[str] = field(default_factory=set)  # keys of the answers given
    other_note: str | None = None  # the "something else" answer's words, if there is one
    place: str = "pause"  # "home" or "pause": where the form sends the person back to
    problem: str = ""  # why the last tap changed nothing
    said: str = ""  # what the last tap did
    skipped: bool = False

    @property
    def buttons(self) -> list[tuple[Option, bool]]:
        return [(option, option.key in self.chosen) for option in self.options]

    @property
    def answered(self) -> bool:
        return bool(self.chosen) or self.other_note is not None

    @property
    def note_max(self) -> int:
        return limits.HELPED_NOTE_MAX

    @property
    def at_home(self) -> bool:
        return self.place == "home"


def question(urge: Urge, place: str = "pause", problem: str = "") -> Question:
    """The form for `urge` with its answers pressed (two queries: the list, the answers).
    An answer whose item is no longer on the list (a built-in hidden since) still shows,
    pressed, so it can be taken back."""
    shown = options(urge.user)
    chosen: set[str] = set()
    other_note = None
    listed = {option.key for option in shown}
    labels = dict(Help.choices)
    for answer in urge.helped.select_related("choice"):
        if answer.key == HELPED_OTHER:
            other_note = answer.note
            continue
        key = answer_key(answer)
        chosen.add(key)
        if key not in listed:
            label = answer.choice.label if answer.choice else str(labels.get(key, key))
            shown.append(Option(key, label, own=answer.choice is not None))
            listed.add(key)
    return Question(urge, shown, chosen, other_note, place, problem)


def home_question(user: User, ask: tuple[int, dt.datetime] | None) -> Question | None:
    """The home's card for the pause `urge_summary` found to ask about (its id and when it
    began), if any. No answer exists yet (answering is what ends the asking), so only the
    list is read: one query, and none without a pause to ask about."""
    if ask is None:
        return None
    urge_id, created = ask
    return Question(Urge(pk=urge_id, user=user, created=created), options(user), place="home")


def answer_key(answer: Helped) -> str:
    return own_key(answer.choice_id) if answer.choice_id else answer.key


def ask_home(
    outcome: str,
    pause_until: dt.datetime,
    outcome_at: dt.datetime | None,
    answered_at: dt.datetime | None,
    now: dt.datetime,
) -> dt.datetime | None:
    """When a pause ended if the home should ask what helped now, else None: a pause that
    ended between five minutes and a day ago, not yet answered or skipped, and not one
    that ended in sending or was something practical. From the urge's columns."""
    if answered_at is not None or not asks_what_helped(outcome):
        return None
    ended = pause_ended(pause_until, outcome, outcome_at)
    return ended if now - ASK_FOR <= ended <= now - ASK_AFTER else None


class NotNow(Exception):
    """The pause cannot take an answer (yet): the message says why."""


def record(urge: Urge, data: dict[str, str], now: dt.datetime) -> str:
    """Add, take back or skip, from the form's cleaned data; the words to say after it.
    Raises NotNow for a pause still running or one that ended in sending."""
    if not urge.has_ended(now):
        raise NotNow(_("The pause is still running. When it is over, you can say what helped."))
    if not urge.asks_what_helped:
        raise NotNow(_("This moment has no “What helped?” to answer."))
    with transaction.atomic():
        if data["skip"]:
            said = _("Skipped. You can still answer on the pause's page.")
        elif data["take_back"]:
            _take_back(urge, data["take_back"])
            said = _("Taken back.")
        else:
            _add(urge, data["helped"], data["helped_note"], now)
            said = _("Noted. It is yours to reach for next time.")
        if urge.helped_answered_at is None:
            urge.helped_answered_at = now
            urge.save(update_fields=["helped_answered_at"])
    return said


def _add(urge: Urge, key: str, note: str, now: dt.datetime) -> None:
    pk = own_pk(key)
    if pk is not None:
        choice = HelpChoice.objects.filter(user=urge.user_id, pk=pk, hidden="").first()
        if choice is None:  # removed since the form was read
            raise NotNow(_("That is not on your list; nothing was changed."))
        Helped.objects.get_or_create(
            urge=urge, choice=choice, defaults={"user_id": urge.user_id, "key": Helped.OWN}
        )
    elif key == HELPED_OTHER:
        answer = Helped.objects.filter(urge=urge, key=HELPED_OTHER, choice=None).first()
        answer = answer or Helped(user_id=urge.user_id, urge=urge, key=HELPED_OTHER, created=now)
        answer.note = note
        answer.save()
    else:
        Helped.objects.get_or_create(
            urge=urge, key=key, choice=None, defaults={"user_id": urge.user_id, "created": now}
        )


def _take_back(urge: Urge, key: str) -> None:
    pk = own_pk(key)
    if pk is not None:
        urge.helped.filter(choice_id=pk).delete()
    else:
        urge.helped.filter(key=key, choice=None).delete()
