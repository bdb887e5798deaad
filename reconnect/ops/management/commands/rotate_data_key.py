"""Re-wrap every account's key under the first of DJANGO_DATA_KEYS.

A rotation costs one wrap per account, never one per entry: what people wrote stays sealed
by their own keys. Safe while serving (each account's key is swapped in one UPDATE that
only applies if nobody changed it meanwhile) and resumable (an account already under the
first key is skipped), with a line of progress per batch.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from reconnect.lib import sealing
from reconnect.lib.datakeys import DataKeyError, key_id

BATCH = 200


class Command(BaseCommand):
    help = "Re-wrap every account's key under the first key of DJANGO_DATA_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            first = key_id(sealing.deployer_keys()[0])
        except DataKeyError as problem:
            raise CommandError(str(problem)) from None
        users = get_user_model()._default_manager
        todo = users.exclude(wrapped_key="").exclude(wrapped_key__startswith=f"{first}$")
        todo = todo.exclude(wrapped_key__startswith="lock$")  # only their password opens those
        total = todo.count()
        done = failed = 0
        last = 0
        while True:
            batch = list(
                todo.filter(pk__gt=last).order_by("pk").values_list("pk", "wrapped_key")[:BATCH]
            )
            if not batch:
                break
            for pk, wrapped in batch:
                last = pk
                try:
                    rewrapped = sealing.wrap(sealing.unwrap(wrapped))
                except DataKeyError as problem:
                    failed += 1
                    self.stderr.write(f"Account {pk}: {problem}")
                    continue
                done += users.filter(pk=pk, wrapped_key=wrapped).update(wrapped_key=rewrapped)
            self.stdout.write(f"Re-wrapped {done:,} of {total:,} accounts' keys.")
        if failed:
            raise CommandError(
                f"{failed} accounts' keys did not open with any key in DJANGO_DATA_KEYS; "
                "run this again once the key that wraps them is back in the list."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Every account's key is wrapped by key {first}. Keys after the first in "
                "DJANGO_DATA_KEYS can now be removed (keep them as long as backups made "
                "before today may be restored)."
            )
        )
