"""The hard moment: an urge to contact the ex, written down instead of sent."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reconnect.lib import limits
from reconnect.lib.fields import (
    SealedCharField,
    SealedModel,
    SealedTextField,
)

from .waiting import WaitingPeriod

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


class Help(models.TextChoices):
    """The built-in answers to "What helped?" after a pause; a person adds their own."""

    WALK = "walk", _("A walk")
    SOMEONE = "someone", _("Calling or texting someone")
    REASONS = "reasons", _("Reading my reasons")
    WRITING = "writing", _("Writing it out")
    WAITING = "waiting", _("Just waiting")
    BREATHING = "breathing", _("Slow breathing")
    BUSY = "busy", _("Keeping busy")
    SLEEP = "sleep", _("Sleeping on it")


# What a reset's "what led to it" holds for "I'd rather not say", beside the trigger keys.
TRIGGER_UNSAID = "unsaid"


def trigger_labels(keys: list[str]) -> list[str]:
    """The words for trigger keys, "I'd rather not say" among them, as the person chose them."""
    labels = {**dict(Trigger.choices), TRIGGER_UNSAID: _("I'd rather not say")}
    return [str(labels.get(key, key)) for key in keys]


# "Something else", with a few words; and the prefix of a person's own item's key ("own-12").
HELPED_OTHER = "other"
OWN_HELP_PREFIX = "own-"

PAUSE_MINUTES = 10
COOLING_HOURS = 72
URGE_MESSAGE_MAX = limits.URGE_MESSAGE_MAX


class Urge(SealedModel):
    """A moment when the user wanted to contact their ex, and how it went.

    `triggers` holds the trigger keys between commas (",alcohol,date,"), so one aggregate
    query can count each trigger with `triggers__contains=",key,"`.
    """

    class Outcome(models.TextChoices):
        RODE_OUT = "rode_out", _("It passed, and I sent nothing")
        KEPT_DRAFT = "kept_draft", _("I still want to send it: keep it as a draft")
        CONTACTED = "contacted", _("I sent it, or called")
        LOGISTICS = "logistics", _("It was something practical, like keys or a bill")

    class Draft(models.TextChoices):
        NONE = "", _("Not a draft")
        KEPT = "kept", _("Kept, unsent")
        LET_GO = "let_go", _("Let go")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="urges"
    )
    message = SealedTextField(_("what you want to say"), blank=True, max_length=URGE_MESSAGE_MAX)
    triggers = models.CharField(_("what set it off"), max_length=200, blank=True)
    trigger_note = SealedCharField(
        _("a few words about it"), max_length=limits.TRIGGER_NOTE_MAX, blank=True
    )
    # Optional, like everything on the page: an empty form still starts the pause.
    intensity = models.PositiveSmallIntegerField(
        _("how strong it is"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
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
    # When the dashboard said this kept draft had finished resting, so it says so once.
    rested_told_at = models.DateTimeField(null=True, blank=True)
    # When "What helped?" was first answered or skipped: the home asks it no more.
    helped_answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["user", "-created"], name="urge_user_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(intensity__isnull=True) | Q(intensity__gte=1, intensity__lte=10),
                name="urge_intensity_range",
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

    @property
    def ended_at(self) -> dt.datetime:
        return pause_ended(self.pause_until, self.outcome, self.outcome_at)

    def has_ended(self, now: dt.datetime) -> bool:
        return bool(self.outcome) or now >= self.pause_until

    @property
    def asks_what_helped(self) -> bool:
        return asks_what_helped(self.outcome)

    def forget_draft(self) -> None:
        """Delete the draft's words for good; the moment itself stays in the patterns."""
        self.message = ""
        self.draft = self.Draft.NONE
        self.draft_kept_at = None
        self.save(update_fields=["message", "draft", "draft_kept_at"])


def pause_ended(
    pause_until: dt.datetime, outcome: str, outcome_at: dt.datetime | None
) -> dt.datetime:
    """When a pause ended: its ten minutes over, or an answer to "how did it go" first.
    (From an urge's columns, so a list of rows needs no model instances.)"""
    if outcome and outcome_at is not None:
        return min(outcome_at, pause_until)
    return pause_until


def asks_what_helped(outcome: str) -> bool:
    """Whether "What helped?" fits a moment: not after sending, nor for a practical one."""
    return outcome not in (Urge.Outcome.CONTACTED, Urge.Outcome.LOGISTICS)


class HelpChoice(SealedModel):
    """A change a person made to their list of what helps: an item of their own, in their
    words (`label`; its key is "own-<id>"), or a built-in they hid from it (`hidden`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="help_choices"
    )
    label = SealedCharField(_("what helps you"), max_length=limits.HELP_LABEL_MAX, blank=True)
    hidden = models.CharField(max_length=12, choices=Help.choices, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "hidden"], condition=~Q(hidden=""), name="help_hidden_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.label) if not self.hidden else f"hidden: {self.hidden}"

    @property
    def key(self) -> str:
        return f"{OWN_HELP_PREFIX}{self.pk}"


class Helped(SealedModel):
    """One thing that helped through one pause: a built-in (`key`), one of the person's own
    items (`choice`, with the key "own"), or something else in a few words (`note`, with the
    key "other"). A pause may have several: a walk and a call to a friend."""

    OWN = "own"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    urge = models.ForeignKey(Urge, on_delete=models.CASCADE, related_name="helped")
    key = models.CharField(max_length=12)
    # Removing an item of one's own removes the times it was noted: the words go with it.
    choice = models.ForeignKey(
        HelpChoice, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    note = SealedCharField(_("a few words"), max_length=limits.HELPED_NOTE_MAX, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["urge", "key"], condition=Q(choice__isnull=True), name="helped_once"
            ),
            models.UniqueConstraint(
                fields=["urge", "choice"], condition=Q(choice__isnull=False), name="helped_own_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.urge}: {self.key}"


class ReasonToWait(SealedModel):
    """A reason the user wrote for themselves, shown during every pause."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reasons_to_wait"
    )
    text = SealedCharField(_("reason"), max_length=limits.REASON_MAX)
    order = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return str(self.text)


class LogisticsContact(SealedModel):
    """Contact for something practical (children, a lease, belongings): kept, never a reset."""

    period = models.ForeignKey(WaitingPeriod, on_delete=models.CASCADE, related_name="contacts")
    day = models.DateField(_("day"))
    note = SealedCharField(_("what it was about"), max_length=limits.CONTACT_NOTE_MAX)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day", "-created"]

    def sealing_owner_id(self) -> int:
        return self.period.user_id

    def __str__(self) -> str:
        return f"{self.period}: logistics contact on {self.day}"
