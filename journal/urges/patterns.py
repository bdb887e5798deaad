"""The hard moment: patterns in a user's urges, and the words around them.

Every number here comes from a grouped query, so a page costs the same number of queries
whatever the size of the history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncDate
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import (
    COOLING_HOURS,
    HELPED_OTHER,
    TRIGGER_UNSAID,
    Help,
    Helped,
    Reset,
    Trigger,
    Urge,
    WaitingPeriod,
    trigger_labels,
)
from . import helped

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
class TriggerOutcomes:
    """How the urges a trigger came before went, in the twelve weeks."""

    key: str
    label: str
    passed: int  # rode out, or kept as a draft: nothing sent
    contacted: int  # sent, or called
    open: int  # no answer yet


@dataclass(frozen=True)
class Patterns:
    weeks: list[tuple[dt.date, int]]  # Monday of each of the last 12 weeks, oldest first
    triggers: list[tuple[str, str, int]]  # (key, label, count), most frequent first
    grid: dict[tuple[int, int], int]  # (ISO weekday 1–7, part of day) -> count
    total: int  # urges in the 12 weeks
    passed: int  # last 30 days, passed without contact
    decided: int  # last 30 days, with an answer to "how did it go" (practical ones aside)
    helped: list[tuple[str, str, int]]  # what helped: (key, label, pauses), most first
    helped_pauses: int  # pauses of the 12 weeks with at least one answer to "What helped?"
    outcomes: list[TriggerOutcomes]  # each trigger with a passed, sent or open urge
    hours: list[tuple[int, int]]  # the hardest local hours: (hour, urges), most first
    before_resets: list[tuple[str, str, int]]  # what led to resets: (key, label, resets)
    resets: int  # resets of the 12 weeks, whatever was said of them


HARDEST_HOURS = 3


def urge_patterns(user: User, now: dt.datetime) -> Patterns:
    """Five grouped queries: per day; per trigger with each outcome (and the 30-day
    outcome); per weekday-hour; what helped; what came before resets."""
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
        answered=Count("id", filter=Q(Exists(Helped.objects.filter(urge=OuterRef("pk"))))),
        **_per_trigger_and_outcome(),
    )
    # Urges older than 12 weeks are outside `recent`, but a 30-day window is inside it.
    triggers = sorted(
        ((key, str(label), counts[key]) for key, label in Trigger.choices if counts[key]),
        key=lambda t: -t[2],
    )
    outcomes = [
        TriggerOutcomes(key, label, *(counts[f"{key}_{way}"] for way in ("passed", "sent", "open")))
        for key, label, _count in triggers
    ]
    grid: dict[tuple[int, int], int] = {}
    hours: dict[int, int] = {}
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
        hours[row["hour"]] = hours.get(row["hour"], 0) + row["n"]
    resets, before_resets = _before_resets(user, since)
    return Patterns(
        weeks=sorted(weeks.items()),
        triggers=triggers,
        grid=grid,
        total=counts["total"],
        passed=counts["passed"],
        decided=counts["decided"],
        helped=_what_helped(user, since),
        helped_pauses=counts["answered"],
        outcomes=[o for o in outcomes if o.passed or o.contacted or o.open],
        hours=sorted(hours.items(), key=lambda item: (-item[1], item[0]))[:HARDEST_HOURS],
        before_resets=before_resets,
        resets=resets,
    )


def _per_trigger_and_outcome() -> dict[str, Count]:
    """For each trigger, the urges it came before: in all, passed, sent, not yet answered."""
    counted = {}
    for key in Trigger.values:
        has = Q(triggers__contains=f",{key},")
        counted[key] = Count("id", filter=has)
        counted[f"{key}_passed"] = Count("id", filter=has & Q(outcome__in=PASSED))
        counted[f"{key}_sent"] = Count("id", filter=has & Q(outcome=Urge.Outcome.CONTACTED))
        counted[f"{key}_open"] = Count("id", filter=has & Q(outcome=""))
    return counted


def _what_helped(user: User, since: dt.datetime) -> list[tuple[str, str, int]]:
    """What helped through the pauses of the twelve weeks, each answer counted once a
    pause, most often first (one grouped query; own items' names open in Python)."""
    labels = {**dict(Help.choices), HELPED_OTHER: gettext_lazy("Something else")}
    rows = (
        Helped.objects.filter(user=user, urge__created__gte=since)
        .values("key", "choice_id", "choice__label")
        .annotate(n=Count("id"))
        .order_by()
    )
    found = [
        (
            helped.own_key(row["choice_id"]) if row["choice_id"] else row["key"],
            str(row["choice__label"] or labels.get(row["key"], row["key"])),
            row["n"],
        )
        for row in rows
    ]
    return sorted(found, key=lambda item: (-item[2], item[1].casefold()))


def _before_resets(user: User, since: dt.datetime) -> tuple[int, list[tuple[str, str, int]]]:
    """Resets of the twelve weeks, and what the person said led to them: each trigger,
    then "I'd rather not say", most often first (one query)."""
    keys = [*Trigger.values, TRIGGER_UNSAID]
    counts = Reset.objects.filter(period__user=user, at__gte=since).aggregate(
        total=Count("id"),
        **{key: Count("id", filter=Q(triggers__contains=f",{key},")) for key in keys},
    )
    named = sorted(
        ((key, label, counts[key]) for key, label in zip(keys, trigger_labels(keys), strict=True)),
        key=lambda item: (item[0] == TRIGGER_UNSAID, -item[2]),
    )
    return counts["total"], [item for item in named if item[2]]


@dataclass(frozen=True)
class Summary:
    count: int
    passed: int
    decided: int
    rested: int  # kept drafts whose 72 hours are over, not yet told on the dashboard
    # The pause the home asks "What helped?" about (its id and when it began), if any.
    ask_helped: tuple[int, dt.datetime] | None = None

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
    """The last 30 days, drafts that have finished resting, and the pause to ask "What
    helped?" about (helped.ask_home), in one query.

    The rows (a month of moments and the drafts not yet told of, a few dozen at most) are
    counted here: the same counts as filtered aggregates cost more to build than the rows
    cost to read (docs/performance.md has the figures).
    """
    since = now - dt.timedelta(days=PASSED_DAYS)
    rested_by = now - dt.timedelta(hours=COOLING_HOURS)
    rows = (
        Urge.objects.filter(Q(created__gte=since) | _rested_untold(now), user_id=user.pk)
        .values_list(
            "created",
            "outcome",
            "draft",
            "rested_told_at",
            "pk",
            "pause_until",
            "outcome_at",
            "helped_answered_at",
        )
        .order_by()
    )
    count = passed = decided = rested = 0
    ask: tuple[dt.datetime, int, dt.datetime] | None = None  # (ended, id, began)
    for created, outcome, draft, told, pk, pause_until, outcome_at, answered in rows:
        if created >= since:
            count += 1
            passed += outcome in PASSED
            decided += outcome in DECIDED
            ended = helped.ask_home(outcome, pause_until, outcome_at, answered, now)
            if ended is not None and (ask is None or (ended, pk) > ask[:2]):
                ask = (ended, pk, created)
        rested += draft == Urge.Draft.KEPT and told is None and created <= rested_by
    return Summary(
        count=count,
        passed=passed,
        decided=decided,
        rested=rested,
        ask_helped=(ask[1], ask[2]) if ask else None,
    )


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
