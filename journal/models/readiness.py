"""The honest answers the readiness rules read, and the verdict's history."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reconnect.lib import limits
from reconnect.lib.fields import (
    SealedBooleanField,
    SealedModel,
    SealedTextField,
)

from .entries import Answer


class Situation(SealedModel):
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
    asked_no_contact = SealedBooleanField(
        _("my ex asked for no contact or blocked me"), default=False
    )
    safety_concern = SealedBooleanField(
        _("there was abuse, or I feel afraid of my ex"), default=False
    )
    honest = models.BooleanField(_("I can say plainly how I feel, and then listen"), default=False)
    slow_plan = SealedTextField(
        _("my plan for a slow restart"), blank=True, max_length=limits.SLOW_PLAN_MAX
    )
    accept_no = models.BooleanField(_("I accept that the answer may be no"), default=False)
    updated = models.DateTimeField(auto_now=True)

    # Every answer, in the order the form asks them. The form, the readiness facts, the
    # export and the import all read this: a new question is its field, its name here,
    # and its rule in journal/readiness/rules.py.
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
