"""The hard moment: patterns in a user's urges, the friend's email, and the words around them.

Every number here comes from a grouped query, so a page costs the same number of queries
whatever the size of the history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncDate
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import limits
from .mail import queue_message
from .models import Trigger, Urge, WaitingPeriod

PATTERN_WEEKS = 12
PASSED_DAYS = 30
FRIEND_EMAIL_EVERY = dt.timedelta(minutes=30)
# Parts of the day by local hour: (first hour, label).
PARTS_OF_DAY = (
    (0, gettext_lazy("Night")),
    (6, gettext_lazy("Morning")),
    (12, gettext_lazy("Afternoon")),
    (18, gettext_lazy("Evening")),
)
PASSED = (Urge.Outcome.RODE_OUT, Urge.Outcome.KEPT_DRAFT)
DECIDED = (*PASSED, Urge.Outcome.CONTACTED)
# Short lines from the guide, each with the tip it comes from.
GUIDE_LINES = (
    (gettext_lazy("Change becomes believable through time."), "wait"),
    (gettext_lazy("If you slip, don't give up. Notice what set you off."), "wait"),
    (gettext_lazy("You were whole before you met, and you are now."), "you-dont-need-them"),
    (gettext_lazy("Give your ex real space, and give yourself some too."), "wait"),
)


def part_of_day(hour: int) -> int:
    """The index in PARTS_OF_DAY of a local hour (0–23)."""
    return max(i for i, (first, _label) in enumerate(PARTS_OF_DAY) if hour >= first)


@dataclass(frozen=True)
class Patterns:
    weeks: list[tuple[dt.date, int]]  # Monday of each of the last 12 weeks, oldest first
    triggers: list[tuple[str, str, int]]  # (key, label, count), most frequent first
    grid: dict[tuple[int, int], int]  # (ISO weekday 1–7, part of day) -> count
    total: int  # urges in the 12 weeks
    passed: int  # last 30 days, passed without contact
    decided: int  # last 30 days, with an answer to "how did it go" (practical ones aside)


def urge_patterns(user: Any, now: dt.datetime) -> Patterns:
    """Three grouped queries: per day, per trigger (with the 30-day outcome), per weekday-hour."""
    tz = user.tzinfo
    today = now.astimezone(tz).date()
    first_monday = today - dt.timedelta(days=today.weekday(), weeks=PATTERN_WEEKS - 1)
    since = dt.datetime.combine(first_monday, dt.time.min, tzinfo=tz)
    recent = Urge.objects.filter(user=user, created__gte=since)
    per_day = (
        recent.annotate(local_day=TruncDate("created", tzinfo=tz))
        .values("local_day")
        .annotate(n=Count("id"))
        .order_by()
    )
    weeks = {first_monday + dt.timedelta(weeks=w): 0 for w in range(PATTERN_WEEKS)}
    for row in per_day:
        day = row["local_day"]
        weeks[day - dt.timedelta(days=day.weekday())] += row["n"]
    last_30 = Q(created__gte=now - dt.timedelta(days=PASSED_DAYS))
    counts = recent.aggregate(
        total=Count("id"),
        passed=Count("id", filter=last_30 & Q(outcome__in=PASSED)),
        decided=Count("id", filter=last_30 & Q(outcome__in=DECIDED)),
        **{key: Count("id", filter=Q(triggers__contains=f",{key},")) for key in Trigger.values},
    )
    # Urges older than 12 weeks are outside `recent`, but a 30-day window is inside it.
    triggers = sorted(
        ((key, str(label), counts[key]) for key, label in Trigger.choices if counts[key]),
        key=lambda t: -t[2],
    )
    grid: dict[tuple[int, int], int] = {}
    per_slot = (
        recent.annotate(
            weekday=ExtractIsoWeekDay("created", tzinfo=tz), hour=ExtractHour("created", tzinfo=tz)
        )
        .values("weekday", "hour")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in per_slot:
        slot = (row["weekday"], part_of_day(row["hour"]))
        grid[slot] = grid.get(slot, 0) + row["n"]
    return Patterns(
        weeks=sorted(weeks.items()),
        triggers=triggers,
        grid=grid,
        total=counts["total"],
        passed=counts["passed"],
        decided=counts["decided"],
    )


@dataclass(frozen=True)
class Summary:
    count: int
    passed: int
    decided: int


def urge_summary(user: Any, now: dt.datetime) -> Summary:
    """The last 30 days in one aggregate query, for the dashboard's one line."""
    counts = Urge.objects.filter(
        user=user, created__gte=now - dt.timedelta(days=PASSED_DAYS)
    ).aggregate(
        count=Count("id"),
        passed=Count("id", filter=Q(outcome__in=PASSED)),
        decided=Count("id", filter=Q(outcome__in=DECIDED)),
    )
    return Summary(**counts)


def running_period(user: Any, now: dt.datetime) -> WaitingPeriod | None:
    """The newest waiting period whose current run has not ended (one query)."""
    tz = user.tzinfo
    for period in WaitingPeriod.objects.filter(user=user).order_by("-started_at"):
        if not period.is_complete(now, tz):
            return period
    return None


def reset_note(urge: Urge) -> str:
    """The note a `contacted` urge leaves on the reset: what set it off, and when."""
    when = date_format(urge.created.astimezone(urge.user.tzinfo), "j M Y, H:i")
    return _("After an urge (%(triggers)s), %(when)s.") % {
        "triggers": ", ".join(urge.trigger_labels) or _("no trigger named"),
        "when": when,
    }


def last_friend_ask(user: Any) -> dt.datetime | None:
    return (
        Urge.objects.filter(user=user, friend_asked_at__isnull=False)
        .order_by("-friend_asked_at")
        .values_list("friend_asked_at", flat=True)
        .first()
    )


def ask_friend(urge: Urge, now: dt.datetime) -> bool:
    """Email the user's friend, asking for a call; False when asked under 30 minutes ago.

    The email says who is asking and that they could use a call now. Nothing from the
    journal, the urge or the ex is in it.
    """
    user = urge.user
    # One mail per 30 minutes, decided on one row that concurrent asks queue on.
    if not limits.allow("friend", str(user.pk), 1, FRIEND_EMAIL_EVERY):
        return False
    name = user.get_full_name() or user.get_username()
    body = _(
        "Hi %(friend)s,\n\n"
        "%(name)s is having a hard moment and could use a call or a message from you now.\n\n"
        "They asked Reconnect, an app they use, to send you this note. Nothing else about "
        "them is shared.\n"
    ) % {"friend": user.friend_name, "name": name}
    if user.email:
        body += "\n" + _("Their email address: %(email)s") % {"email": user.email} + "\n"
    queue_message(_("%(name)s asks if you could call") % {"name": name}, body, [user.friend_email])
    urge.friend_asked_at = now
    urge.save(update_fields=["friend_asked_at"])
    return True
