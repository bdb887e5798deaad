"""Put a backup made by `backup` in place: the database (SQLite, or PostgreSQL through
pg_restore) and every photo."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reconnect.ops import backups
from reconnect.ops.serving import serving_problem


def refuse_while_serving() -> None:
    """Stop here if the app is serving: writes acknowledged meanwhile would be lost."""
    if problem := serving_problem():
        raise CommandError(f"Not restoring: {problem}")


class Command(BaseCommand):
    help = "Replace the database and photos with a backup (stop the app first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="replace the current database's contents"
        )

    def handle(self, *args: Any, path: Path, force: bool, **options: Any) -> None:
        refuse_while_serving()
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        with tempfile.TemporaryDirectory() as work:
            try:
                backup = backups.open_backup(path, Path(work))
            except backups.BackupProblem as problem:
                raise CommandError(str(problem)) from None
            if not force:
                raise CommandError(
                    "This replaces everything in the current database. Stop the app, then run "
                    "again with --force."
                )
            try:
                backups.restore_database(backup)
                photos = backups.restore_photos(backup)
            except backups.BackupProblem as problem:
                raise CommandError(str(problem)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Restored the database and {photos} photo files from {path}.")
        )
