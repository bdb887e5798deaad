"""A consistent copy of the database (SQLite or PostgreSQL) and every photo, while the app
keeps running."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reconnect.ops import backups


class Command(BaseCommand):
    help = "Write the database and every photo to PATH, one tar file (safe while serving)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--force", action="store_true", help="overwrite PATH if it exists")

    def handle(self, *args: Any, path: Path, force: bool, **options: Any) -> None:
        if path.exists() and not force:
            raise CommandError(f"{path} exists already; add --force to overwrite it.")
        if not path.parent.is_dir():
            raise CommandError(f"There is no folder {path.parent}.")
        try:
            written, missing = backups.write(path)
        except backups.BackupProblem as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the database and {written} photo files to {path} "
                f"({path.stat().st_size:,} bytes)."
            )
        )
        if missing:
            self.stderr.write(f"{missing} photo files the database names were not found.")
