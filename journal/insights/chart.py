"""The insights' chart: each row's difference as a dot on its interval, drawn on the server
as SVG (as journal/charts.py draws), readable at 390 px, with the list below it as its text.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..charts import Chart

if TYPE_CHECKING:
    from .views import Row

WIDTH, LEFT, RIGHT, TOP = 360, 8, 8, 8
ROW = 46  # a name above, its interval under it: room for a thumb-sized line on a phone
AXIS = 34  # the scale under the rows
NAME_MAX = 40  # longer names are cut in the chart; the list has them whole

KIND_WORDS = {
    "tag": gettext_lazy("tag"),
    "change": gettext_lazy("change"),
    "quick": gettext_lazy("quick tag"),
}


def scale(rows: list[Row]) -> float:
    """Half the axis: the widest interval's end, rounded up to a half, at least a half."""
    widest = max(max(abs(r.figures.low), abs(r.figures.high)) for r in rows)
    return max(0.5, math.ceil(widest * 2) / 2)


def differences(rows: list[Row], next_day: bool = False) -> Chart:
    """A dot a row at its difference, on a line across its 95 % interval; zero marked. Rows
    whose interval crosses zero are drawn quieter."""
    half = scale(rows)
    inner = WIDTH - LEFT - RIGHT

    def x(value: float) -> float:
        return round(LEFT + inner * (value + half) / (2 * half), 1)

    height = TOP + ROW * len(rows) + AXIS
    # The rows are one format_html: the numbers (ours, never input) are written into its
    # format string, and only the words are arguments, each escaped once.
    shapes: list[str] = []
    words: list[str] = []
    for index, row in enumerate(rows):
        top, line = TOP + ROW * index + 14, TOP + ROW * index + 30
        quiet = "" if row.figures.clear else " insight-unclear"
        shapes.append(
            f'<g class="insight-mark{quiet}"><text x="{LEFT}" y="{top}" class="chart-value">{{}}'
            '<tspan class="chart-label"> · {}</tspan></text>'
            f'<line x1="{x(row.figures.low)}" x2="{x(row.figures.high)}" y1="{line}" '
            f'y2="{line}" class="insight-interval"></line><circle cx="{x(row.figures.difference)}" '
            f'cy="{line}" r="5" class="chart-dot"></circle>'
            "<title>{}: {} ({} – {})</title></g>"
        )
        words += (_short(row.name), row.kind_word, row.name, row.difference, row.low, row.high)
    drawn = format_html("".join(shapes), *words)
    bottom = TOP + ROW * len(rows)
    axis = format_html(
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-grid"></line>'
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="insight-zero"></line>'
        '<text x="{}" y="{}" class="chart-label">{}</text>'
        '<text x="{}" y="{}" text-anchor="middle" class="chart-label">0</text>'
        '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
        '<text x="{}" y="{}" class="chart-label">{}</text>'
        '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>',
        LEFT,
        WIDTH - RIGHT,
        bottom,
        bottom,
        x(0),
        x(0),
        TOP,
        bottom,
        LEFT,
        bottom + 14,
        "\u2212" + number_format(half, 1),
        x(0),
        bottom + 14,
        WIDTH - RIGHT,
        bottom + 14,
        "+" + number_format(half, 1),
        LEFT,
        bottom + 29,
        _("← lower mood"),
        WIDTH - RIGHT,
        bottom + 29,
        _("higher mood →"),
    )
    summary = _summary(rows, next_day)
    svg = format_html(
        '<svg class="chart insight-chart" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        "<title>{}</title>{}{}</svg>",
        WIDTH,
        height,
        summary,
        _("The day after: differences in mood") if next_day else _("Differences in mood"),
        axis,
        drawn,
    )
    return Chart(svg=svg, summary=summary)


def _short(name: str) -> str:
    return name if len(name) <= NAME_MAX else name[: NAME_MAX - 1].rstrip() + "…"


def _summary(rows: list[Row], next_day: bool) -> str:
    top = rows[0]
    if next_day:
        words = _(
            "Each dot is how much higher or lower your mood was on the day after, with its "
            "likely range. The surest: the day after “%(name)s”, %(difference)s "
            "(%(low)s to %(high)s)."
        )
    else:
        words = _(
            "Each dot is how much higher or lower your mood was on days with it, with its "
            "likely range. The surest: “%(name)s”, %(difference)s (%(low)s to %(high)s)."
        )
    return words % {
        "name": top.name,
        "difference": top.difference,
        "low": top.low,
        "high": top.high,
    }
