"""One backup file holds the database and every photo together: a tar archive of

    database.sqlite3             on SQLite: a consistent copy made with its online backup
    database.pgdump              on PostgreSQL: pg_dump's custom format, without owners
    media/photos/<user>/<file>   each photo and thumbnail the copy refers to

Photos are read and written through the default storage, so a backup works the same
with photos on disk or on S3-compatible storage.

On PostgreSQL the photo names are read in the same snapshot pg_dump copies (a repeatable
read transaction exports it, pg_dump --snapshot uses it), so they match the dump exactly.
pg_dump and pg_restore get the connection from Django's DATABASES through libpq's
environment (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD), never on their command line,
where any user of the machine could read the password.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction

from reconnect.lib.storage import open_sealed, save_sealed

DATABASE = "database.sqlite3"
PG_DATABASE = "database.pgdump"
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


def write(target: Path) -> tuple[int, int]:
    """Back up the configured database and its photos to `target`; return (photo files
    written, photo files missing)."""
    partial = target.with_name(target.name + ".partial")
    written = missing = 0
    with tempfile.TemporaryDirectory() as work:
        if connection.vendor == "postgresql":
            database = Path(work) / PG_DATABASE
            names = dump_postgres(database)
        else:
            database = Path(work) / DATABASE
            copy_database(connection.settings_dict["NAME"], database)
            names = photo_names(database)
        # The photos the copy refers to, read after it: one that is deleted meanwhile is
        # counted as missing; one added meanwhile is not in the copy and not needed.
        with tarfile.open(partial, "w") as archive:
            archive.add(database, database.name)
            for name in names:
                try:
                    with open_sealed(default_storage, name) as handle:
                        content = handle.read()
                except (FileNotFoundError, OSError):
                    missing += 1
                    continue
                _add(archive, MEDIA + name, content)
                written += 1
    partial.replace(target)
    return written, missing


# libpq's own variables for the options a DATABASE_URL can carry (?sslmode=require, …).
PG_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


def pg_environment(settings: Mapping[str, Any]) -> dict[str, str]:
    """The environment for pg_dump and pg_restore: the process's own, with the connection
    from DATABASES. The password goes in PGPASSWORD, never on a command line."""
    env = dict(os.environ)
    for key, variable in {
        "HOST": "PGHOST",
        "PORT": "PGPORT",
        "USER": "PGUSER",
        "NAME": "PGDATABASE",
        "PASSWORD": "PGPASSWORD",
    }.items():
        if settings.get(key):
            env[variable] = str(settings[key])
    for key, variable in PG_OPTIONS.items():
        if settings.get("OPTIONS", {}).get(key):
            env[variable] = str(settings["OPTIONS"][key])
    return env


def pg_tool(name: str) -> str:
    """The path of pg_dump or pg_restore, checked to be at least the server's major
    version; raise BackupProblem in words that say what to install."""
    server = int(getattr(connection, "pg_version", 0)) // 10000
    path = shutil.which(name)
    if path is None:
        raise BackupProblem(
            f"{name} was not found: install PostgreSQL's client programs, version {server} or "
            f"newer (Debian and Ubuntu: postgresql-client-{server}), so that {name} is on PATH."
        )
    try:
        said = subprocess.run(  # noqa: S603 (a PostgreSQL tool found on PATH, fixed arguments)
            [path, "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise BackupProblem(f"{path} --version did not run: {error}") from None
    found = re.search(r"\(PostgreSQL\)\s+(\d+)", said)
    if found is None:
        raise BackupProblem(f"{path} --version did not say its version: {said.strip()!r}")
    if int(found[1]) < server:
        raise BackupProblem(
            f"{path} is from PostgreSQL {found[1]}, older than the server (PostgreSQL "
            f"{server}), which it cannot read. Install {name} {server} or newer (Debian and "
            f"Ubuntu: postgresql-client-{server}) and put it first on PATH."
        )
    return path


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(  # noqa: S603 (pg_dump or pg_restore, arguments made here)
        command, env=pg_environment(connection.settings_dict), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupProblem(f"{what} failed: {result.stderr.strip()[-2000:]}")


def dump_postgres(target: Path) -> list[str]:
    """pg_dump the configured database to `target`; return the photo names it holds, read
    in the very snapshot pg_dump copies."""
    pg_dump = pg_tool("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        cursor.execute("SELECT image, thumbnail FROM journal_entryphoto")
        names = [name for row in cursor.fetchall() for name in row if name]
        _run(
            [
                pg_dump,
                "--format=custom",
                "--no-owner",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            "pg_dump",
        )
    return names


@dataclass
class Backup:
    """An opened backup: its database, checked, and the names of its photo files."""

    path: Path
    database: Path
    photos: list[str]

    @property
    def vendor(self) -> str:
        return "postgresql" if self.database.name == PG_DATABASE else "sqlite"


def open_backup(path: Path, work: Path) -> Backup:
    """Open a backup file (this tar, or a bare SQLite file from before photos were in
    backups) and check its database; raise BackupProblem if it is not one."""
    if not tarfile.is_tarfile(path):
        same_engine(path, "sqlite")
        check_database(path, path)
        return Backup(path, path, [])
    with tarfile.open(path, "r") as archive:
        names = set(archive.getnames())
        member = next((m for m in (DATABASE, PG_DATABASE) if m in names), None)
        if member is None:
            raise BackupProblem(f"{path} is not a backup of this app: it has no database.")
        same_engine(path, "postgresql" if member == PG_DATABASE else "sqlite")
        source = archive.extractfile(archive.getmember(member))
        if source is None:
            raise BackupProblem(f"{path} is damaged: its database is not a file.")
        database = work / member
        with database.open("wb") as copy:
            shutil.copyfileobj(source, copy)
        photos = [m.name for m in archive.getmembers() if m.isfile() and m.name.startswith(MEDIA)]
    for name in photos:
        if not PHOTO_NAME.fullmatch(name[len(MEDIA) :]):
            raise BackupProblem(f"{path} holds a file this app never writes: {name}")
    if member == PG_DATABASE:
        check_dump(database, path)
    else:
        check_database(database, path)
    return Backup(path, database, photos)


def check_dump(dump: Path, shown: Path) -> None:
    """A pg_dump archive pg_restore can read, holding this app's tables."""
    result = subprocess.run(  # noqa: S603 (pg_restore --list on the backup's own file)
        [pg_tool("pg_restore"), "--list", str(dump)], capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupProblem(f"{shown} is damaged: {result.stderr.strip()[-2000:]}")
    tables = set(re.findall(r" TABLE DATA \S+ (\S+) ", result.stdout))
    if not tables >= REQUIRED_TABLES:
        raise BackupProblem(f"{shown} is not a backup of this app: its tables are missing.")


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


def same_engine(path: Path, vendor: str) -> None:
    if vendor != connection.vendor:
        raise BackupProblem(
            f"{path} holds a {NAMES[vendor]} database, and this app is set up for "
            f"{NAMES.get(connection.vendor, connection.vendor)} (DATABASE_URL): restore it "
            f"into {NAMES[vendor]}."
        )


def restore_database(backup: Backup) -> None:
    """Replace the configured database's contents with the backup's."""
    if backup.vendor == "postgresql":
        pg_restore = pg_tool("pg_restore")
        connection.close()  # hold no lock on what pg_restore drops
        # One transaction: a restore that fails part way leaves the database as it was.
        _run(
            [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--exit-on-error",
             f"--dbname={connection.settings_dict['NAME']}", str(backup.database)],
            "pg_restore",
        )  # fmt: skip
        return
    connection.close()
    source = sqlite3.connect(f"file:{backup.database}?mode=ro", uri=True)
    target = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


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
            saved = save_sealed(default_storage, name, ContentFile(source.read()))
            if saved != name:
                raise BackupProblem(f"The storage put {name} back as {saved}.")
    return len(backup.photos)
