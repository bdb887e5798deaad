from __future__ import annotations

from django.apps import AppConfig


class LibConfig(AppConfig):
    """What every app shares: mail, throttle, language, Markdown, limits, dates, logs, the
    template tags. It imports no app; its one model is the throttle's buckets."""

    name = "reconnect.lib"
    label = "lib"
    verbose_name = "Shared"

    def ready(self) -> None:
        from django.core import checks
        from django.core.signals import request_finished, request_started
        from django_tasks.signals import task_finished, task_started

        from . import sealing

        # Keys are loaded once per request or task and forgotten at both ends of it.
        for signal in (request_started, request_finished, task_started, task_finished):
            signal.connect(sealing.forget, dispatch_uid=f"sealing-forget-{id(signal)}")
        checks.register(sealing.check_data_keys, checks.Tags.database)
