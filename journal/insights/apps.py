from __future__ import annotations

from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """What went with better days, as a room of the journal: its method, views, urls and
    templates live here; the moods and tags it reads stay with the journal's models."""

    name = "journal.insights"
    label = "insights"
    verbose_name = "Insights"
