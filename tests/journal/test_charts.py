"""The charts drawn from pieces made once: the same markup as drawing each day or dot on
its own through format_html, every value escaped."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.html import format_html

from journal import charts
from journal.stats import YEAR_DAYS, week_start

TODAY = dt.date(2026, 12, 6)


def one_day_at_a_time(days: dict[dt.date, int], today: dt.date, link: str) -> str:
    """The heat map's days, each through a format_html of its own: plainly right."""
    first = week_start(today - dt.timedelta(days=YEAR_DAYS - 1))
    drawn = []
    for index in range((today - first).days + 1):
        day = first + dt.timedelta(days=index)
        count = days.get(day, 0)
        cell = format_html(
            '<rect x="{}" y="{}" width="22" height="22" rx="5" class="heat-cell heat-{}{}">'
            "<title>{}: {}</title></rect>",
            index // 7 * charts.PITCH,
            index % 7 * charts.PITCH + charts.HEAT_TOP,
            min(count, 4),
            " heat-today" if day == today else "",
            day.isoformat(),
            count,
        )
        if count and link:
            cell = format_html(
                '<a href="{}" data-heat-day="{}" aria-label="{}: {}">{}</a>',
                link.replace("{day}", day.isoformat()),
                day.isoformat(),
                day.isoformat(),
                count,
                cell,
            )
        drawn.append(cell)
    return "".join(drawn)


@pytest.mark.parametrize(
    "link",
    [
        "",
        "/journal/?from={day}&to={day}",
        '/j/{day}/?a="<b>"&c={d}',  # escaped, and braces that are not {day} kept
        "/no-day/",
        "{day}",
    ],
)
def test_the_heat_map_draws_each_day_as_on_its_own(link):
    days = {TODAY - dt.timedelta(days=n): n % 7 for n in range(0, 400, 3)}
    days[TODAY] = 150  # past the counts drawn once
    days[TODAY - dt.timedelta(days=1)] = 99
    svg = charts.heat_map(days, TODAY, link).svg
    assert one_day_at_a_time(days, TODAY, link) in svg
    assert "<b>" not in svg


@pytest.mark.parametrize("today", [dt.date(2026, 1, 3), dt.date(2028, 3, 1), dt.date(2, 6, 30)])
def test_the_heat_map_dates_are_right_across_years(today):
    days = {today: 2, today - dt.timedelta(days=300): 1}
    link = "/journal/?from={day}"
    svg = charts.heat_map(days, today, link).svg
    assert one_day_at_a_time(days, today, link) in svg
    assert f'data-heat-day="{today.isoformat()}"' in svg


def test_the_mood_dots_are_as_drawn_one_at_a_time():
    first = TODAY - dt.timedelta(days=90)
    moods = {first + dt.timedelta(days=n): 1 + (n * 7 % 41) / 10 for n in range(0, 91, 2)}
    svg = charts.mood_trend(moods, first, TODAY).svg
    sep = get_format("DECIMAL_SEPARATOR")
    for day, mood in moods.items():
        x = round(30 + 320 * (day - first).days / 90, 1)
        y = round(130 - 102 * (mood - 1) / 4, 1)
        dot = format_html(
            '<circle cx="{}" cy="{}" r="2.5" class="chart-dot"><title>{}: {}</title></circle>',
            x,
            y,
            day.isoformat(),
            numberformat.format(mood, sep, 1),
        )
        assert dot in svg
