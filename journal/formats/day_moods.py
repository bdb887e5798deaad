"""The moods tapped on the home and the person's quick tags, in this app's JSON export, out
and back in.

A day is its own key: a day that already has a mood here keeps it, so a second import adds
nothing. A quick tag is matched by its name in any case, as the quick tags' page matches
it. Nothing is cut short: a name too long, a mood out of range or a day out of bounds is
refused with a message.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypedDict

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from reconnect.lib import limits
from reconnect.lib.dates import check_past_day

from ..models import DayMood, QuickTag, name_key, sorted_names
from .records import ImportProblem, check_storable, date, list_of_objects

if TYPE_CHECKING:
    from ..auth import User

MAX_DAYS = limits.IMPORT_MAX_ENTRIES


class DayMoodData(TypedDict):
    day: str
    mood: int | None
    quick_tags: list[str]


class MoodData(TypedDict):
    """The moods' keys of the JSON export."""

    quick_tags: list[str]
    day_moods: list[DayMoodData]


class MoodRecords(TypedDict):
    """The checked quick tags and days of an import, for `save`."""

    quick_tags: list[str]
    days: list[tuple[dt.date, int | None, list[str]]]


def json_sections(user: User) -> MoodData:
    """The quick tags (by name) and every day's tapped mood with its quick tags' names."""
    names = {tag.pk: tag.name for tag in QuickTag.objects.filter(user=user)}
    on: dict[int, list[str]] = {}
    through = DayMood.quick_tags.through.objects.filter(daymood__user=user)
    for day_id, tag_id in through.values_list("daymood_id", "quicktag_id"):
        on.setdefault(day_id, []).append(names[tag_id])
    return {
        "quick_tags": sorted_names(names.values()),
        "day_moods": [
            {"day": day.isoformat(), "mood": mood, "quick_tags": sorted_names(on.get(pk, ()))}
            for pk, day, mood in DayMood.objects.filter(user=user)
            .order_by("day")
            .values_list("pk", "day", "mood")
        ],
    }


def parse(document: dict[str, Any]) -> MoodRecords:
    """Check the moods' keys of an own-format export; raise ImportProblem on a fault."""
    names = _quick_tags(document.get("quick_tags"))
    known = {name.lower(): name for name in names}
    raw_days = list_of_objects(document.get("day_moods"), "day_moods")
    if len(raw_days) > MAX_DAYS:
        raise ImportProblem(
            _("The file has moods on %(count)s days; up to %(limit)s can be imported at once.")
            % {"count": f"{len(raw_days):,}", "limit": f"{MAX_DAYS:,}"}
        )
    today = timezone.localdate() + dt.timedelta(days=1)  # the day may be a zone ahead
    days: list[tuple[dt.date, int | None, list[str]]] = []
    seen: set[dt.date] = set()
    for number, raw in enumerate(raw_days, start=1):
        where = _("Mood of day %(number)s") % {"number": number}
        day = date(raw.get("day"), where)
        try:
            check_past_day(day, today)
        except ValidationError as problem:
            raise ImportProblem(f"{where}: {problem.messages[0]}") from None
        if day in seen:
            raise ImportProblem(_("%(where)s: that day is in the file twice.") % {"where": where})
        seen.add(day)
        mood = raw.get("mood")
        if mood is not None and (type(mood) is not int or not 1 <= mood <= 5):
            raise ImportProblem(
                _("%(where)s: the mood must be a whole number from 1 to 5.") % {"where": where}
            )
        tags = raw.get("quick_tags") or []
        if not isinstance(tags, list) or not all(
            isinstance(t, str) and t.lower() in known for t in tags
        ):
            raise ImportProblem(
                _("%(where)s: its quick tags should be names from the file's quick tags.")
                % {"where": where}
            )
        if mood is not None or tags:  # a day with neither holds nothing to keep
            days.append((day, mood, list(dict.fromkeys(known[t.lower()] for t in tags))))
    return {"quick_tags": names, "days": days}


def _quick_tags(value: object) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise ImportProblem(_("'quick_tags' should be a list of names."))
    names: dict[str, str] = {}
    for number, raw in enumerate(value, start=1):
        where = _("Quick tag %(number)s") % {"number": number}
        name = " ".join(raw.split())
        if not name:
            raise ImportProblem(_("%(where)s is empty.") % {"where": where})
        if len(name) > limits.QUICK_TAG_MAX:
            raise ImportProblem(
                _("%(where)s: longer than %(limit)s characters.")
                % {"where": where, "limit": limits.QUICK_TAG_MAX}
            )
        check_storable(where, _("the name"), name)
        names.setdefault(name.lower(), name)
    if len(names) > limits.QUICK_TAGS_MAX:
        raise ImportProblem(
            _("The file has %(count)s quick tags; there is room for %(limit)s.")
            % {"count": len(names), "limit": limits.QUICK_TAGS_MAX}
        )
    return list(names.values())


def save(records: MoodRecords | None, user: User) -> None:
    """Add the quick tags and days that are not here yet; inside the import's transaction."""
    if records is None:  # not this app's own export
        return
    tags = {tag.name_key: tag for tag in QuickTag.objects.filter(user=user)}
    missing = {
        key: name for name in records["quick_tags"] if (key := name_key(user.pk, name)) not in tags
    }
    if len(tags) + len(missing) > limits.QUICK_TAGS_MAX:
        raise ImportProblem(
            _("With the file's quick tags you would have more than %(limit)s: remove some first.")
            % {"limit": limits.QUICK_TAGS_MAX}
        )
    for key, name in missing.items():
        tag = QuickTag(user=user, name=name)
        tag.save()
        tags[key] = tag
    by_name = {name: tags[name_key(user.pk, name)] for name in records["quick_tags"]}
    here = set(DayMood.objects.filter(user=user).values_list("day", flat=True))
    fresh = [(day, mood, names) for day, mood, names in records["days"] if day not in here]
    rows = DayMood.objects.bulk_create(
        [DayMood(user=user, day=day, mood=mood) for day, mood, _names in fresh], batch_size=1000
    )
    through = DayMood.quick_tags.through
    through.objects.bulk_create(
        (
            through(daymood_id=row.pk, quicktag_id=by_name[name].pk)
            for row, (_day, _mood, names) in zip(rows, fresh, strict=True)
            for name in names
        ),
        batch_size=1000,
    )
