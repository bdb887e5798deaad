"""What every page needs to know about the person's care settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from . import sealing
from .middleware import is_discreet_device

NEUTRAL_NAME = _("Notes")


def safety_concern(user: Any) -> bool:
    """Whether the person marked a safety concern; no query when the backend joined it."""
    situation = getattr(user, "situation", None)
    return bool(situation and situation.safety_concern)


def care(request: HttpRequest) -> dict[str, Any]:
    """`quick_exit` (show it on this page), its URL, `discreet` (neutral names), and
    `journal_closed` (a locked journal this device has not opened).

    Lazy, so a page that never asks costs nothing.
    """
    user = request.user

    def show_quick_exit() -> bool:
        return user.is_authenticated and (user.quick_exit or safety_concern(user))

    def discreet() -> bool:
        # Signed out, the device remembers it: the welcome and sign-in pages stay plain
        # on a device where it was on (DiscreetDeviceMiddleware).
        if user.is_authenticated:
            return bool(user.discreet)
        return is_discreet_device(request)

    def journal_closed() -> bool:
        # Locked with the person's password, and this device does not hold its key.
        locked = user.is_authenticated and getattr(user, "journal_locked", False)
        return bool(locked and user.pk is not None and not sealing.keyring().offered(user.pk))

    return {
        "journal_closed": SimpleLazyObject(journal_closed),
        "quick_exit": SimpleLazyObject(show_quick_exit),
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "discreet": SimpleLazyObject(discreet),
    }
