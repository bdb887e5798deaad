"""A large import does not make another user's saves fail (SQLite file, two threads)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs against SQLite")
def test_other_users_saves_succeed_during_a_large_import(tmp_path):
    env = {
        **os.environ,
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_DEBUG": "1",
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "localhost",
    }
    script = ROOT / "tests" / "journal" / "scripts" / "import_while_writing.py"
    done = subprocess.run(
        [sys.executable, str(script)], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["import"] == 10_000
    saves = outcome["saves"]
    assert len(saves) >= 10 and set(saves) == {302}, saves
    assert outcome["writer_entries"] == len(saves)
