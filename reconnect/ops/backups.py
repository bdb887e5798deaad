"""One backup file holds the database and every photo together: a tar archive of

    database.sqlite3             a consistent copy made with SQLite's online backup
    media/photos/<user>/<file>   each photo and thumbnail the copy refers to

Photos are read and written through the default storage, so a backup works the same
with photos on disk or on S3-compatible storage.
"""

from __future__ import annotations

import io
import re
import sqlite3
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

DATABASE = "database.sqlite3"
MEDIA = "media/"
# The only names a backup may put back: what journal.models.photo_path makes.
PHOTO_NAME = re.compile(r"photos/\d+/[A-Za-z0-9_-]{1,64}(?:-thumb)?\.(?:jpg|png|webp)")
REQUIRED_TABLES = {"reconnect_user", "journal_entry", "django_migrations"}


class BackupProblem(Exception):
    """Why a backup cannot be made or used, in words for the person running it."""


def copy_database(source_path: str, target: Path) -> None:
    """A consistent copy of a live SQLite database: the backup API copies page by page and
    restarts if a writer changes a page it has copied."""
    source = sqlite3.connect(source_path)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy, pages=1024)
    finally:
        copy.close()
        source.close()


def photo_names(database: Path) -> list[str]:
    """Every photo file the database refers to."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT image, thumbnail FROM journal_entryphoto").fetchall()
    return [name for row in rows for name in row if name]


def _add(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(content), int(time.time()), 0o600
    archive.addfile(info, io.BytesIO(content))


def write(source_path: str, target: Path) -> tuple[int, int]:
    """Write the backup to `target`; return (photo files written, photo files missing)."""
    partial = target.with_name(target.name + ".partial")
    written = missing = 0
    with tempfile.TemporaryDirectory() as work:
        database = Path(work) / DATABASE
        copy_database(source_path, database)
        # The photos the copy refers to, read after it: one that is deleted meanwhile is
        # counted as missing; one added meanwhile is not in the copy and not needed.
        with tarfile.open(partial, "w") as archive:
            archive.add(database, DATABASE)
            for name in photo_names(database):
                try:
                    with default_storage.open(name, "rb") as handle:
                        content = handle.read()
                except (FileNotFoundError, OSError):
                    missing += 1
                    continue
                _add(archive, MEDIA + name, content)
                written += 1
    partial.replace(target)
    return written, missing


@dataclass
class Backup:
    """An opened backup: its database, checked, and the names of its photo files."""

    path: Path
    database: Path
    photos: list[str]


def open_backup(path: Path, work: Path) -> Backup:
    """Open a backup file (this tar, or a bare SQLite file from before photos were in
    backups) and check its database; raise BackupProblem if it is not one."""
    if not tarfile.is_tarfile(path):
        check_database(path, path)
        return Backup(path, path, [])
    with tarfile.open(path, "r") as archive:
        try:
            source = archive.extractfile(archive.getmember(DATABASE))
        except KeyError:
            raise BackupProblem(
                f"{path} is not a backup of this app: it has no database."
            ) from None
        if source is None:
            raise BackupProblem(f"{path} is damaged: its database is not a file.")
        database = work / DATABASE
        database.write_bytes(source.read())
        photos = [m.name for m in archive.getmembers() if m.isfile() and m.name.startswith(MEDIA)]
    for name in photos:
        if not PHOTO_NAME.fullmatch(name[len(MEDIA) :]):
            raise BackupProblem(f"{path} holds a file this app never writes: {name}")
    check_database(database, path)
    return Backup(path, database, photos)


def check_database(database: Path, shown: Path) -> None:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
            check = db.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as error:
        raise BackupProblem(f"{shown} is not a SQLite database ({error}).") from None
    if check != "ok":
        raise BackupProblem(f"{shown} is damaged: {check}")
    if not tables >= REQUIRED_TABLES:
        raise BackupProblem(f"{shown} is not a backup of this app: its tables are missing.")


def restore_database(backup: Backup, target_path: str) -> None:
    source = sqlite3.connect(f"file:{backup.database}?mode=ro", uri=True)
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def restore_photos(backup: Backup) -> int:
    """Put every photo file of the backup back under its own name; return how many."""
    if not backup.photos:
        return 0
    with tarfile.open(backup.path, "r") as archive:
        for member in backup.photos:
            name = member[len(MEDIA) :]
            source = archive.extractfile(member)
            if source is None:
                continue
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, ContentFile(source.read()))
            if saved != name:
                raise BackupProblem(f"The storage put {name} back as {saved}.")
    return len(backup.photos)
