"""/insights/: what went with better days, that day and the next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from ..auth import AuthenticatedHttpRequest
from ..models import fold
from . import chart
from .days import WINDOW_DAYS, YEAR_DAYS, Key, gather
from .figures import MIN_DAYS, PRIOR_DAYS, Comparison, Tally, comparisons


@dataclass(frozen=True)
class Row:
    """A comparison as the page writes it: its name, its figures to one decimal, and the
    sentence that says them (the chart's text)."""

    kind: str  # tag, change or quick
    name: str
    figures: Comparison[Key]
    kind_word: str
    difference: str
    low: str
    high: str
    sentence: str
    verdict: str

    @property
    def mark(self) -> str:
        return f"{self.kind}:{self.name}"


class Writer:
    """Writes rows' figures and sentences in the page's language, each word looked up once
    a page (number_format's own lookups, per figure, were most of the page's time)."""

    def __init__(self, next_day: bool) -> None:
        self.point = str(get_format("DECIMAL_SEPARATOR"))
        self.kinds = {kind: str(word) for kind, word in chart.KIND_WORDS.items()}
        if next_day:
            self.sides = _(
                "%(mean)s on the %(days)d days after it, %(other)s on the %(others)d other days."
            )
            better, harder = _("Went with better next days."), _("Went with harder next days.")
        else:
            self.sides = _(
                "%(mean)s on the %(days)d days with it, %(other)s on the %(others)d days without."
            )
            better, harder = _("Went with better days."), _("Went with harder days.")
        self.verdicts = (harder, _("No clear difference yet."), better)
        self.range = _("Difference %(difference)s, likely between %(low)s and %(high)s.")

    def number(self, value: float) -> str:
        """To one decimal, as number_format writes it below 1,000."""
        return f"{abs(value):.1f}".replace(".", self.point)

    def signed(self, value: float) -> str:
        """With its sign: "+0.8", "−0.3", "0.0" (what rounds to zero has none)."""
        written = self.number(value)
        if written.strip("0" + self.point) == "":
            return written
        return ("+" if value > 0 else "\u2212") + written

    def row(self, kind: str, name: str, figures: Comparison[Key]) -> Row:
        difference, low, high = (
            self.signed(figures.difference),
            self.signed(figures.low),
            self.signed(figures.high),
        )
        sides = self.sides % {
            "mean": self.number(figures.mean_with),
            "days": figures.days_with,
            "other": self.number(figures.mean_without),
            "others": figures.days_without,
        }
        said = self.range % {"difference": difference, "low": low, "high": high}
        side = 0 if not figures.clear else (1 if figures.difference > 0 else -1)
        return Row(
            kind=kind,
            name=name,
            figures=figures,
            kind_word=self.kinds[kind],
            difference=difference,
            low=low,
            high=high,
            sentence=f"{sides} {said}",
            verdict=self.verdicts[side + 1],
        )


def rows(found: list[Comparison[Key]], named: dict[Key, str], next_day: bool) -> list[Row]:
    """The comparisons with their names, surest first; equally sure ones by name, as a
    reader looks for them."""
    writer = Writer(next_day)
    made = [writer.row(c.key[0], named[c.key], c) for c in found if c.key in named]
    made.sort(key=lambda r: (-r.figures.sureness, -abs(r.figures.difference), fold(r.name)))
    return made


SHOWN = 8  # rows a section shows at first: the surest; `?all=1` shows every one


@login_required
def insights(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The comparisons for the same day and the day after, each as a chart and a list."""
    today = request.user.local_today()
    every = request.GET.get("all") == "1"
    year = request.GET.get("days") == str(YEAR_DAYS)
    days = gather(request.user.pk, today, YEAR_DAYS if year else WINDOW_DAYS)
    same_day = comparisons(days.moods, days.present)
    next_day = comparisons(days.moods, days.present, shift=1)
    counts = len(same_day), len(next_day)
    if not every:  # the rest are named only when shown
        same_day, next_day = same_day[:SHOWN], next_day[:SHOWN]
    named = days.names({c.key for c in same_day + next_day})
    overall = Tally.of([mood for mood in days.moods if mood is not None])
    same_rows, next_rows = rows(same_day, named, False), rows(next_day, named, True)
    return render(
        request,
        "insights/insights.html",
        {
            "mood_days": overall.days,
            "average": Writer(False).number(overall.mean) if overall.days else "",
            "first": days.before + dt.timedelta(days=1),
            "same_day": same_rows,
            "next_day": next_rows,
            "same_chart": chart.differences(same_rows) if same_rows else None,
            "next_chart": chart.differences(next_rows, next_day=True) if next_rows else None,
            "same_count": counts[0],
            "next_count": counts[1],
            "every": every,
            "year": year,
            "year_days": YEAR_DAYS,
            "more": f"?days={YEAR_DAYS}&all=1" if year else "?all=1",
            "min_days": MIN_DAYS,
            "prior_days": PRIOR_DAYS,
        },
    )
