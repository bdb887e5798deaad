"""Charts drawn on the server as SVG: no script, no inline style, a text alternative each.

Colours come from classes styled in static/css/site.css, so both colour schemes work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import dateformat, numberformat
from django.utils.formats import date_format, get_format, number_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .stats import YEAR_DAYS, week_start

CELL, GAP = 22, 4  # viewBox units; the page draws a day at about 26 px on a phone
PITCH = CELL + GAP
HEAT_TOP = 24  # room above the grid for month names
WEEKDAY_WIDTH = 36
# What every heat map draws the same is drawn once, here, by format_html. A day is
# <rect x="…" y="…" width="22" height="22" rx="5" class="heat-cell heat-2[ heat-today]">
# <title>2026-12-06: 2</title></rect>, inside a link to its entries when it has some:
# <a href="…2026-12-06…" data-heat-day="2026-12-06" aria-label="2026-12-06: 2">…</a>.
# Its opening, by its index from the first Monday (for up to 54 weeks):
_DAY_AT = [
    format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" rx="5" class="heat-cell heat-',
        index // 7 * PITCH,
        index % 7 * PITCH + HEAT_TOP,
        CELL,
        CELL,
    )
    for index in range(54 * 7)
]
# Its shade, 0 to 4, then the same with today's mark, up to its title's date:
_SHADES = [format_html('{}"><title>', n) for n in range(5)] + [
    format_html('{} heat-today"><title>', n) for n in range(5)
]
# The same for a day with a mood tapped on the home: a dot-like ring of its own.
_MOOD_SHADES = [format_html('{} heat-mood"><title>', n) for n in range(5)] + [
    format_html('{} heat-today heat-mood"><title>', n) for n in range(5)
]
_COUNTS_TITLE = [format_html(": {}", n) for n in range(100)]
# After the date, its count: in a link's label, closing the day.
_COUNTS_LABEL = [format_html(': {}">', n) for n in range(100)]
_COUNTS_END = [format_html(": {}</title></rect>", n) for n in range(100)]
# Where a map's format string takes its days' dates: "{0}" is the first day's.
_DATES = [f"{{{index}}}" for index in range(54 * 7)]
# A date's "-MM-DD", by month and day; a map adds its year's "YYYY" in front.
_MONTH_DAYS = [
    [format_html("-{}-{}", f"{month:02d}", f"{day:02d}") for day in range(32)]
    for month in range(13)
]


def _counted(drawn: list[SafeString], count: int, shape: str) -> SafeString:
    """A count's piece from `drawn`, or, past the small counts, drawn as `shape` says."""
    return drawn[count] if 0 <= count < len(drawn) else format_html(shape, count)


def _iso_dates(first: dt.date, last: dt.date) -> list[SafeString]:
    """Each day from `first` to `last` as its ISO date, escaped: the years once a call,
    the months and days once at import."""
    years = {year: format_html("{}", f"{year:04d}") for year in range(first.year, last.year + 1)}
    days, day, one = [], first, dt.timedelta(days=1)
    while day <= last:
        days.append(years[day.year] + _MONTH_DAYS[day.month][day.day])
        day += one
    return days


@dataclass(frozen=True)
class Chart:
    svg: SafeString
    summary: str  # the text alternative, also shown under the chart


def _weekday_names() -> list[str]:
    return [date_format(dt.date(2024, 1, day), "D") for day in range(1, 8)]  # Mon–Sun


def heat_map(
    days: dict[dt.date, int],
    today: dt.date,
    link: str = "",
    moods: dict[dt.date, int] | None = None,
) -> Chart:
    """A year of entries as a calendar grid: one column a week, one row a weekday.

    The weeks scroll sideways under fixed weekday names and open at this week, so each
    day stays big enough to tap on a phone. With `link` (a URL with `{day}` in it), each
    day with entries links to them. `moods`, the moods tapped on the home by day, ring
    their days and name the mood in the day's title.
    """
    first = week_start(today - dt.timedelta(days=YEAR_DAYS - 1))
    months = []
    for column in range((today - first).days // 7 + 1):
        monday = first + dt.timedelta(weeks=column)
        if monday.day <= 7:
            months.append((column * PITCH, date_format(monday, "M")))
    width = ((today - first).days // 7 + 1) * PITCH
    height = 7 * PITCH + HEAT_TOP
    total = sum(n for d, n in days.items() if d >= first)
    active = sum(1 for d, n in days.items() if d >= first and n)
    # The two numbers need their own plurals: "1 entry on 1 day", "3 entries on 2 days".
    summary = _("%(entries)s on %(days)s in the last 12 months.") % {
        "entries": ngettext("%(n)d entry", "%(n)d entries", total) % {"n": total},
        "days": ngettext("%(n)d day", "%(n)d days", active) % {"n": active},
    }
    moods = {day: mood for day, mood in (moods or {}).items() if first <= day <= today}
    if moods:
        summary += " " + ngettext(
            "A mood tapped on %(n)d day.", "Moods tapped on %(n)d days.", len(moods)
        ) % {"n": len(moods)}
    # The weekday names are a picture of their own beside the scrolling weeks (each day
    # already names its date), so screen readers hear them once, in the days' titles.
    weekdays = format_html(
        '<svg class="heat-days" viewBox="0 0 {} {}" aria-hidden="true" focusable="false">{}</svg>',
        WEEKDAY_WIDTH,
        height,
        format_html_join(
            "",
            '<text x="0" y="{}" class="chart-label">{}</text>',
            ((HEAT_TOP + i * PITCH + 16, name) for i, name in enumerate(_weekday_names())),
        ),
    )
    svg = format_html(
        '<svg class="chart heat-map" viewBox="0 0 {} {}" role="{}" aria-label="{}">'
        "<title>{}</title>{}{}</svg>",
        width,
        height,
        # With links to each day it is a group of links, not a picture (an image can't
        # hold controls).
        "group" if link else "img",
        summary,
        _("Entries per day over the last year"),
        format_html_join(
            "", '<text x="{}" y="15" class="chart-label heat-label">{}</text>', months
        ),
        _heat_days(days, first, today, link, moods),
    )
    # Without links nothing inside can take focus, so the scroller itself does.
    scroller = "" if link else format_html(' tabindex="0" role="region" aria-label="{}"', summary)
    wrapped = format_html(
        '<div class="heat-wrap">{}<div class="heat-scroll"{}>{}</div></div>',
        weekdays,
        scroller,
        svg,
    )
    return Chart(svg=wrapped, summary=summary)


def mood_words(mood: int) -> str:
    return _("mood %(n)d of 5") % {"n": mood}


def _heat_days(
    days: dict[dt.date, int],
    first: dt.date,
    today: dt.date,
    link: str,
    moods: dict[dt.date, int],
) -> SafeString:
    """The heat map's days from `first` (a Monday) to `today`, as one format_html.

    A day's index gives its column (the week) and its row (the weekday). Each of ~370
    days through a format_html of its own was most of the journal page's time. Here the
    map's format string is made of the markup drawn once (at import, and the link's own
    parts, escaped, once a map), and each day's date is an argument to it, escaped once
    however many times the day names it.
    """
    dates = _iso_dates(first, today)
    # The link's parts are part of the format string: braces in them stay braces.
    around = [
        conditional_escape(part).replace("{", "{{").replace("}", "}}")
        for part in link.split("{day}")
    ]
    # "· mood 4 of 5", drawn once for each mood a map shows.
    said = {mood: format_html(" · {}", mood_words(mood)) for mood in set(moods.values())}
    shapes: list[str] = []
    day, one = first, dt.timedelta(days=1)
    for index in range(len(dates)):
        count, date, mood = days.get(day, 0), _DATES[index], moods.get(day)
        shades = _SHADES if mood is None else _MOOD_SHADES
        shade = shades[min(count, 4) + (5 if day == today else 0)]
        if count and link:
            shapes += ('<a href="', date.join(around), '" data-heat-day="', date)
            shapes += ('" aria-label="', date, _counted(_COUNTS_LABEL, count, ': {}">'))
        shapes += (_DAY_AT[index], shade, date)
        if mood is None:
            shapes.append(_counted(_COUNTS_END, count, ": {}</title></rect>"))
        else:
            shapes += (_counted(_COUNTS_TITLE, count, ": {}"), said[mood], "</title></rect>")
        if count and link:
            shapes.append("</a>")
        day += one
    return format_html("".join(shapes), *dates)


def _date_labels(days: Sequence[tuple[float, dt.date]], y: float) -> SafeString:
    """Dates under a time axis: the first, the last, and the middle when there is room."""
    anchors = {1: ("middle",), 2: ("start", "end"), 3: ("start", "middle", "end")}[len(days)]
    return format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="{}" class="chart-label">{}</text>',
        (
            (x, y, anchor, date_format(day, "MONTH_DAY_FORMAT"))
            for (x, day), anchor in zip(days, anchors, strict=True)
        ),
    )


MOOD_WIDTH, MOOD_HEIGHT = 360, 160
MOOD_LEFT, MOOD_RIGHT, MOOD_TOP, MOOD_BOTTOM = 30, 10, 28, 130


def mood_trend(moods: dict[dt.date, float], first: dt.date, last: dt.date) -> Chart:
    """Average mood per day (1–5) from `first` to `last` as dots, with a weekly average line."""
    span = max((last - first).days, 1)

    def x(day: dt.date) -> float:
        return round(
            MOOD_LEFT + (MOOD_WIDTH - MOOD_LEFT - MOOD_RIGHT) * (day - first).days / span, 1
        )

    def y(mood: float) -> float:
        return round(MOOD_BOTTOM - (MOOD_BOTTOM - MOOD_TOP) * (mood - 1) / 4, 1)

    points = sorted((d, m) for d, m in moods.items() if first <= d <= last)
    weeks: dict[dt.date, list[float]] = {}
    for day, mood in points:
        weeks.setdefault(week_start(day), []).append(mood)
    weekly = [
        (min(max(monday + dt.timedelta(days=3), first), last), sum(ms) / len(ms))
        for monday, ms in sorted(weeks.items())
    ]
    summary = _mood_summary(points, weekly, span)
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-grid"></line>'
        '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>',
        (
            (
                MOOD_LEFT,
                MOOD_WIDTH - MOOD_RIGHT,
                y(level),
                y(level),
                MOOD_LEFT - 6,
                y(level) + 3,
                level,
            )
            for level in (1, 2, 3, 4, 5)
        ),
    )
    middle = first + dt.timedelta(days=span // 2)
    legend = format_html(
        '<text x="0" y="11" class="chart-label">{}</text>'
        '<circle cx="{}" cy="7" r="3" class="chart-key mood-key"></circle>'
        '<text x="{}" y="11" class="chart-label">{}</text>'
        '<line x1="{}" x2="{}" y1="7" y2="7" class="chart-line chart-average"></line>'
        '<text x="{}" y="11" class="chart-label">{}</text>',
        _("Mood (1 low – 5 high)"),
        150,
        157,
        _("a day"),
        210,
        226,
        231,
        _("weekly average"),
    )
    svg = format_html(
        '<svg class="chart mood-trend" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        "<title>{}</title>{}{}{}{}{}</svg>",
        MOOD_WIDTH,
        MOOD_HEIGHT,
        summary,
        _("Mood over the last %(days)d days") % {"days": span},
        legend,
        grid,
        _date_labels([(x(first), first), (x(middle), middle), (x(last), last)], MOOD_HEIGHT - 12),
        _mood_dots([(x(d), y(m), d, m) for d, m in points]),
        format_html(
            '<polyline points="{}" class="chart-line chart-average" fill="none"></polyline>',
            " ".join(f"{x(d)},{y(m)}" for d, m in weekly),
        )
        if len(weekly) > 1
        else "",
    )
    return Chart(svg=svg, summary=summary)


# A mood dot: its place, and its ISO date and mood in its title.
_MOOD_DOT = '<circle cx="{}" cy="{}" r="2.5" class="chart-dot"><title>{}: {}</title></circle>'


def _mood_dots(dots: list[tuple[float, float, dt.date, float]]) -> SafeString:
    """A dot a day, titled with its ISO date and its mood to one decimal, as number_format
    writes it.

    The decimal separator is looked up once: through number_format, its three format
    lookups a dot were most of the chart's time. Below 1,000 no grouping applies, so the
    text is the same. The dots are one format_html, not one each, and a height or a mood
    that several days share is escaped once.
    """
    if not dots:
        return SafeString("")
    sep = get_format("DECIMAL_SEPARATOR")
    heights: dict[float, SafeString] = {}
    moods: dict[float, SafeString] = {}
    first = min(day for _, _, day, _ in dots)
    dates = _iso_dates(first, max(day for _, _, day, _ in dots))
    values: list[object] = []
    for cx, cy, day, mood in dots:
        if cy not in heights:
            heights[cy] = conditional_escape(str(cy))
        if mood not in moods:
            moods[mood] = conditional_escape(numberformat.format(mood, sep, 1))
        values += (cx, heights[cy], dates[(day - first).days], moods[mood])
    return format_html(_MOOD_DOT * len(dots), *values)


def _mood_summary(
    points: list[tuple[dt.date, float]], weekly: list[tuple[dt.date, float]], span: int
) -> str:
    if not points:
        return _("No mood noted in the last %(days)d days.") % {"days": span}
    if len(points) == 1:
        day, mood = points[0]
        return _("Mood noted on one day in the last %(days)d days: %(mood)s of 5, on %(day)s.") % {
            "days": span,
            "mood": number_format(mood, 1),
            "day": date_format(day, "MONTH_DAY_FORMAT"),
        }
    average = sum(m for _, m in points) / len(points)
    summary = _("Mood noted on %(n)d days in the last %(days)d days, averaging %(avg)s of 5.") % {
        "n": len(points),
        "days": span,
        "avg": number_format(average, 1),
    }
    if len(weekly) >= 2:
        early, late = weekly[0][1], weekly[-1][1]
        if late - early > 0.25:
            trend = _("Your weekly average rose from %(early)s to %(late)s.")
        elif early - late > 0.25:
            trend = _("Your weekly average fell from %(early)s to %(late)s.")
        else:
            trend = _("Your weekly average stayed about the same, near %(late)s.")
        summary += " " + trend % {"early": number_format(early, 1), "late": number_format(late, 1)}
    return summary


# The states as people read them: a hard stop, never "not advised", and never "not now",
# which would suggest "later" to someone who said they are afraid.
STATE_NAMES = {
    "ready": gettext_lazy("ready"),
    "not_yet": gettext_lazy("not yet"),
    "not_advised": gettext_lazy("a hard stop"),
}

TIMELINE_WIDTH, TIMELINE_HEIGHT = 360, 150
TL_LEFT, TL_RIGHT, TL_TOP, TL_BOTTOM, TL_STOP = 30, 10, 30, 96, 114


def readiness_timeline(points: list[tuple[dt.datetime, int, int, str]]) -> Chart:
    """Conditions met over time as a step line; hard-stop points sit in a lane of their own.

    A hard stop is drawn apart, never at a height of conditions met: under a stop the
    count does not matter, and a high point there would read as "ready".
    """
    if not points:
        return Chart(svg=SafeString(""), summary=_("Nothing to show yet."))
    start, end = points[0][0], points[-1][0]
    span = max((end - start).total_seconds(), 1)
    total = max(p[2] for p in points) or 1

    def x(at: dt.datetime) -> float:
        if len(points) == 1:
            return float(TL_LEFT + (TIMELINE_WIDTH - TL_LEFT - TL_RIGHT) // 2)
        return round(
            TL_LEFT + (TIMELINE_WIDTH - TL_LEFT - TL_RIGHT) * (at - start).total_seconds() / span, 1
        )

    def y(met: int) -> float:
        return round(TL_BOTTOM - (TL_BOTTOM - TL_TOP) * met / total, 1)

    # The step line runs through the counted points only, broken where a stop begins.
    segments: list[list[str]] = [[]]
    for at, met, _total, state in points:
        if state == "not_advised":
            if segments[-1]:
                segments.append([])
            continue
        if segments[-1]:
            segments[-1].append(f"{x(at)},{segments[-1][-1].split(',')[1]}")
        segments[-1].append(f"{x(at)},{y(met)}")
    line_class = "chart-line line-past" if points[-1][3] == "not_advised" else "chart-line"
    lines = format_html_join(
        "",
        '<polyline points="{}" class="{}" fill="none"></polyline>',
        ((" ".join(seg), line_class) for seg in segments if len(seg) > 1),
    )
    # Under a hard stop now, the chart steps back as the checklist does: earlier counts
    # are drawn in one quiet tone, and nothing says or colours "ready".
    stopped = points[-1][3] == "not_advised"
    marks = _timeline_marks(
        [(x(at), y(met), at, met, tot, state) for at, met, tot, state in points], stopped
    )
    axis = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-grid"></line>'
        '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>',
        (
            (TL_LEFT, TIMELINE_WIDTH - TL_RIGHT, y(n), y(n), TL_LEFT - 6, y(n) + 3, n)
            for n in (0, total)
        ),
    )
    legend = _timeline_legend(stopped, any(p[3] == "not_advised" for p in points))
    one_day = date_format(start, "SHORT_DATE_FORMAT") == date_format(end, "SHORT_DATE_FORMAT")
    middle = float(TL_LEFT + (TIMELINE_WIDTH - TL_LEFT - TL_RIGHT) // 2)
    dates = [(middle, end)] if one_day else [(x(start), start), (x(end), end)]
    summary = _timeline_summary(points)
    svg = format_html(
        '<svg class="chart readiness-timeline" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        "<title>{}</title>{}{}{}{}{}</svg>",
        TIMELINE_WIDTH,
        TIMELINE_HEIGHT,
        summary,
        _("Conditions met over time (0 to %(total)d)") % {"total": total},
        legend,
        axis,
        _date_labels(dates, TIMELINE_HEIGHT - 12),
        lines,
        marks,
    )
    return Chart(svg=svg, summary=summary)


def _timeline_legend(stopped: bool, has_stop: bool) -> SafeString:
    """The timeline's key: quiet under a hard stop now; the stop lane's label when any
    point was a stop."""
    if stopped:
        legend = format_html(
            '<circle cx="5" cy="8" r="3.5" class="chart-key state-past"></circle>'
            '<text x="13" y="12" class="chart-label">{}</text>'
            '<rect x="121" y="4" width="8" height="8" class="chart-key state-not_advised"></rect>'
            '<text x="134" y="12" class="chart-label">{}</text>',
            _("Before the stop"),
            _("A hard stop"),
        )
    else:
        legend = format_html(
            '<circle cx="5" cy="8" r="3.5" class="chart-key state-ready"></circle>'
            '<text x="13" y="12" class="chart-label">{}</text>'
            '<circle cx="66" cy="8" r="3.5" class="chart-key state-not_yet"></circle>'
            '<text x="74" y="12" class="chart-label">{}</text>'
            '<rect x="131" y="4" width="8" height="8" class="chart-key state-not_advised"></rect>'
            '<text x="144" y="12" class="chart-label">{}</text>',
            _("Ready"),
            _("Not yet"),
            _("A hard stop"),
        )
    if has_stop:
        legend += format_html(
            '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>',
            TL_LEFT - 6,
            TL_STOP + 3,
            _("stop"),
        )
    return legend


def _timeline_marks(
    marks: list[tuple[float, float, dt.datetime, int, int, str]], stopped: bool
) -> SafeString:
    """A dot a stored verdict (at x, y), titled with its date and outcome.

    The date format and the state names are looked up once for the chart, not once a
    point: with 60 points those lookups were most of the timeline's time. The dates are
    written by the same `dateformat.format` that `date_format` calls.
    """
    short_date = get_format("SHORT_DATE_FORMAT")
    names = {state: str(name) for state, name in STATE_NAMES.items()}
    before = _("before the stop")
    out = []
    for cx, cy, at, met, tot, state in marks:
        when = dateformat.format(at, short_date)
        if state == "not_advised":
            out.append(
                format_html(
                    '<rect x="{}" y="{}" width="8" height="8" class="chart-dot state-not_advised">'
                    "<title>{}: {}</title></rect>",
                    cx - 4,
                    TL_STOP - 4,
                    when,
                    names["not_advised"],
                )
            )
        elif stopped:
            out.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="3.5" class="chart-dot state-past">'
                    "<title>{}: {}</title></circle>",
                    cx,
                    cy,
                    when,
                    before,
                )
            )
        else:
            out.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="3.5" class="chart-dot state-{}">'
                    "<title>{}: {}, {}/{}</title></circle>",
                    cx,
                    cy,
                    state,
                    when,
                    names.get(state) or state,
                    met,
                    tot,
                )
            )
    return format_html_join("", "{}", ((mark,) for mark in out))


def _timeline_summary(points: list[tuple[dt.datetime, int, int, str]]) -> str:
    at, met, total, state = points[-1]
    if state == "not_advised":
        now = _("Now: a hard stop. Contact is not a step to take.")
    elif state == "ready":
        now = _("Now: every condition is met.")
    else:
        now = ngettext(
            "Now: not yet, %(met)d of %(total)d condition met.",
            "Now: not yet, %(met)d of %(total)d conditions met.",
            total,
        ) % {"met": met, "total": total}
    if len(points) == 1:
        return now
    changes = sum((a[1], a[3]) != (b[1], b[3]) for a, b in zip(points, points[1:], strict=False))
    start = date_format(points[0][0], "SHORT_DATE_FORMAT")
    if not changes:
        since = _("No change since %(start)s.") % {"start": start}
    else:
        since = ngettext(
            "Since %(start)s the outcome changed once.",
            "Since %(start)s the outcome changed %(n)d times.",
            changes,
        ) % {"start": start, "n": changes}
    return f"{since} {now}"


# The hard moment: urges per week and when they come


def urges_per_week(weeks: list[tuple[dt.date, int]]) -> Chart:
    """Urges per week as bars, oldest week first: each bar with its count, every other
    week named by its Monday, so the chart reads on a phone without hovering."""
    width, height, pad, top, bottom = 360, 164, 6, 22, 26
    most = max((n for _week, n in weeks), default=0) or 1
    step = (width - 2 * pad) / max(len(weeks), 1)
    bar = min(22.0, step - 6)
    base = height - bottom
    total = sum(n for _week, n in weeks)
    summary = ngettext(
        "%(n)d urge in the last %(weeks)d weeks.",
        "%(n)d urges in the last %(weeks)d weeks.",
        total,
    ) % {"n": total, "weeks": len(weeks)}
    if weeks:
        busiest = max(weeks, key=lambda week: week[1])
        if busiest[1]:
            summary += " " + _("The most in one week: %(n)d, the week of %(day)s.") % {
                "n": busiest[1],
                "day": date_format(busiest[0], "j M"),
            }
    parts = []
    last = len(weeks) - 1
    for index, (monday, count) in enumerate(weeks):
        h = round((base - top) * count / most, 1)
        middle = round(pad + index * step + step / 2, 1)
        x = round(middle - bar / 2, 1)
        name = date_format(monday, "j M")
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" rx="3" class="chart-bar{}" '
                'data-week="{}" data-week-count="{}"><title>{}: {}</title></rect>'
                '<text x="{}" y="{}" text-anchor="middle" class="chart-value">{}</text>',
                x,
                round(base - h, 1),
                bar,
                max(h, 0),
                " chart-bar-now" if index == last else "",
                monday.isoformat(),
                count,
                name,
                count,
                middle,
                round(base - h - 5, 1),
                count,
            )
        )
        # Every other week is named, counted back from this one, so this week always is.
        if (last - index) % 2 == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}</text>',
                    middle,
                    base + 18,
                    name,
                )
            )
    svg = format_html(
        '<svg class="chart urges-per-week" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        '<title>{}</title><line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-grid"></line>'
        "{}</svg>",
        width,
        height,
        summary,
        _("Urges per week"),
        pad,
        width - pad,
        base,
        base,
        format_html_join("", "{}", ((part,) for part in parts)),
    )
    return Chart(svg=svg, summary=summary)


def urge_grid_rows(grid: dict[tuple[int, int], int], parts: int) -> list[tuple[str, list[int]]]:
    """The grid as a table's rows: each weekday's name and its count for each part of the
    day, for the chart's text alternative."""
    names = _weekday_names()
    return [
        (names[weekday - 1], [grid.get((weekday, part), 0) for part in range(parts)])
        for weekday in range(1, 8)
    ]


def urge_grid(grid: dict[tuple[int, int], int], parts: list[str]) -> Chart:
    """Urges by weekday (rows) and part of the day (columns), shaded like the heat map."""
    cell, gap, left, top = 48, 3, 30, 14
    weekdays = _weekday_names()
    cells = []
    for weekday in range(1, 8):
        for part in range(len(parts)):
            count = grid.get((weekday, part), 0)
            x, y = left + part * (cell + gap), top + (weekday - 1) * (cell // 3 + gap)
            cells.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" rx="3" class="heat-{}">'
                    "<title>{} · {}: {}</title></rect>",
                    x,
                    y,
                    cell,
                    cell // 3,
                    min(count, 4),
                    weekdays[weekday - 1],
                    parts[part],
                    count,
                )
            )
            if count:  # the number itself, on a halo that reads on any shade
                cells.append(
                    format_html(
                        '<text x="{}" y="{}" class="grid-count" text-anchor="middle" '
                        'aria-hidden="true">{}</text>',
                        x + cell // 2,
                        y + cell // 3 - 4,
                        count,
                    )
                )
    busiest = max(grid.items(), key=lambda item: item[1], default=None)
    if busiest:
        (weekday, part), count = busiest
        summary = _("They come most often on %(weekday)s, %(part)s (%(n)d).") % {
            "weekday": weekdays[weekday - 1],
            "part": parts[part].lower(),
            "n": count,
        }
    else:
        summary = _("No urges noted in these weeks.")
    labels = [
        format_html(
            '<text x="{}" y="10" class="chart-label grid-label">{}</text>',
            left + i * (cell + gap),
            name,
        )
        for i, name in enumerate(parts)
    ] + [
        format_html(
            '<text x="0" y="{}" class="chart-label grid-label">{}</text>',
            top + i * (cell // 3 + gap) + 12,
            name,
        )
        for i, name in enumerate(weekdays)
    ]
    svg = format_html(
        '<svg class="chart urge-grid" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        "<title>{}</title>{}{}</svg>",
        left + len(parts) * (cell + gap),
        top + 7 * (cell // 3 + gap),
        summary,
        _("When urges come: weekday and part of the day"),
        format_html_join("", "{}", ((label,) for label in labels)),
        format_html_join("", "{}", ((cell,) for cell in cells)),
    )
    return Chart(svg=svg, summary=summary)
