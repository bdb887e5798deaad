"""Online backup and restore of the SQLite database, while writes are going on."""

from __future__ import annotations

import sqlite3
import subprocess
import threading
import time

import pytest
from django.db import connection

from tests.liveserver import PYTHON, ROOT, manage, production_env

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's backup; PostgreSQL uses pg_dump"
)


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def count(path, table: str = "journal_entry") -> int:
    with sqlite3.connect(path) as db:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


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
                    " search_text, starred, uid, created, updated) VALUES (?, '2026-01-01', 'w',"
                    " 'b', '<p>b</p>', '', 'w b', 0, lower(hex(randomblob(16))), datetime('now'),"
                    " datetime('now'))",
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
    with sqlite3.connect(backup) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    in_backup = count(backup)
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


def test_postgres_points_to_pg_dump(tmp_path):
    env = {
        **production_env(tmp_path / "unused.sqlite3"),
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
    }
    result = run(env, "backup", str(tmp_path / "x"))
    assert result.returncode != 0
    assert "pg_dump" in result.stderr
