"""How long to wait: a suggested length for a new waiting period, and why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

SHORT_TOGETHER_MONTHS = 6  # together for less than this: the short suggestion
LONG_TOGETHER_MONTHS = 24  # together for up to this: the middle one; longer: the long one
SHORT_DAYS = 30
MIDDLE_DAYS = 60
LONG_DAYS = 90
FRESH_BREAKUP_DAYS = 14  # a breakup younger than this adds FRESH_EXTRA_DAYS
FRESH_EXTRA_DAYS = 30
MAX_SUGGESTED_DAYS = 180


@dataclass(frozen=True)
class Suggestion:
    days: int
    reasons: tuple[str, ...]


def suggest_waiting_days(
    together_months: int | None, broke_up_on: dt.date | None, today: dt.date
) -> Suggestion:
    """A waiting length from how long the relationship lasted and how fresh the breakup is.

    Without the months together, the short length is suggested and the reason says so.
    """
    if together_months is None:
        days = SHORT_DAYS
        reasons = [_("%(days)d days is a common first step.") % {"days": days}]
    elif together_months < SHORT_TOGETHER_MONTHS:
        days = SHORT_DAYS
        reasons = [_("You were together for less than six months.")]
    elif together_months <= LONG_TOGETHER_MONTHS:
        days = MIDDLE_DAYS
        reasons = [_("You were together for up to two years.")]
    else:
        days = LONG_DAYS
        reasons = [_("You were together for more than two years.")]
    if broke_up_on is not None and 0 <= (today - broke_up_on).days < FRESH_BREAKUP_DAYS:
        days += FRESH_EXTRA_DAYS
        reasons.append(
            _("The breakup is less than two weeks old, so %(extra)d more days.")
            % {"extra": FRESH_EXTRA_DAYS}
        )
    return Suggestion(days=min(days, MAX_SUGGESTED_DAYS), reasons=tuple(reasons))
