from __future__ import annotations

import datetime as dt
import math
import re
import secrets
import unicodedata
import uuid
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .markdown import render_markdown


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNSURE = "unsure", _("Not sure yet")


class FocusArea(models.Model):
    """A change the user is working on (tips 3 and 7)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="focus_areas"
    )
    name = models.CharField(_("name"), max_length=100)
    about_breakup = models.BooleanField(_("this was a reason for the breakup"), default=False)
    need_to_fix = models.CharField(
        _("is this something I need to fix?"),
        max_length=6,
        choices=Answer.choices,
        default=Answer.UNSURE,
    )
    want_to_fix = models.CharField(
        _("is this something I want to fix?"),
        max_length=6,
        choices=Answer.choices,
        default=Answer.UNSURE,
    )
    for_myself = models.CharField(
        _("am I doing this for myself?"),
        max_length=6,
        choices=Answer.choices,
        default=Answer.UNSURE,
    )
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    archived = models.BooleanField(_("archived"), default=False)
    # This change's id in every export, the same in any account it is imported into.
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["archived", "name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="focusarea_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Entry(models.Model):
    """One dated journal entry. `body` is Markdown; `body_html` is its sanitised rendering."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entries"
    )
    day = models.DateField(_("day"))
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("entry"), max_length=20000, blank=True)
    body_html = models.TextField(blank=True, editable=False)
    mood = models.PositiveSmallIntegerField(
        _("mood"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    focus = models.ForeignKey(
        FocusArea,
        verbose_name=_("focus area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entries",
    )
    time = models.TimeField(_("time"), null=True, blank=True)
    starred = models.BooleanField(_("starred"), default=False)
    tags = models.ManyToManyField("Tag", blank=True, related_name="entries")
    # Title, body and tags folded to lower case without accents, for search (see fold()).
    search_text = models.TextField(blank=True, default="", editable=False)
    # This entry's id in every export, the same in any account it is imported into.
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    # Identifies an imported entry so that importing the same file twice adds nothing.
    import_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day", "-time", "-created"]
        verbose_name_plural = "entries"
        indexes = [
            # Covers the per-day counts and moods of the journal's numbers and charts.
            models.Index(fields=["user", "day", "mood"], name="entry_user_day_mood"),
            models.Index(fields=["user", "-day", "-time", "-created"], name="entry_user_day_time"),
            models.Index(fields=["user", "focus", "-day"], name="entry_user_focus_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(mood__isnull=True) | Q(mood__gte=1, mood__lte=5),
                name="entry_mood_range",
            ),
            models.UniqueConstraint(
                fields=["user", "import_key"],
                condition=~Q(import_key=""),
                name="entry_unique_import_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.prepare()
        if "update_fields" in kwargs and {"body", "title"} & set(kwargs["update_fields"]):
            kwargs["update_fields"] = {*kwargs["update_fields"], "body", "body_html", "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("journal:entry_detail", args=[self.pk])

    def prepare(self, tag_names: list[str] | None = None) -> None:
        """Fill the derived columns: what save() does, for bulk_create to call itself."""
        self.body = normalise_newlines(self.body)
        self.body_html = render_markdown(self.body)
        names = tag_names if tag_names is not None else []
        self.search_text = fold("\n".join([self.title, self.body, *names]))


MILESTONE_DAYS = (7, 14, 30, 60, 90)


class WaitingPeriodQuerySet(models.QuerySet["WaitingPeriod"]):
    def begin(
        self, user: Any, label: str, start: dt.date, days: int, **fields: Any
    ) -> WaitingPeriod:
        """A new period whose clock starts at the first moment of `start` in the user's zone."""
        return self.create(
            user=user,
            label=label,
            start=start,
            days=days,
            started_at=local_midnight(start, user.tzinfo),
            **fields,
        )


class WaitingPeriod(models.Model):
    """A no-contact timer. The current run starts at `started_at` and lasts `days` local days.

    A reset ends the current run (kept as a `Reset`) and starts a new one.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="waiting_periods"
    )
    label = models.CharField(_("label"), max_length=100)
    purpose = models.TextField(_("purpose"), blank=True, max_length=2000)
    start = models.DateField(_("start"))
    days = models.PositiveSmallIntegerField(
        _("days"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    started_at = models.DateTimeField()
    # This period's id in every export, the same in any account it is imported into.
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = WaitingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "-started_at"], name="period_user_started")]
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=1, days__lte=365), name="period_days_range"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("journal:period_detail", args=[self.pk])

    def ends_at(self, tz: zoneinfo.ZoneInfo) -> dt.datetime:
        """When the current run ends."""
        return self.reached_at(self.days, tz)

    def reached_at(self, day: int, tz: zoneinfo.ZoneInfo) -> dt.datetime:
        """When the current run reaches `day` days: the same local wall-clock time.

        Adding days to the local (naive) time and localising again keeps the end on the
        right local day across a DST change, where adding 24-hour days would not.
        """
        local_start = within_calendar(self.started_at).astimezone(tz).replace(tzinfo=None)
        return (local_start + dt.timedelta(days=day)).replace(tzinfo=tz)

    def milestones(self) -> list[int]:
        """The days worth marking in the current run: 7, 14, 30, 60, 90 within it, and the end."""
        return [day for day in MILESTONE_DAYS if day < self.days] + [self.days]

    def is_complete(self, now: dt.datetime, tz: zoneinfo.ZoneInfo) -> bool:
        return now >= self.ends_at(tz)

    def percent_done(self, now: dt.datetime, tz: zoneinfo.ZoneInfo) -> int:
        total = (self.ends_at(tz) - self.started_at).total_seconds()
        elapsed = (now - self.started_at).total_seconds()
        return max(0, min(100, int(100 * elapsed / total))) if total > 0 else 100

    def progress(self, now: dt.datetime, tz: zoneinfo.ZoneInfo, reset_count: int = 0) -> Progress:
        """Where the current run stands at `now`, in whole days as the user counts them."""
        ends_at = self.ends_at(tz)
        remaining = max((ends_at - now).total_seconds(), 0)
        days_left = math.ceil(remaining / DAY_SECONDS)
        return Progress(
            period=self,
            percent=self.percent_done(now, tz),
            started_at=within_calendar(self.started_at),
            days_elapsed=self.days - days_left,
            days_left=days_left,
            ends_at=ends_at,
            complete=remaining == 0,
            reset_count=reset_count,
        )

    def reset(self, note: str, at: dt.datetime) -> Reset:
        """End the current run at `at`, keeping it as history, and start a new one then."""
        with transaction.atomic():
            broken = Reset.objects.create(
                period=self, run_started_at=self.started_at, at=at, note=note
            )
            self.started_at = at
            self.save(update_fields=["started_at"])
        return broken

    def history(self, resets: list[Reset], now: dt.datetime, tz: zoneinfo.ZoneInfo) -> History:
        """Resets, the longest clean run and the days kept over every run, broken or not."""
        current = (min(now, self.ends_at(tz)) - self.started_at).total_seconds()
        runs = [current] + [(r.at - r.run_started_at).total_seconds() for r in resets]
        return History(
            reset_count=len(resets),
            longest_clean_days=int(max(runs) // DAY_SECONDS),
            total_kept_days=int(sum(max(run, 0) for run in runs) // DAY_SECONDS),
        )


DAY_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Progress:
    period: WaitingPeriod
    percent: int
    started_at: dt.datetime  # the current run's start, as a page can show it
    days_elapsed: int
    days_left: int
    ends_at: dt.datetime
    complete: bool
    reset_count: int


@dataclass(frozen=True)
class History:
    reset_count: int
    longest_clean_days: int
    total_kept_days: int


# Moments a clock may be read at: a year inside each end of the calendar, so that any time
# zone shift plus a run's 365 days stays representable. Forms refuse dates before 1900, but
# a record made otherwise (the admin, an old import) must not break every page it is on.
EARLIEST_MOMENT = dt.datetime(2, 1, 1, tzinfo=dt.UTC)
LATEST_MOMENT = dt.datetime(9998, 1, 1, tzinfo=dt.UTC)


def within_calendar(moment: dt.datetime) -> dt.datetime:
    """`moment`, moved inside the years 2 to 9997 if it lies outside them."""
    return min(max(moment, EARLIEST_MOMENT), LATEST_MOMENT)


def local_midnight(day: dt.date, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """The first moment of `day` in `tz`, as an aware datetime."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz)


class Reset(models.Model):
    """A broken run of a waiting period, kept as history."""

    period = models.ForeignKey(WaitingPeriod, on_delete=models.CASCADE, related_name="resets")
    run_started_at = models.DateTimeField()
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(_("what happened"), max_length=2000)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["period", "-at"], name="reset_period_at")]

    def __str__(self) -> str:
        return f"{self.period} reset at {self.at:%Y-%m-%d}"


class Reminder(models.Model):
    """A reminder email sent for one milestone (or the end) of one run of a waiting period."""

    period = models.ForeignKey(WaitingPeriod, on_delete=models.CASCADE, related_name="reminders")
    run_started_at = models.DateTimeField()
    day = models.PositiveSmallIntegerField(help_text="the milestone: days since the run began")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period", "run_started_at", "day"], name="reminder_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period}: day {self.day}"


class Situation(models.Model):
    """The user's honest answers about the breakup and about themselves (one per user)."""

    class WhoseSide(models.TextChoices):
        MINE = "mine", _("Mostly mine")
        THEIRS = "theirs", _("Mostly theirs")
        BOTH = "both", _("Both of ours")
        CIRCUMSTANCES = "circumstances", _("Circumstances, not either of us")

    class RoughPatch(models.TextChoices):
        NONE = "none", _("There was none")
        ONGOING = "ongoing", _("It is still going on")
        RESOLVED = "resolved", _("It is over")
        UNSURE = "unsure", _("I don't know")

    class Behaviour(models.TextChoices):
        NONE = "none", _("Nothing of theirs caused it")
        CHANGED = "changed", _("It has credibly changed")
        UNCHANGED = "unchanged", _("It has not changed")
        UNSURE = "unsure", _("I don't know")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="situation"
    )
    broke_up_on = models.DateField(_("when did you break up?"), null=True, blank=True)
    whose_side = models.CharField(
        _("whose side was the breakup mostly on?"),
        max_length=13,
        choices=WhoseSide.choices,
        blank=True,
    )
    their_rough_patch = models.CharField(
        _("was your ex going through a rough patch?"),
        max_length=8,
        choices=RoughPatch.choices,
        default=RoughPatch.UNSURE,
    )
    their_behaviour = models.CharField(
        _("did behaviour of theirs cause the breakup?"),
        max_length=9,
        choices=Behaviour.choices,
        default=Behaviour.UNSURE,
    )
    open_to_contact = models.CharField(
        _("are they open to hearing from you?"),
        max_length=6,
        choices=Answer.choices,
        blank=True,
        help_text=_("Left blank until you answer: not knowing never counts as yes."),
    )
    together_months = models.PositiveSmallIntegerField(
        _("how many months were you together?"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(1200)],
    )
    asked_no_contact = models.BooleanField(
        _("my ex asked for no contact or blocked me"), default=False
    )
    safety_concern = models.BooleanField(
        _("there was abuse, or I feel afraid of my ex"), default=False
    )
    honest = models.BooleanField(_("I can say plainly how I feel, and then listen"), default=False)
    slow_plan = models.TextField(_("my plan for a slow restart"), blank=True, max_length=5000)
    accept_no = models.BooleanField(_("I accept that the answer may be no"), default=False)
    updated = models.DateTimeField(auto_now=True)

    # Every answer, in the order the form asks them. The form, the readiness facts, the
    # export and the import all read this: a new question is its field, its name here,
    # and its rule in journal/readiness.py.
    ANSWERS = (
        "broke_up_on",
        "whose_side",
        "their_rough_patch",
        "their_behaviour",
        "open_to_contact",
        "together_months",
        "asked_no_contact",
        "safety_concern",
        "honest",
        "slow_plan",
        "accept_no",
    )

    def __str__(self) -> str:
        return f"Situation of {self.user}"


class ReadinessSnapshot(models.Model):
    """A readiness outcome, stored each time it changes, for the timeline."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="readiness_snapshots"
    )
    at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=12)
    met = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    conditions = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "-at"], name="snapshot_user_at")]

    def __str__(self) -> str:
        return f"{self.state} ({self.met}/{self.total}) at {self.at:%Y-%m-%d %H:%M}"


# Tags, search and line endings


def normalise_newlines(text: str) -> str:
    """Browsers send "\r\n"; every stored and exported text uses "\n"."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def fold(text: str) -> str:
    """Lower case without accents, so "zoe" finds "Zoë" on any database.

    NFKD splits "ë" into "e" and a combining mark, which is then dropped.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# `#tag` or `@tag` standing alone: not inside a word, an e-mail address or a URL fragment,
# and not a Markdown heading ("# Title" has a space after the mark).
INLINE_TAG = re.compile(r"(?<![\w&/#@])[#@](\w[\w-]*)")
TAG_MAX = 64


def inline_tags(text: str) -> list[str]:
    """The tags written in the text, in order, each once."""
    return list(dict.fromkeys(m.group(1)[:TAG_MAX] for m in INLINE_TAG.finditer(text)))


def clean_tag(name: str) -> str:
    """A tag as stored: no leading mark, single spaces, at most TAG_MAX characters."""
    return " ".join(name.strip().lstrip("#@").split())[:TAG_MAX].strip()


class Tag(models.Model):
    """A word the user files entries under: `#run` in the text or "no contact" on the form."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tags"
    )
    name = models.CharField(_("name"), max_length=TAG_MAX)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "user", name="tag_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


def tags_for(user: Any, names: list[str]) -> list[Tag]:
    """The user's tags with these names (any case), creating the missing ones."""
    wanted = {}
    for name in names:
        cleaned = clean_tag(name)
        if cleaned:
            wanted.setdefault(cleaned.lower(), cleaned)
    if not wanted:
        return []
    found = {t.name.lower(): t for t in Tag.objects.filter(user=user)}
    missing = [Tag(user=user, name=name) for key, name in wanted.items() if key not in found]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        found = {t.name.lower(): t for t in Tag.objects.filter(user=user)}
    return [found[key] for key in wanted if key in found]


def file_under_tags(entry: Entry, names: list[str]) -> None:
    """Give the entry exactly these tags plus those written in its text.

    A tag naming one of the user's changes files the entry under that change, when it
    is not filed under one already.
    """
    names = [*names, *inline_tags(entry.title + "\n" + entry.body)]
    tags = tags_for(entry.user, names)
    entry.tags.set(tags)
    fields = {"search_text": fold("\n".join([entry.title, entry.body, *(t.name for t in tags)]))}
    if entry.focus_id is None and tags:
        lowered = {t.name.lower() for t in tags}
        area = next(
            (a for a in FocusArea.objects.filter(user=entry.user) if a.name.lower() in lowered),
            None,
        )
        if area is not None:
            fields["focus"] = area
    Entry.objects.filter(pk=entry.pk).update(**fields)
    for key, value in fields.items():
        setattr(entry, key, value)


# Photos


def photo_path(instance: EntryPhoto, filename: str) -> str:
    return f"photos/{instance.user_id}/{filename}"


class EntryPhoto(models.Model):
    """An image on an entry, stored without metadata; `token` is its unguessable address."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="photos")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="photos"
    )

    class State(models.TextChoices):
        PREPARING = "preparing", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be read")

    token = models.CharField(max_length=64, unique=True)
    image = models.FileField(upload_to=photo_path, max_length=200)
    thumbnail = models.FileField(upload_to=photo_path, max_length=200)
    # An uploaded photo is kept as sent only until a task has cleaned it (journal.photos).
    state = models.CharField(max_length=10, choices=State.choices, default=State.READY)
    original = models.FileField(upload_to=photo_path, max_length=200, blank=True)
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return f"Photo {self.pk} of entry {self.entry_id}"

    def get_absolute_url(self) -> str:
        return reverse("journal:photo", args=[self.token, "full"])

    def thumbnail_url(self) -> str:
        return reverse("journal:photo", args=[self.token, "thumb"])


@receiver(post_delete, sender=EntryPhoto)
def delete_photo_files(sender: type, instance: EntryPhoto, **kwargs: Any) -> None:
    """Deleting a photo, its entry or the account deletes the files too."""
    for file in (instance.image, instance.thumbnail, instance.original):
        if file.name:
            file.storage.delete(file.name)


# The hard moment: an urge to contact the ex, written down instead of sent


class Trigger(models.TextChoices):
    LONELINESS = "loneliness", _("Loneliness")
    SOCIAL_MEDIA = "social_media", _("Their post, or social media")
    ALCOHOL = "alcohol", _("Alcohol")
    DATE = "date", _("A date or an anniversary")
    MEMORY = "memory", _("A song, a place or a memory")
    DREAM = "dream", _("A dream")
    BOREDOM = "boredom", _("Boredom")
    PRACTICAL = "practical", _("Something practical")
    OTHER = "other", _("Something else")


PAUSE_MINUTES = 10
COOLING_HOURS = 72
URGE_MESSAGE_MAX = 5000


class Urge(models.Model):
    """A moment when the user wanted to contact their ex, and how it went.

    `triggers` holds the trigger keys between commas (",alcohol,date,"), so one aggregate
    query can count each trigger with `triggers__contains=",key,"`.
    """

    class Outcome(models.TextChoices):
        RODE_OUT = "rode_out", _("It passed")
        KEPT_DRAFT = "kept_draft", _("I still want to send it")
        CONTACTED = "contacted", _("I sent it / I called")
        LOGISTICS = "logistics", _("It was something practical")

    class Draft(models.TextChoices):
        NONE = "", _("Not a draft")
        KEPT = "kept", _("Kept, unsent")
        LET_GO = "let_go", _("Let go")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="urges"
    )
    message = models.TextField(_("what you want to say"), blank=True, max_length=URGE_MESSAGE_MAX)
    triggers = models.CharField(_("what set it off"), max_length=200)
    trigger_note = models.CharField(_("a few words about it"), max_length=200, blank=True)
    intensity = models.PositiveSmallIntegerField(
        _("how strong it is"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    created = models.DateTimeField(default=timezone.now)
    pause_until = models.DateTimeField()
    outcome = models.CharField(_("how it went"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    draft = models.CharField(max_length=6, choices=Draft.choices, blank=True, default="")
    # Set when the user answers "Keep it" after the cooling-off, so the question rests.
    draft_kept_at = models.DateTimeField(null=True, blank=True)
    # When the user asked their friend to call; also the 30-minute limit's clock.
    friend_asked_at = models.DateTimeField(null=True, blank=True)
    # When a `contacted` urge restarted the running waiting period (at most once).
    reset_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["user", "-created"], name="urge_user_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(intensity__gte=1, intensity__lte=10), name="urge_intensity_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Urge of {self.user} at {self.created:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("urges:pause", args=[self.pk])

    @staticmethod
    def pack_triggers(keys: list[str]) -> str:
        return "," + ",".join(keys) + "," if keys else ""

    @property
    def trigger_keys(self) -> list[str]:
        return [key for key in self.triggers.split(",") if key]

    @property
    def trigger_labels(self) -> list[str]:
        labels = dict(Trigger.choices)
        return [str(labels.get(key, key)) for key in self.trigger_keys]

    @property
    def cooling_until(self) -> dt.datetime:
        return self.created + dt.timedelta(hours=COOLING_HOURS)

    def is_cooling(self, now: dt.datetime) -> bool:
        return now < self.cooling_until


class ReasonToWait(models.Model):
    """A reason the user wrote for themselves, shown during every pause."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reasons_to_wait"
    )
    text = models.CharField(_("reason"), max_length=300)
    order = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class LogisticsContact(models.Model):
    """Contact for something practical (children, a lease, belongings): kept, never a reset."""

    period = models.ForeignKey(WaitingPeriod, on_delete=models.CASCADE, related_name="contacts")
    day = models.DateField(_("day"))
    note = models.CharField(_("what it was about"), max_length=500)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day", "-created"]

    def __str__(self) -> str:
        return f"{self.period}: logistics contact on {self.day}"


# Long work off the request path: an import's progress, and the limits on repeated asks


def import_path(instance: ImportJob, filename: str) -> str:
    return f"imports/{instance.user_id}/{secrets.token_urlsafe(24)}"


class ImportJob(models.Model):
    """One uploaded file being imported by a task; the upload is deleted when it ends."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Not imported")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imports"
    )
    name = models.CharField(max_length=200)
    upload = models.FileField(upload_to=import_path, max_length=200, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    already = models.PositiveIntegerField(default=0)
    not_kept = models.TextField(blank=True)
    problem = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.state})"

    def get_absolute_url(self) -> str:
        return reverse("journal:import_progress", args=[self.pk])

    @property
    def finished_state(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


@receiver(post_delete, sender=ImportJob)
def delete_import_upload(sender: type, instance: ImportJob, **kwargs: Any) -> None:
    """An import's upload goes with it (and with the account)."""
    if instance.upload.name:
        instance.upload.storage.delete(instance.upload.name)


class RateLimit(models.Model):
    """A token bucket for one kind of ask by one asker (journal.limits), by keyed hash only."""

    key = models.CharField(max_length=64, unique=True)
    tokens = models.FloatField()
    updated = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Limit {self.key[:8]}"
