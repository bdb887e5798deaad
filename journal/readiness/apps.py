from __future__ import annotations

from django.apps import AppConfig


class ReadinessConfig(AppConfig):
    """Readiness as a room of the journal: its views, urls and templates live here; its
    models (the situation, the snapshots) stay with the journal's."""

    name = "journal.readiness"
    label = "readiness"
    verbose_name = "Readiness"
