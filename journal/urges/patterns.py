"""The hard moment: patterns in a user's urges, and the words around them.

Every number here comes from a grouped query, so a page costs the same number of queries
whatever the size of the history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncDate
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import COOLING_HOURS, Trigger, Urge, WaitingPeriod

if TYPE_CHECKING:
    from ..auth import User

PATTERN_WEEKS = 12
PASSED_DAYS = 30
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


def urge_patterns(user: User, now: dt.datetime) -> Patterns:
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
    rested: int  # kept drafts whose 72 hours are over, not yet told on the dashboard

    @property
    def open(self) -> int:
        """Moments of the last 30 days with no outcome noted yet: counted, not dropped."""
        return self.count - self.decided


def _rested_untold(now: dt.datetime) -> Q:
    return Q(
        draft=Urge.Draft.KEPT,
        rested_told_at__isnull=True,
        created__lte=now - dt.timedelta(hours=COOLING_HOURS),
    )


def urge_summary(user: User, now: dt.datetime) -> Summary:
    """The last 30 days, and drafts that have finished resting, in one query.

    The rows (a month of moments and the drafts not yet told of, a few dozen at most) are
    counted here: the same counts as filtered aggregates cost more to build than the rows
    cost to read (docs/performance.md has the figures).
    """
    since = now - dt.timedelta(days=PASSED_DAYS)
    rested_by = now - dt.timedelta(hours=COOLING_HOURS)
    rows = (
        Urge.objects.filter(Q(created__gte=since) | _rested_untold(now), user_id=user.pk)
        .values_list("created", "outcome", "draft", "rested_told_at")
        .order_by()
    )
    count = passed = decided = rested = 0
    for created, outcome, draft, told in rows:
        if created >= since:
            count += 1
            passed += outcome in PASSED
            decided += outcome in DECIDED
        rested += draft == Urge.Draft.KEPT and told is None and created <= rested_by
    return Summary(count=count, passed=passed, decided=decided, rested=rested)


def tell_rested(user: User, now: dt.datetime) -> None:
    """Mark rested drafts as told, so the dashboard says it once for each."""
    Urge.objects.filter(_rested_untold(now), user=user).update(rested_told_at=now)


def running_period(user: User, now: dt.datetime) -> WaitingPeriod | None:
    """The newest waiting period whose current run has not ended (one query)."""
    tz = user.tzinfo
    for period in WaitingPeriod.objects.filter(user=user).order_by("-started_at"):
        if not period.is_complete(now, tz):
            return period
    return None


def reset_note(urge: Urge) -> str:
    """The note a `contacted` urge leaves on the reset: what set it off, and when."""
    when = date_format(urge.created.astimezone(urge.user.tzinfo), "SHORT_DATETIME_FORMAT")
    return _("After an urge (%(triggers)s), %(when)s.") % {
        "triggers": ", ".join(urge.trigger_labels) or _("no trigger named"),
        "when": when,
    }
