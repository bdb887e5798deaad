"""The journal list's rows, drawn in Python from plain tuples.

Twenty rows through the template engine were most of /journal/'s time: each row resolved
some thirty variables, reversed two URLs and ran three date filters. Here the rows are
one `format_html` over values read as tuples (no model instances), which escapes every
value it is given, and what is the same for every row — the URLs' shape, the localised month
and weekday names, the translated labels, the CSRF token — is made once a page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from django.urls import reverse
from django.utils import dateformat
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import get_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from reconnect.lib.templatetags.look import mood_face

# Between the pieces of a row's date, mood, change and tags.
SEPARATOR = SafeString(" · ")

# A number no database hands out as a key, so it can be found in a reversed URL again.
_SLOT = 2_147_483_647


def url_maker(name: str) -> Callable[[object], str]:
    """The URL of `name` for any one key, from a single reverse() made here."""
    before, _slot, after = reverse(name, args=[_SLOT]).partition(str(_SLOT))
    return lambda key: f"{before}{key}{after}"


# The date format characters made from the localised names; the rest fall back to Django.
_NAMED: dict[str, Callable[[dt.date], str]] = {
    "d": lambda day: f"{day.day:02d}",
    "j": lambda day: str(day.day),
    "m": lambda day: f"{day.month:02d}",
    "n": lambda day: str(day.month),
    "Y": lambda day: f"{day.year:04d}",
    "y": lambda day: f"{day.year % 100:02d}",
}


_MONTHS: dict[str, Callable[[int], str]] = {
    "M": lambda n: str(MONTHS_3[n]).title(),
    "b": lambda n: str(MONTHS_3[n]),
    "F": lambda n: str(MONTHS[n]),
}
_WEEKDAYS: dict[str, Callable[[int], str]] = {
    "D": lambda n: str(WEEKDAYS_ABBR[n]),
    "l": lambda n: str(WEEKDAYS[n]),
}


def _by_name(char: str) -> Callable[[dt.date], str]:
    """A date's month or weekday as the format character names it, translated once."""
    if char in _MONTHS:
        months = [_MONTHS[char](n) for n in range(1, 13)]
        return lambda day: months[day.month - 1]
    weekdays = [_WEEKDAYS[char](n) for n in range(7)]
    return lambda day: weekdays[day.weekday()]


def date_formatter(format_name: str) -> Callable[[dt.date], str]:
    """A function that writes a date in the active language's `format_name` (such as
    SHORT_DATE_FORMAT), as the `date` filter would, with the format read and the month
    and weekday names translated once instead of once a date."""
    pattern = get_format(format_name)
    parts: list[Callable[[dt.date], str] | str] = []
    escaped = False
    for char in pattern:
        if escaped:
            parts.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in _NAMED:
            parts.append(_NAMED[char])
        elif char in _MONTHS or char in _WEEKDAYS:
            parts.append(_by_name(char))
        elif char.isalpha():
            return lambda day: dateformat.format(day, pattern)  # a character not drawn here
        else:
            parts.append(char)

    def write(day: dt.date) -> str:
        return "".join(part if isinstance(part, str) else part(day) for part in parts)

    return write


@dataclass(frozen=True)
class Row:
    pk: int
    title: str
    day: dt.date
    time: dt.time | None
    mood: int | None
    starred: bool
    focus: str | None
    tags: Sequence[str]


# The fields a row reads, in Row's order but for the tags (read in a query of their own)
# and the change, named from the person's changes, which the page has loaded already.
ROW_FIELDS = ("pk", "title", "day", "time", "mood", "starred", "focus_id")


def entry_rows(rows: Iterable[Row], *, csrf_token: str, back: str) -> SafeString:
    """The list items of /journal/: a star button, the title linked, the date and time,
    the mood, the change and the tags (each linked to the entries with that tag)."""
    detail, star = url_maker("journal:entry_detail"), url_maker("journal:entry_star")
    tag_link = reverse("journal:entry_list") + "?tag="
    weekday, short = date_formatter("D"), date_formatter("SHORT_DATE_FORMAT")
    unstar, star_it = _("Remove the star"), _("Star this entry")
    hidden = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="next" value="{}">',
        csrf_token,
        back,
    )
    # The star's form, but for its address, is one of two; each tag, change and mood is
    # drawn once a page however many rows name it.
    controls = {
        True: format_html(
            '{}<button type="submit" name="starred" value="0" class="btn btn-link btn-sm p-0 '
            'star is-starred" data-starred="1" aria-label="{}" title="{}">★</button>',
            hidden,
            unstar,
            unstar,
        ),
        False: format_html(
            '{}<button type="submit" name="starred" value="1" class="btn btn-link btn-sm p-0 '
            'star" data-starred="0" aria-label="{}" title="{}">☆</button>',
            hidden,
            star_it,
            star_it,
        ),
    }
    tags: dict[str, SafeString] = {}
    focuses: dict[str, SafeString] = {}
    moods: dict[int, SafeString] = {}

    def meta(row: Row) -> SafeString:
        """What follows the date: the mood, the change and the tags."""
        drawn = SafeString("")
        if row.mood:
            if row.mood not in moods:
                moods[row.mood] = mood_face(row.mood)
            drawn += SEPARATOR + moods[row.mood]
        if row.focus:
            if row.focus not in focuses:
                focuses[row.focus] = conditional_escape(row.focus)
            drawn += SEPARATOR + focuses[row.focus]
        for name in row.tags:
            if name not in tags:
                tags[name] = format_html(
                    '<a href="{}{}" data-tag="{}">#{}</a>', tag_link, quote(name), name, name
                )
            drawn += SEPARATOR + tags[name]
        return drawn

    # All the rows are one format_html, not one each.
    listed, values = list(rows), list[object]()
    for row in listed:
        iso = row.day.isoformat()
        shown = f"{weekday(row.day)} {short(row.day)}"
        if row.time is not None:
            clock = row.time.strftime("%H:%M")
            iso, shown = f"{iso}T{clock}", f"{shown}, {clock}"
        pk = conditional_escape(str(row.pk))
        values += (
            pk,
            star(pk),
            controls[row.starred],
            detail(pk),
            row.title,
            iso,
            shown,
            meta(row),
        )
    return format_html(_ROW * len(listed), *values) if listed else SafeString("")


# A row: its key, its star's form, its title linked, its date and what follows the date.
_ROW = (
    '<li class="list-group-item entry-row" data-entry="{}">'
    '<form method="post" action="{}" class="d-inline star-form">{}</form>'
    '<div><a class="entry-title" href="{}">{}</a>'
    '<div class="entry-meta"><time datetime="{}">{}</time>{}</div></div></li>'
)
