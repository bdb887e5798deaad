"""Waiting periods: a no-contact clock, its resets and its reminders."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from typing_extensions import TypeVar

from reconnect.lib import limits
from reconnect.lib.fields import (
    SealedCharField,
    SealedModel,
    SealedTextField,
)

if TYPE_CHECKING:
    from ..auth import User

MILESTONE_DAYS = (7, 14, 30, 60, 90)


# What the queryset yields: periods, or periods with annotations (`reset_count`).
_Row = TypeVar("_Row", default="WaitingPeriod")


class WaitingPeriodQuerySet(models.QuerySet["WaitingPeriod", _Row], Generic[_Row]):
    def begin(
        self, user: User, label: str, start: dt.date, days: int, **fields: Any
    ) -> WaitingPeriod:
        """A new period whose clock starts at the first moment of `start` in the user's zone."""
        return self.create(
            user=user,
            label=label,
            start=start,
            days=days,
            started_at=local_midnight(start, user.tzinfo),
            **fields,
        )


class WaitingPeriod(SealedModel):
    """A no-contact timer. The current run starts at `started_at` and lasts `days` local days.

    A reset ends the current run (kept as a `Reset`) and starts a new one.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="waiting_periods"
    )
    label = SealedCharField(_("label"), max_length=limits.PERIOD_LABEL_MAX)
    purpose = SealedTextField(_("purpose"), blank=True, max_length=limits.PERIOD_PURPOSE_MAX)
    start = models.DateField(_("start"))
    days = models.PositiveSmallIntegerField(
        _("days"), validators=[MinValueValidator(1), MaxValueValidator(limits.PERIOD_DAYS_MAX)]
    )
    started_at = models.DateTimeField()
    # This period's id in every export, the same in any account it is imported into.
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = WaitingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "-started_at"], name="period_user_started")]
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=1, days__lte=limits.PERIOD_DAYS_MAX), name="period_days_range"
            ),
        ]

    def __str__(self) -> str:
        return str(self.label)

    def get_absolute_url(self) -> str:
        return reverse("journal:period_detail", args=[self.pk])

    def ends_at(self, tz: zoneinfo.ZoneInfo) -> dt.datetime:
        """When the current run ends."""
        return self.reached_at(self.days, tz)

    def reached_at(self, day: int, tz: zoneinfo.ZoneInfo) -> dt.datetime:
        """When the current run reaches `day` days: the same local wall-clock time.

        Adding days to the local (naive) time and localising again keeps the end on the
        right local day across a DST change, where adding 24-hour days would not.
        """
        local_start = within_calendar(self.started_at).astimezone(tz).replace(tzinfo=None)
        return (local_start + dt.timedelta(days=day)).replace(tzinfo=tz)

    def milestones(self) -> list[int]:
        """The days worth marking in the current run: 7, 14, 30, 60, 90 within it, and the end."""
        return [day for day in MILESTONE_DAYS if day < self.days] + [self.days]

    def is_complete(self, now: dt.datetime, tz: zoneinfo.ZoneInfo) -> bool:
        return now >= self.ends_at(tz)

    def percent_done(self, now: dt.datetime, tz: zoneinfo.ZoneInfo) -> int:
        total = (self.ends_at(tz) - self.started_at).total_seconds()
        elapsed = (now - self.started_at).total_seconds()
        return max(0, min(100, int(100 * elapsed / total))) if total > 0 else 100

    def progress(self, now: dt.datetime, tz: zoneinfo.ZoneInfo, reset_count: int = 0) -> Progress:
        """Where the current run stands at `now`, in whole days as the user counts them."""
        ends_at = self.ends_at(tz)
        remaining = max((ends_at - now).total_seconds(), 0)
        days_kept = min(local_days(self.started_at, min(now, ends_at), tz), self.days)
        return Progress(
            period=self,
            percent=self.percent_done(now, tz),
            started_at=within_calendar(self.started_at),
            days_elapsed=days_kept,
            days_left=self.days - days_kept,
            ends_at=ends_at,
            complete=remaining == 0,
            reset_count=reset_count,
        )

    def run_days_at(self, at: dt.datetime, tz: zoneinfo.ZoneInfo) -> int:
        """The days the current run has kept by `at`, as `progress` counts them: local
        calendar days, at most the run's length."""
        return min(local_days(self.started_at, at, tz), self.days)

    def runs_kept(self, ends: list[dt.datetime], tz: zoneinfo.ZoneInfo) -> list[int]:
        """The days each broken run kept, for resets at `ends` whose runs were not counted
        when they ended (an older export): each run from the period's first day, at
        midnight, or the reset before, to its reset, as `run_days_at` counts; in order."""
        begun = local_midnight(self.start, tz)
        kept = []
        for end in sorted(ends):
            kept.append(min(local_days(begun, end, tz), self.days))
            begun = end
        return kept

    def reset(self, note: str, at: dt.datetime, tz: zoneinfo.ZoneInfo, triggers: str = "") -> Reset:
        """End the current run at `at`, keeping it as history with the days it kept (and,
        if the person said, what led to it: packed trigger keys), and start a new one then."""
        with transaction.atomic():
            broken = Reset.objects.create(
                period=self,
                run_started_at=self.started_at,
                at=at,
                note=note,
                run_days=self.run_days_at(at, tz),
                triggers=triggers,
            )
            self.started_at = at
            self.save(update_fields=["started_at"])
        return broken

    def history(self, resets: list[Reset], now: dt.datetime, tz: zoneinfo.ZoneInfo) -> History:
        """Resets, the longest run and the days kept over every run, broken or not: each
        broken run as it was counted when it ended, the current one as `progress` counts it."""
        runs = [r.run_days for r in resets]
        return self.history_of(now, tz, len(runs), sum(runs), max(runs, default=0))

    def history_of(
        self,
        now: dt.datetime,
        tz: zoneinfo.ZoneInfo,
        reset_count: int,
        kept_before: int,
        longest_before: int,
    ) -> History:
        """The history from its resets' sums (a list of periods gets them in its one query)."""
        current = self.run_days_at(min(now, self.ends_at(tz)), tz)
        return History(
            reset_count=reset_count,
            current_days=current,
            longest_clean_days=max(current, longest_before),
            total_kept_days=current + kept_before,
        )


@dataclass(frozen=True)
class Progress:
    period: WaitingPeriod
    percent: int
    started_at: dt.datetime  # the current run's start, as a page can show it
    days_elapsed: int
    days_left: int
    ends_at: dt.datetime
    complete: bool
    reset_count: int


@dataclass(frozen=True)
class History:
    reset_count: int
    current_days: int  # the current run, as `progress` counts it
    longest_clean_days: int  # the longest run, the current one included
    total_kept_days: int  # every run, broken or not


# Moments a clock may be read at: a year inside each end of the calendar, so that any time
# zone shift plus a run's 365 days stays representable. Forms refuse dates before 1900, but
# a record made otherwise (the admin, an old import) must not break every page it is on.
EARLIEST_MOMENT = dt.datetime(2, 1, 1, tzinfo=dt.UTC)
LATEST_MOMENT = dt.datetime(9998, 1, 1, tzinfo=dt.UTC)


def within_calendar(moment: dt.datetime) -> dt.datetime:
    """`moment`, moved inside the years 2 to 9997 if it lies outside them."""
    return min(max(moment, EARLIEST_MOMENT), LATEST_MOMENT)


def local_days(start: dt.datetime, end: dt.datetime, tz: zoneinfo.ZoneInfo) -> int:
    """Whole days from `start` to `end` as a wall clock in `tz` counts them (0 if `end` is
    earlier): a day across a clock change is one day, though it lasts 23 or 25 hours. Days
    kept, the longest run and the days kept in all are counted by it alike."""
    local_start = within_calendar(start).astimezone(tz).replace(tzinfo=None)
    local_end = within_calendar(end).astimezone(tz).replace(tzinfo=None)
    return max((local_end - local_start).days, 0)


def local_midnight(day: dt.date, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """The first moment of `day` in `tz`, as an aware datetime."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz)


class Reset(SealedModel):
    """A broken run of a waiting period, kept as history."""

    period = models.ForeignKey(WaitingPeriod, on_delete=models.CASCADE, related_name="resets")
    run_started_at = models.DateTimeField()
    at = models.DateTimeField(default=timezone.now)
    note = SealedTextField(_("what happened"), max_length=limits.RESET_NOTE_MAX)
    # The local days the run kept, counted when it ended (in the zone the person had then),
    # so a later change of zone never rewrites what they kept.
    run_days = models.PositiveIntegerField(_("days kept"), default=0)
    # What led to it, if the person said: trigger keys between commas, as an urge's, or
    # ",unsaid," for "I'd rather not say"; empty when not asked or not answered.
    triggers = models.CharField(_("what led to it"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["period", "-at"], name="reset_period_at")]

    def __str__(self) -> str:
        return f"{self.period} reset at {self.at:%Y-%m-%d}"

    def sealing_owner_id(self) -> int:
        return self.period.user_id

    @property
    def trigger_keys(self) -> list[str]:
        return [key for key in self.triggers.split(",") if key]


class Reminder(models.Model):
    """A reminder email sent for one milestone (or the end) of one run of a waiting period."""

    period = models.ForeignKey(WaitingPeriod, on_delete=models.CASCADE, related_name="reminders")
    run_started_at = models.DateTimeField()
    day = models.PositiveSmallIntegerField(help_text="the milestone: days since the run began")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period", "run_started_at", "day"], name="reminder_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period}: day {self.day}"
