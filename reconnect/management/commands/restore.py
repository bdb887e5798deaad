"""Put a backup made by `backup` in place of the SQLite database."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from reconnect.serving import serving_problem


def refuse_while_serving() -> None:
    """Stop here if the app is serving: writes acknowledged meanwhile would be lost."""
    if problem := serving_problem():
        raise CommandError(f"Not restoring: {problem}")


REQUIRED_TABLES = {"reconnect_user", "journal_entry", "django_migrations"}


class Command(BaseCommand):
    help = "Replace the SQLite database with a backup (stop the app first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="replace the current database's contents"
        )

    def handle(self, *args: Any, path: Path, force: bool, **options: Any) -> None:
        refuse_while_serving()
        if connection.vendor != "sqlite":
            raise CommandError("This database is PostgreSQL: restore a pg_dump with pg_restore.")
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        try:
            backup = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            check = backup.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {
                r[0] for r in backup.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        except sqlite3.DatabaseError as error:
            raise CommandError(f"{path} is not a SQLite database ({error}).") from None
        if check != "ok":
            backup.close()
            raise CommandError(f"{path} is damaged: {check}")
        if not tables >= REQUIRED_TABLES:
            backup.close()
            raise CommandError(f"{path} is not a backup of this app: its tables are missing.")
        if not force:
            backup.close()
            raise CommandError(
                "This replaces everything in the current database. Stop the app, then run "
                "again with --force."
            )
        connection.close()
        target = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            backup.backup(target)
        finally:
            target.close()
            backup.close()
        self.stdout.write(self.style.SUCCESS(f"Restored from {path}."))
