from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reconnect.lib import sealing
from reconnect.lib.fields import SealedCharField, SealedEmailField

IDLE_MINUTES_MAX = 24 * 60  # a day; longer than a session lives without use anyway
IDLE_MINUTES_SUGGESTED = 5  # set with the quick exit, when no time was chosen


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class User(AbstractUser):
    """An account. Everything a user writes belongs to exactly one of these."""

    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        help_text=_("Dates are shown, and days end, in this time zone."),
    )
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    friend_name = SealedCharField(
        _("a friend to call"),
        max_length=60,
        blank=True,
        help_text=_("Someone you trust to call you when the urge to contact your ex is strong."),
    )
    friend_email = SealedEmailField(_("your friend's email"), blank=True)
    display_name = SealedCharField(
        _("your name, for your friend"),
        max_length=60,
        blank=True,
        help_text=_(
            "How your friend knows you, in the email asking them to call. Your username is "
            "never in it."
        ),
    )
    callback_phone = SealedCharField(
        _("a number your friend can call you on"),
        max_length=30,
        blank=True,
        help_text=_("Optional. Put in the email, so your friend can call you straight back."),
    )
    discreet = models.BooleanField(
        _("discreet mode"),
        default=False,
        help_text=_(
            "Tabs, history, the home-screen icon, emails, the calendar and exported files "
            "say “Notes”, so a glance does not say what this app is. This device stays "
            "plain after you log out, until you turn it off."
        ),
    )
    quick_exit = models.BooleanField(
        _("show the quick exit on every page"),
        default=False,
        help_text=_(
            "A button, and Shift pressed three times, that swap this page for a weather "
            "page at once. While it shows, going from page to page here keeps one entry "
            "in your browser's history, so Back after leaving does not return here. It is "
            "always on once you mark a safety concern."
        ),
    )
    idle_minutes = models.PositiveSmallIntegerField(
        _("sign me out after this many minutes away"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(IDLE_MINUTES_MAX)],
        help_text=_(
            "Empty: never. If someone might pick up your phone or computer, 5 minutes is a "
            "good start; it is set for you when you turn the quick exit on."
        ),
    )
    email_reminders = models.BooleanField(
        _("email me when a waiting period reaches a milestone or its end"),
        default=False,
        help_text=_("Off by default: an email about your waiting period is private too."),
    )
    calendar_names = models.BooleanField(
        _("show waiting periods' names in the calendar feed"),
        default=False,
        help_text=_(
            'Off by default: events read "Waiting period: day 30", as a calendar service '
            "and anyone who glances at your calendar can see them."
        ),
    )

    # This account's own keys (reconnect/lib/sealing.py): the public half as it is, the
    # private half wrapped by the deployer's key, or, once the person locks their journal
    # (reconnect/accounts/lock.py), by their password and apart by their recovery code.
    public_key = models.CharField(max_length=64, blank=True, editable=False)
    wrapped_key = models.CharField(max_length=200, blank=True, editable=False)
    recovery_key = models.CharField(max_length=200, blank=True, editable=False)

    # Not a column: authenticate() sets it on the user it returns, for login() to record.
    backend: str
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=[("en", "English"), ("es", "Español")],
        help_text=_("Leave it on “As my browser says” to follow your browser."),
    )

    SEALED = ("friend_name", "friend_email", "display_name", "callback_phone")

    @property
    def journal_locked(self) -> bool:
        """Whether only this person's password (or recovery code) opens their journal."""
        return self.wrapped_key.startswith(sealing.LOCKED)

    def sealing_owner_id(self) -> int:
        owner: int = self.pk  # set: save() stores a new account before sealing for it
        return owner

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.wrapped_key:
            self.public_key, self.wrapped_key = sealing.new_key_pair()
            if self.pk is not None:
                sealing.keyring().drop(self.pk)
        if self.pk is None and any(getattr(self, name) for name in self.SEALED):
            # A new account has no id to seal for until it is stored: store it, then seal.
            held = {name: getattr(self, name) for name in self.SEALED}
            for name in self.SEALED:
                setattr(self, name, "")
            super().save(*args, **kwargs)
            for name, value in held.items():
                setattr(self, name, value)
            kwargs = {"update_fields": self.SEALED}
        super().save(*args, **kwargs)

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def local_now(self) -> dt.datetime:
        return timezone.now().astimezone(self.tzinfo)

    def local_today(self) -> dt.date:
        return self.local_now().date()


class Session(AbstractBaseSession):
    """A signed-in (or anonymous) browser session, with its user when there is one."""

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions"
    )

    @classmethod
    def get_session_store_class(cls) -> type:
        from .sessions import SessionStore

        return SessionStore


class AddressChange(models.Model):
    """An address an account had, kept only until the note telling it of the change is
    written (letters.address_changed): so the mail queue holds this row's id, not the
    address."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    old_email = models.EmailField()
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Address change {self.pk}"
