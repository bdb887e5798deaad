"""A consistent copy of the SQLite database while the app keeps running."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection


class Command(BaseCommand):
    help = "Copy the SQLite database to PATH with SQLite's online backup (safe while serving)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--force", action="store_true", help="overwrite PATH if it exists")

    def handle(self, *args: Any, path: Path, force: bool, **options: Any) -> None:
        if connection.vendor != "sqlite":
            raise CommandError(
                "This database is PostgreSQL: back it up with pg_dump (and restore with "
                "pg_restore), which give a consistent copy of a running database."
            )
        if path.exists() and not force:
            raise CommandError(f"{path} exists already; add --force to overwrite it.")
        if not path.parent.is_dir():
            raise CommandError(f"There is no folder {path.parent}.")
        source = sqlite3.connect(connection.settings_dict["NAME"])
        target = sqlite3.connect(path.with_suffix(path.suffix + ".partial"))
        try:
            # The backup API copies page by page and restarts if a writer changes a page
            # it has copied, so the copy is one consistent state of the database.
            source.backup(target, pages=1024)
        finally:
            target.close()
            source.close()
        path.with_suffix(path.suffix + ".partial").replace(path)
        self.stdout.write(
            self.style.SUCCESS(f"Backed up to {path} ({path.stat().st_size:,} bytes).")
        )
