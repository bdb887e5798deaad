from __future__ import annotations

from django.apps import AppConfig


class LibConfig(AppConfig):
    """What every app shares: mail, throttle, language, Markdown, limits, dates, logs, the
    template tags. It imports no app; its one model is the throttle's buckets."""

    name = "reconnect.lib"
    label = "lib"
    verbose_name = "Shared"
