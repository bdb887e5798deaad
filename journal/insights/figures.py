"""The method behind /insights/, pure: plain numbers in, plain numbers out (docs/insights.md).

Each day with a mood is one observation. For something the person notes (a tag, a
change, a quick tag), the days split in two: those that had it and those that did not
(or, for the next day, those whose day before had it and those whose day before did not).
Each side's average is drawn toward the person's overall average as if it held
PRIOR_DAYS more days at that average, so a side of few days cannot look extreme; the
difference between the two comes with a 95 % interval from the normal approximation, so
the same days always give the same figures.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

MIN_DAYS = 5  # a side with fewer days is not shown
PRIOR_DAYS = 5  # k: each average counts this many days more, at the overall average
Z95 = 1.96  # the normal distribution's 97.5th percentile: a 95 % interval

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Tally:
    """Days, and the sum of their moods and of their moods squared."""

    days: int
    total: float
    squares: float

    @classmethod
    def of(cls, moods: list[float]) -> Tally:
        """fsum is exact, then rounded once: the order the days come in cannot change it."""
        return cls(len(moods), math.fsum(moods), math.fsum([m * m for m in moods]))

    def __sub__(self, other: Tally) -> Tally:
        return Tally(self.days - other.days, self.total - other.total, self.squares - other.squares)

    @property
    def mean(self) -> float:
        return self.total / self.days

    @property
    def spread(self) -> float:
        """The sum of squared distances from the mean (never below 0 through rounding)."""
        return max(0.0, self.squares - self.total * self.total / self.days)


def shrunk(side: Tally, overall: float, prior: int = PRIOR_DAYS) -> float:
    """The side's average with `prior` days at the overall average added to it."""
    return (side.total + prior * overall) / (side.days + prior)


@dataclass(frozen=True)
class Comparison(Generic[K]):
    """Days with something against days without it; the figures the page shows."""

    key: K
    days_with: int
    days_without: int
    mean_with: float  # shrunk toward the overall average
    mean_without: float
    difference: float  # mean_with - mean_without
    low: float  # the 95 % interval of the difference
    high: float
    sureness: float  # |difference| / its standard error: what the rows are sorted by

    @property
    def clear(self) -> bool:
        """The interval leaves out zero: the days with it were clearly better, or worse."""
        return self.low > 0 or self.high < 0


def compare(key: K, with_it: Tally, everything: Tally) -> Comparison[K] | None:
    """Days with `key` (`with_it`) against the rest of `everything`; None when either side
    has fewer than MIN_DAYS days.

    The spread of moods is the one both sides share (pooled); each shrunk average's
    standard error is that spread over the root of its days plus the prior's.
    """
    without = everything - with_it
    if with_it.days < MIN_DAYS or without.days < MIN_DAYS:
        return None
    overall = everything.mean
    mean_with, mean_without = shrunk(with_it, overall), shrunk(without, overall)
    difference = mean_with - mean_without
    variance = (with_it.spread + without.spread) / (everything.days - 2)
    error = math.sqrt(
        variance * (1 / (with_it.days + PRIOR_DAYS) + 1 / (without.days + PRIOR_DAYS))
    )
    # Every mood the same: no difference, and nothing to be sure of.
    sureness = abs(difference) / error if error > 0 else 0.0
    return Comparison(
        key=key,
        days_with=with_it.days,
        days_without=without.days,
        mean_with=mean_with,
        mean_without=mean_without,
        difference=difference,
        low=difference - Z95 * error,
        high=difference + Z95 * error,
        sureness=sureness,
    )


def comparisons(
    moods: Sequence[float | None], present: Mapping[K, Iterable[int]], shift: int = 0
) -> list[Comparison[K]]:
    """Every shown comparison, surest first (ties: the larger difference, then the key).

    `moods[i]` is day i's mood or None; `present[key]` holds the days `key` was on (days
    outside `moods` are left out). With `shift` 0 a day counts as "with" when it had the
    key; with 1, when the day before did. Only days with a mood count, and for `shift` 1
    only those whose day before is in `moods` too.
    """
    # following[i]: the mood that day i's records go with (its own, or the next day's).
    following = list(moods[shift:])
    everything = Tally.of([m for m in following if m is not None])
    last = len(following)
    found = []
    for key, days in present.items():
        unique = days if isinstance(days, set) else set(days)
        with_it = Tally.of(
            [mood for day in unique if 0 <= day < last and (mood := following[day]) is not None]
        )
        comparison = compare(key, with_it, everything)
        if comparison is not None:
            found.append(comparison)
    found.sort(key=lambda c: (-c.sureness, -abs(c.difference), str(c.key)))
    return found
