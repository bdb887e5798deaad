"""Online backup and restore of the SQLite database and the photos, while writes are going on."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import tarfile
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.liveserver import PYTHON, ROOT, manage, production_env

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite's backup; tests/security/test_backup_postgres.py runs PostgreSQL's",
)


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def count(path: Path, table: str = "journal_entry") -> int:
    with sqlite3.connect(path) as db:
        rows: int = db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608 - ours
        return rows


def database_of(backup: Path, work: Path) -> Path:
    """The database file inside a backup."""
    with tarfile.open(backup) as archive:
        archive.extract("database.sqlite3", work, filter="data")
    return work / "database.sqlite3"


def test_backup_while_writing_then_restore(tmp_path):
    live = tmp_path / "live.sqlite3"
    env = production_env(live)
    manage("migrate", "--noinput", "-v0", env=env)
    manage("seed_demo", "--users", "1", "--entries", "2000", env=env)
    stop = threading.Event()
    written = [0]

    def writer() -> None:
        db = sqlite3.connect(live, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        user = db.execute("SELECT id FROM reconnect_user").fetchone()[0]
        while not stop.is_set():
            with db:
                db.execute(
                    "INSERT INTO journal_entry (user_id, day, title, body, body_html, import_key,"
                    " search_index, starred, uid, created, updated, heading, timezone) VALUES (?,"
                    " '2026-01-01', 'w', 'b', '<p>b</p>', '', 'w b', 0, lower(hex(randomblob(16))),"
                    " datetime('now'), datetime('now'), 1, '')",
                    (user,),
                )
            written[0] += 1
        db.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        time.sleep(0.3)
        backup = tmp_path / "backup.sqlite3"
        result = run(env, "backup", str(backup))
        assert result.returncode == 0, result.stderr
        time.sleep(0.2)
    finally:
        stop.set()
        thread.join()
    assert written[0] > 0
    copy = database_of(backup, tmp_path)
    with sqlite3.connect(copy) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    in_backup = count(copy)
    assert 2000 <= in_backup < count(live)  # a consistent moment in the middle of the writes

    # Restore into a fresh database: refused without --force, then exact.
    fresh = production_env(tmp_path / "fresh.sqlite3")
    manage("migrate", "--noinput", "-v0", env=fresh)
    refused = run(fresh, "restore", str(backup))
    assert refused.returncode != 0 and "--force" in refused.stderr
    restored = run(fresh, "restore", str(backup), "--force")
    assert restored.returncode == 0, restored.stderr
    assert count(tmp_path / "fresh.sqlite3") == in_backup
    assert count(tmp_path / "fresh.sqlite3", "reconnect_user") == 1
    with sqlite3.connect(tmp_path / "fresh.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_backup_refuses_to_overwrite(tmp_path):
    env = production_env(tmp_path / "db.sqlite3")
    manage("migrate", "--noinput", "-v0", env=env)
    (tmp_path / "taken").write_text("x")
    result = run(env, "backup", str(tmp_path / "taken"))
    assert result.returncode != 0 and "--force" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a database at all, just text", "not a SQLite database"),
        (None, "not a backup of this app"),
    ],
)
def test_restore_refuses_what_is_not_a_backup(tmp_path, content, message):
    env = production_env(tmp_path / "db.sqlite3")
    manage("migrate", "--noinput", "-v0", env=env)
    other = tmp_path / "other.sqlite3"
    if content is None:
        with sqlite3.connect(other) as db:
            db.execute("CREATE TABLE unrelated (x)")
    else:
        other.write_bytes(content * 200)
    result = run(env, "restore", str(other), "--force")
    assert result.returncode != 0
    assert message in result.stderr
    assert count(tmp_path / "db.sqlite3", "reconnect_user") == 0


PHOTOS = """
from django.contrib.auth import get_user_model
from journal.models import Entry
from journal.photos import attach, process
from PIL import Image
import datetime as dt, io
user = get_user_model().objects.create_user("ana", password="pw-for-a-test-only")
for n, colour in enumerate([(200, 0, 0), (0, 0, 200)]):
    out = io.BytesIO()
    Image.new("RGB", (60, 40), colour).save(out, "JPEG")
    entry = Entry.objects.create(user=user, day=dt.date(2026, 3, n + 1), title=f"e{n}")
    attach(entry, process(out.getvalue(), "p.jpg"))
"""


def media_files(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.md5(p.read_bytes(), usedforsecurity=False).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def test_backup_and_restore_carry_the_photos(tmp_path):
    env = {**production_env(tmp_path / "live.sqlite3"), "DJANGO_MEDIA_ROOT": str(tmp_path / "m1")}
    manage("migrate", "--noinput", "-v0", env=env)
    manage("shell", "-c", PHOTOS, env=env)
    photos = media_files(tmp_path / "m1")
    assert len(photos) == 4  # two photos and their thumbnails
    result = run(env, "backup", str(tmp_path / "backup.tar"))
    assert result.returncode == 0, result.stderr
    assert "4 photo files" in result.stdout
    # Another machine: a fresh database and an empty media root.
    fresh = {
        **production_env(tmp_path / "fresh.sqlite3"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "m2"),
    }
    manage("migrate", "--noinput", "-v0", env=fresh)
    restored = run(fresh, "restore", str(tmp_path / "backup.tar"), "--force")
    assert restored.returncode == 0, restored.stderr
    assert media_files(tmp_path / "m2") == photos
    assert count(tmp_path / "fresh.sqlite3", "journal_entryphoto") == 2


def test_restore_refuses_a_backup_with_a_file_it_never_writes(tmp_path):
    env = production_env(tmp_path / "db.sqlite3")
    manage("migrate", "--noinput", "-v0", env=env)
    assert run(env, "backup", str(tmp_path / "b.tar")).returncode == 0
    with tarfile.open(tmp_path / "b.tar", "a") as archive:
        archive.add(__file__, "media/../../etc/evil.py")
    result = run(env, "restore", str(tmp_path / "b.tar"), "--force")
    assert result.returncode != 0 and "never writes" in result.stderr


def test_a_backup_from_before_photos_still_restores(tmp_path):
    env = production_env(tmp_path / "db.sqlite3")
    manage("migrate", "--noinput", "-v0", env=env)
    manage("seed_demo", "--users", "1", "--entries", "5", env=env)
    old = tmp_path / "old.sqlite3"
    sqlite3.connect(tmp_path / "db.sqlite3").backup(sqlite3.connect(old))
    fresh = production_env(tmp_path / "fresh.sqlite3")
    manage("migrate", "--noinput", "-v0", env=fresh)
    assert run(fresh, "restore", str(old), "--force").returncode == 0
    assert count(tmp_path / "fresh.sqlite3") == 5
