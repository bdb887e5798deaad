"""Mail in its reader's language: wrap the building of each email in `in_language_of`.

An email goes in the language its person chose in Settings, whoever or whatever sends it
(a reset asked for from another browser, a reminder from cron), and in the site's default
when they chose none: a browser's language is only known while that browser asks.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation


def language_of(user: Any, fallback: str | None = None) -> str:
    """The language `user` chose; else `fallback`, else the site's default."""
    chosen = getattr(user, "language", "") or ""
    if chosen and translation.check_for_language(chosen):
        return chosen
    return fallback or settings.LANGUAGE_CODE


def in_language_of(user: Any, fallback: str | None = None) -> translation.override:
    """A `with` block in which gettext, dates and numbers speak `user`'s language.

    `fallback` is for mail the person sends while using the app (the friend's), where the
    language they are reading in now is the best guess when they chose none.
    """
    return translation.override(language_of(user, fallback))
