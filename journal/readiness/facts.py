"""Gather the readiness facts from a user's records, in a fixed number of queries, and keep
the readiness timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias, TypedDict

from django.db.models import Count
from django.utils import timezone

from ..models import FocusArea, ReadinessSnapshot, Situation, WaitingPeriod
from ..stats import JournalSummary, journal_summary
from .rules import Facts, FocusFacts, PeriodFacts, SituationFacts, Verdict, evaluate

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from ..auth import User


class EntryCount(TypedDict):
    entry_count: int


class ResetCount(TypedDict):
    reset_count: int


# A change with the number of entries filed under it; a period with its number of resets.
# (Strings: WithAnnotations takes two arguments only for the type checker.)
CountedArea: TypeAlias = "WithAnnotations[FocusArea, EntryCount]"
CountedPeriod: TypeAlias = "WithAnnotations[WaitingPeriod, ResetCount]"


@dataclass(frozen=True)
class Records:
    """What the readiness pages show besides the verdict; loaded once, used twice."""

    summary: JournalSummary
    areas: list[CountedArea]  # active ones
    periods: list[CountedPeriod]
    situation: Situation | None


def waiting_periods(user: User) -> list[CountedPeriod]:
    """The user's waiting periods, newest first, each with its `reset_count` (one query)."""
    return list(WaitingPeriod.objects.filter(user=user).annotate(reset_count=Count("resets")))


def load_records(user: User, today: dt.date) -> Records:
    """Four queries, whatever the size of the journal."""
    return Records(
        summary=journal_summary(user.pk, today),
        areas=list(
            FocusArea.objects.filter(user=user, archived=False).annotate(
                entry_count=Count("entries")
            )
        ),
        periods=waiting_periods(user),
        situation=Situation.objects.filter(user=user).first(),
    )


def gather_facts(records: Records, now: dt.datetime, user: User) -> Facts:
    """Turn loaded records into the plain facts the rules take (no queries)."""
    tz = user.tzinfo
    periods = []
    for period in records.periods:
        progress = period.progress(now, tz)
        periods.append(
            PeriodFacts(
                label=period.label,
                days=period.days,
                complete=progress.complete,
                days_left=progress.days_left,
            )
        )
    situation = records.situation
    return Facts(
        entry_days=records.summary.days,
        focus_areas=tuple(
            FocusFacts(
                name=a.name,
                about_breakup=a.about_breakup,
                need_to_fix=a.need_to_fix,
                want_to_fix=a.want_to_fix,
                for_myself=a.for_myself,
                entry_count=a.entry_count,
            )
            for a in records.areas
        ),
        periods=tuple(periods),
        situation=SituationFacts(**{name: getattr(situation, name) for name in Situation.ANSWERS})
        if situation
        else None,
    )


def assess(user: User, now: dt.datetime) -> tuple[Verdict, Records]:
    """Load the user's records and evaluate them: the verdict and what it came from."""
    today = now.astimezone(user.tzinfo).date()
    records = load_records(user, today)
    return evaluate(gather_facts(records, now, user), today), records


def record_snapshot(user: User, verdict: Verdict, now: dt.datetime) -> ReadinessSnapshot | None:
    """Store the verdict if its outcome (state and which conditions are met) changed."""
    met_keys = sorted(c.key for c in verdict.conditions if c.met)
    last = ReadinessSnapshot.objects.filter(user=user).order_by("-at").first()
    if last and last.state == verdict.state and last.conditions.get("met") == met_keys:
        return None
    return ReadinessSnapshot.objects.create(
        user=user,
        at=now,
        state=verdict.state,
        met=verdict.met,
        total=verdict.total,
        conditions={"met": met_keys, "status": {c.key: c.status for c in verdict.conditions}},
    )


def record_readiness(user: User) -> None:
    """After a write that changes what the verdict reads, keep the timeline up to date.

    Called by the views and commands that write entries, changes, waiting periods,
    answers and imports; never on a page view.
    """
    now = timezone.now()
    verdict, _ = assess(user, now)
    record_snapshot(user, verdict, now)
