"""Print a fresh deployer key, in the form DJANGO_DATA_KEYS takes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from reconnect.lib.datakeys import new_data_key


class Command(BaseCommand):
    help = (
        "Print a fresh data key. Put it first in DJANGO_DATA_KEYS (keep the old ones after "
        "it), then run rotate_data_key. Keep it safe, and apart from the backups: without it "
        "no journal it seals can be opened."
    )
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(new_data_key())
