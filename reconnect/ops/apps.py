from __future__ import annotations

from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the app: backup and restore, the task worker and its heartbeat, health."""

    name = "reconnect.ops"
    label = "ops"
    verbose_name = "Operations"
