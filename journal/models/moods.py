"""A mood in one tap: how the day was, 1 to 5, with the person's own quick tags."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reconnect.lib import limits
from reconnect.lib.fields import SealedCharField, SealedModel

from .entries import fold, name_key

if TYPE_CHECKING:
    from ..auth import User

QUICK_TAG_MAX = limits.QUICK_TAG_MAX
QUICK_TAGS_MAX = limits.QUICK_TAGS_MAX


class QuickTag(SealedModel):
    """A short label of the person's own ("slept badly", "saw friends"), tapped under the
    faces on the home to say what went with the day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quick_tags"
    )
    name = SealedCharField(_("name"), max_length=QUICK_TAG_MAX)
    # Stands for the name, lower-cased, in the uniqueness rule (sealing.blind_key).
    name_key = models.CharField(max_length=32, editable=False, default="")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name_key"], name="quicktag_unique_name_key"),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = name_key(self.user_id, self.name)
        if "update_fields" in kwargs and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)


class DayMood(models.Model):
    """One day's mood, tapped on the home: at most one a day, in the person's own time zone.

    Where a day has one, it is that day's mood everywhere (the charts, the insights); a day
    without one keeps the average of its entries' moods. `mood` is empty when only quick
    tags were tapped.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="day_moods"
    )
    day = models.DateField(_("day"))
    mood = models.PositiveSmallIntegerField(
        _("mood"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    quick_tags: models.ManyToManyField[QuickTag, Any] = models.ManyToManyField(
        QuickTag, blank=True, related_name="days"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="daymood_one_a_day"),
            models.CheckConstraint(
                condition=Q(mood__isnull=True) | Q(mood__gte=1, mood__lte=5),
                name="daymood_mood_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.mood}"


def quick_tags_today(user: User, today: dt.date) -> list[tuple[int, str, bool]]:
    """The person's quick tags in name order as (id, name, whether today has it).

    One query, written out: the home asks it on every visit, and through the ORM its
    subquery cost more to build than to run. The names open as the ORM would open them.
    """
    table = connection.ops.quote_name
    tags, days = table(QuickTag._meta.db_table), table(DayMood._meta.db_table)
    through = table(DayMood.quick_tags.through._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT q.id, q.name, q.id IN (SELECT t.quicktag_id FROM {through} t "  # noqa: S608 - the tables' own names
            f"JOIN {days} d ON d.id = t.daymood_id WHERE d.user_id = %s AND d.day = %s) "
            f"FROM {tags} q WHERE q.user_id = %s",
            [user.pk, today, user.pk],
        )
        rows = cursor.fetchall()
    name = QuickTag._meta.get_field("name")
    found = [
        (pk, str(name.from_db_value(sealed, None, connection)), bool(on)) for pk, sealed, on in rows
    ]
    found.sort(key=lambda tag: (fold(tag[1]), tag[1]))  # sealed: sorted here
    return found
