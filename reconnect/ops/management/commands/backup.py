"""A consistent copy of the SQLite database and every photo, while the app keeps running."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from reconnect.ops import backups


class Command(BaseCommand):
    help = "Write the SQLite database and every photo to PATH, one tar file (safe while serving)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--force", action="store_true", help="overwrite PATH if it exists")

    def handle(self, *args: Any, path: Path, force: bool, **options: Any) -> None:
        if connection.vendor != "sqlite":
            raise CommandError(
                "This database is PostgreSQL: back it up with pg_dump (and restore with "
                "pg_restore), which give a consistent copy of a running database; keep a copy "
                "of the photo bucket beside it."
            )
        if path.exists() and not force:
            raise CommandError(f"{path} exists already; add --force to overwrite it.")
        if not path.parent.is_dir():
            raise CommandError(f"There is no folder {path.parent}.")
        written, missing = backups.write(connection.settings_dict["NAME"], path)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the database and {written} photo files to {path} "
                f"({path.stat().st_size:,} bytes)."
            )
        )
        if missing:
            self.stderr.write(f"{missing} photo files the database names were not found.")
