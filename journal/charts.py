"""Charts drawn on the server as SVG: no script, no inline style, a text alternative each.

Colours come from classes styled in static/css/site.css, so both colour schemes work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .stats import YEAR_DAYS, week_start

CELL, GAP = 11, 2


@dataclass(frozen=True)
class Chart:
    svg: SafeString
    summary: str  # the text alternative, also shown under the chart


def heat_map(days: dict[dt.date, int], today: dt.date) -> Chart:
    """A year of entries as a calendar grid: one column a week, one row a weekday."""
    first = week_start(today - dt.timedelta(days=YEAR_DAYS - 1))
    # Every value in a cell is a number or an ISO date, so the cells are built as plain
    # strings: format_html for 371 cells was a third of the journal page's time.
    cells = []
    day = first
    while day <= today:
        count = days.get(day, 0)
        x = (day - first).days // 7 * (CELL + GAP)
        y = day.weekday() * (CELL + GAP) + 14
        cells.append(
            f'<rect x="{x}" y="{y}" width="11" height="11" rx="2" class="heat-{min(count, 4)}">'
            f"<title>{day.isoformat()}: {count}</title></rect>"
        )
        day += dt.timedelta(days=1)
    months = []
    for column in range((today - first).days // 7 + 1):
        monday = first + dt.timedelta(weeks=column)
        if monday.day <= 7:
            months.append((column * (CELL + GAP), date_format(monday, "M")))
    width = ((today - first).days // 7 + 1) * (CELL + GAP)
    height = 7 * (CELL + GAP) + 14
    total = sum(n for d, n in days.items() if d >= first)
    active = sum(1 for d, n in days.items() if d >= first and n)
    # The two numbers need their own plurals: "1 entry on 1 day", "3 entries on 2 days".
    summary = _("%(entries)s on %(days)s in the last 12 months.") % {
        "entries": ngettext("%(n)d entry", "%(n)d entries", total) % {"n": total},
        "days": ngettext("%(n)d day", "%(n)d days", active) % {"n": active},
    }
    svg = format_html(
        '<svg class="chart heat-map" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        "<title>{}</title>{}{}</svg>",
        width,
        height,
        summary,
        _("Entries per day over the last year"),
        format_html_join("", '<text x="{}" y="10" class="chart-label">{}</text>', months),
        mark_safe("".join(cells)),  # noqa: S308 - numbers and dates only, see above
    )
    return Chart(svg=svg, summary=summary)


def mood_trend(moods: dict[dt.date, float], first: dt.date, last: dt.date) -> Chart:
    """Average mood per day (1–5) from `first` to `last` as a line with dots."""
    width, height, pad = 360, 120, 12
    span = max((last - first).days, 1)

    def x(day: dt.date) -> float:
        return round(pad + (width - 2 * pad) * (day - first).days / span, 1)

    def y(mood: float) -> float:
        return round(height - pad - (height - 2 * pad) * (mood - 1) / 4, 1)

    points = sorted(moods.items())
    if points:
        average = sum(m for _, m in points) / len(points)
        summary = ngettext(
            "Mood noted on %(n)d day in the last %(days)d days, averaging %(avg).1f of 5.",
            "Mood noted on %(n)d days in the last %(days)d days, averaging %(avg).1f of 5.",
            len(points),
        ) % {"n": len(points), "days": span, "avg": average}
        half = len(points) // 2
        if half >= 2:
            early = sum(m for _, m in points[:half]) / half
            late = sum(m for _, m in points[half:]) / (len(points) - half)
            trend = (
                _("rising")
                if late - early > 0.25
                else _("falling")
                if early - late > 0.25
                else _("steady")
            )
            summary += " " + _("The trend is %(trend)s.") % {"trend": trend}
    else:
        summary = _("No mood noted in the last %(days)d days.") % {"days": span}
    line = " ".join(f"{x(d)},{y(m)}" for d, m in points)
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-grid"></line>',
        ((pad, width - pad, y(level), y(level)) for level in (1, 3, 5)),
    )
    svg = format_html(
        '<svg class="chart mood-trend" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        "<title>{}</title>{}{}{}</svg>",
        width,
        height,
        summary,
        _("Mood over the last 90 days"),
        grid,
        format_html('<polyline points="{}" class="chart-line" fill="none"></polyline>', line)
        if len(points) > 1
        else "",
        # Numbers and ISO dates only, so plain strings, as in heat_map.
        mark_safe(  # noqa: S308
            "".join(
                f'<circle cx="{x(d)}" cy="{y(m)}" r="3" class="chart-dot">'
                f"<title>{d:%Y-%m-%d}: {m:.1f}</title></circle>"
                for d, m in points
            )
        ),
    )
    return Chart(svg=svg, summary=summary)


STATE_LABELS = {"ready": "ready", "not_yet": "not yet", "not_advised": "not advised"}


def readiness_timeline(points: list[tuple[dt.datetime, int, int, str]]) -> Chart:
    """Conditions met over time, as a step line; the last point is now."""
    width, height, pad = 360, 90, 10
    if not points:
        return Chart(svg=SafeString(""), summary="")
    start, end = points[0][0], points[-1][0]
    span = max((end - start).total_seconds(), 1)
    total = max(p[2] for p in points) or 1

    def x(at: dt.datetime) -> float:
        return round(pad + (width - 2 * pad) * (at - start).total_seconds() / span, 1)

    def y(met: int) -> float:
        return round(height - pad - (height - 2 * pad) * met / total, 1)

    steps = []
    for index, (at, met, _total, _state) in enumerate(points):
        if index:
            steps.append(f"{x(at)},{steps[-1].split(',')[1]}")
        steps.append(f"{x(at)},{y(met)}")
    first, last = points[0], points[-1]
    summary = _(
        "Conditions met went from %(first)d to %(last)d of %(total)d between %(start)s and now; "
        "the verdict is %(state)s."
    ) % {
        "first": first[1],
        "last": last[1],
        "total": last[2],
        "start": date_format(start, "j M Y"),
        "state": _(STATE_LABELS.get(last[3], last[3])),
    }
    svg = format_html(
        '<svg class="chart readiness-timeline" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        "<title>{}</title>{}{}{}</svg>",
        width,
        height,
        summary,
        _("Readiness over time"),
        format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-grid"></line>',
            pad,
            width - pad,
            y(total),
            y(total),
        ),
        format_html(
            '<polyline points="{}" class="chart-line" fill="none"></polyline>', " ".join(steps)
        ),
        # Numbers, a state name and an escaped date: plain strings, as in heat_map.
        mark_safe(  # noqa: S308
            "".join(
                f'<circle cx="{x(at)}" cy="{y(met)}" r="3" class="chart-dot state-{escape(state)}">'
                f"<title>{escape(date_format(at, 'j M Y'))}: {met:d}/{tot:d}</title></circle>"
                for at, met, tot, state in points
            )
        ),
    )
    return Chart(svg=svg, summary=summary)


# The hard moment: urges per week and when they come


def urges_per_week(weeks: list[tuple[dt.date, int]]) -> Chart:
    """Urges per week as bars, oldest week first."""
    width, height, pad, bar = 360, 100, 14, 22
    most = max((n for _week, n in weeks), default=0) or 1
    step = (width - 2 * pad) / max(len(weeks), 1)
    total = sum(n for _week, n in weeks)
    summary = ngettext(
        "%(n)d urge in the last %(weeks)d weeks.",
        "%(n)d urges in the last %(weeks)d weeks.",
        total,
    ) % {"n": total, "weeks": len(weeks)}
    bars = []
    for index, (monday, count) in enumerate(weeks):
        h = round((height - 2 * pad) * count / most, 1)
        x = round(pad + index * step + (step - bar) / 2, 1)
        bars.append(
            f'<rect x="{x}" y="{round(height - pad - h, 1)}" width="{bar}" height="{h}" '
            f'class="chart-bar"><title>{monday.isoformat()}: {count:d}</title></rect>'
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
        height - pad,
        height - pad,
        mark_safe("".join(bars)),  # noqa: S308 - numbers and ISO dates only
    )
    return Chart(svg=svg, summary=summary)


def urge_grid(grid: dict[tuple[int, int], int], parts: list[str]) -> Chart:
    """Urges by weekday (rows) and part of the day (columns), shaded like the heat map."""
    cell, gap, left, top = 48, 3, 30, 14
    weekdays = [date_format(dt.date(2024, 1, day), "D") for day in range(1, 8)]  # Mon–Sun
    cells = []
    for weekday in range(1, 8):
        for part in range(len(parts)):
            count = grid.get((weekday, part), 0)
            cells.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" rx="3" class="heat-{}">'
                    "<title>{} · {}: {}</title></rect>",
                    left + part * (cell + gap),
                    top + (weekday - 1) * (cell // 3 + gap),
                    cell,
                    cell // 3,
                    min(count, 4),
                    weekdays[weekday - 1],
                    parts[part],
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
            '<text x="{}" y="10" class="chart-label">{}</text>', left + i * (cell + gap), name
        )
        for i, name in enumerate(parts)
    ] + [
        format_html(
            '<text x="0" y="{}" class="chart-label">{}</text>',
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
        mark_safe("".join(labels)),  # noqa: S308 - each piece built by format_html
        mark_safe("".join(cells)),  # noqa: S308 - each piece built by format_html
    )
    return Chart(svg=svg, summary=summary)
