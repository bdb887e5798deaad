"""Backup and restore on PostgreSQL: the same one tar file, with pg_dump's archive for the
database, put back by pg_restore. Runs against a real server, a database of its own per test
(DATABASE_URL's server, or the local one); skipped without one, failed in CI."""

from __future__ import annotations

import hashlib
import subprocess
import tarfile
from pathlib import Path

import pytest

from tests.liveserver import PYTHON, ROOT, drop_postgres, manage, own_postgres, production_env

SEED = """
import datetime as dt, io
from PIL import Image
from reconnect.accounts.models import User
from journal.models import Entry
from journal.photos import attach, process
user = User.objects.create_user("ana", "ana@example.org", "pw-for-a-test-only")
entry = Entry.objects.create(user=user, day=dt.date(2026, 3, 1), title="Before the backup")
out = io.BytesIO()
Image.new("RGB", (60, 40), (200, 0, 0)).save(out, "JPEG")
attach(entry, process(out.getvalue(), "p.jpg"))
"""

DELETE = """
from reconnect.accounts.models import User
from journal.models import EntryPhoto
for photo in EntryPhoto.objects.all():
    photo.image.delete(save=False)
    photo.thumbnail.delete(save=False)
User.objects.all().delete()
print(User.objects.count())
"""

FIND = """
from reconnect.accounts.models import User
from journal.models import Entry, EntryPhoto
user = User.objects.get(username="ana")
entry = Entry.objects.get(user=user)
photo = EntryPhoto.objects.get(entry=entry)
print(user.check_password("pw-for-a-test-only"), entry.title, photo.image.name,
      photo.thumbnail.name, photo.image.size > 0)
"""


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A migrated database, migrated once: each test starts from a copy of it."""
    env = production_env(tmp_path_factory.mktemp("pg") / "unused.sqlite3")
    name = own_postgres(env, "backup_template")
    manage("migrate", "--noinput", "-v0", env=env)
    yield name
    drop_postgres(env)


@pytest.fixture
def env(tmp_path, migrated):
    env = production_env(tmp_path / "unused.sqlite3")
    env["DJANGO_MEDIA_ROOT"] = str(tmp_path / "media")
    own_postgres(env, "backup", template=migrated)
    yield env
    drop_postgres(env)


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def shell(env: dict[str, str], code: str) -> str:
    return manage("shell", "-c", code, env=env).strip().splitlines()[-1]


def media_files(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def test_backup_delete_restore_finds_the_user_entry_and_photo(env, tmp_path):
    manage("shell", "-c", SEED, env=env)
    media = Path(env["DJANGO_MEDIA_ROOT"])
    photos = media_files(media)
    assert len(photos) == 2  # the photo and its thumbnail

    backup = tmp_path / "backup.tar"
    made = run(env, "backup", str(backup))
    assert made.returncode == 0, made.stderr
    assert "2 photo files" in made.stdout
    with tarfile.open(backup) as archive:
        names = archive.getnames()
    assert names[0] == "database.pgdump" and "database.sqlite3" not in names
    assert sorted(names[1:]) == sorted(f"media/{name}" for name in photos)

    assert shell(env, DELETE) == "0"
    assert media_files(media) == {}

    refused = run(env, "restore", str(backup))
    assert refused.returncode != 0 and "--force" in refused.stderr
    restored = run(env, "restore", str(backup), "--force")
    assert restored.returncode == 0, restored.stderr
    assert "2 photo files" in restored.stdout
    found = shell(env, FIND).split()
    assert found[:4] == ["True", "Before", "the", "backup"] and found[-1] == "True", found
    assert media_files(media) == photos


def fake_tool(folder: Path, name: str, says: str) -> None:
    folder.mkdir(exist_ok=True)
    tool = folder / name
    tool.write_text(f"#!/bin/sh\necho '{says}'\n")
    tool.chmod(0o755)


def test_a_missing_or_older_pg_dump_is_named_with_what_to_install(env, tmp_path):
    env["PATH"] = str(tmp_path / "bin")
    (tmp_path / "bin").mkdir()
    missing = run(env, "backup", str(tmp_path / "b.tar"))
    assert missing.returncode != 0
    assert "pg_dump was not found" in missing.stderr and "postgresql-client-" in missing.stderr
    fake_tool(tmp_path / "bin", "pg_dump", "pg_dump (PostgreSQL) 9.6.24")
    older = run(env, "backup", str(tmp_path / "b.tar"))
    assert older.returncode != 0
    assert "from PostgreSQL 9, older than the server" in older.stderr, older.stderr
    assert not (tmp_path / "b.tar").exists() and not (tmp_path / "b.tar.partial").exists()


def test_restore_names_a_missing_pg_restore_and_refuses_another_engines_backup(env, tmp_path):
    real = run(env, "backup", str(tmp_path / "b.tar"))
    assert real.returncode == 0, real.stderr
    bare = {**env, "PATH": str(tmp_path / "bin")}
    (tmp_path / "bin").mkdir()
    missing = run(bare, "restore", str(tmp_path / "b.tar"), "--force")
    assert missing.returncode != 0 and "pg_restore was not found" in missing.stderr

    # The engine is checked first, before the database inside is read.
    (tmp_path / "database.sqlite3").write_bytes(b"")
    with tarfile.open(tmp_path / "lite.tar", "w") as archive:
        archive.add(tmp_path / "database.sqlite3", "database.sqlite3")
    other = run(env, "restore", str(tmp_path / "lite.tar"), "--force")
    assert other.returncode != 0
    assert "holds a SQLite database, and this app is set up for PostgreSQL" in other.stderr
    lite = production_env(tmp_path / "lite.sqlite3")
    back = run(lite, "restore", str(tmp_path / "b.tar"), "--force")
    assert back.returncode != 0
    assert "holds a PostgreSQL database, and this app is set up for SQLite" in back.stderr


def test_a_plain_pg_dump_holds_no_word_of_the_journal(env):
    manage("shell", "-c", SEED, env=env)
    dump = subprocess.run(
        ["pg_dump", "--format=plain", "--no-owner", env["DATABASE_URL"]],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert dump.returncode == 0, dump.stderr
    assert "CREATE TABLE public.journal_entry" in dump.stdout  # the dump is the journal's
    assert "$s1$" in dump.stdout
    assert "Before the backup" not in dump.stdout
