"""Deploy-time settings: read back from live objects, not from the settings module."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7Qp2-very-long-random-production-secret-key-for-tests-0123456789",
    "DJANGO_ALLOWED_HOSTS": "reconnect.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://reconnect.example.org",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite tuning only")
def test_sqlite_pragmas_are_live():
    with connection.cursor() as cursor:
        values = {}
        for pragma in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys"):
            cursor.execute(f"PRAGMA {pragma}")
            values[pragma] = cursor.fetchone()[0]
    # The test database is in memory, where WAL is not possible; the file one is checked below.
    assert values["synchronous"] == 1  # NORMAL
    assert values["busy_timeout"] >= 5000
    assert values["foreign_keys"] == 1
    assert connection.transaction_mode == "IMMEDIATE"


@pytest.mark.parametrize("how", ["SQLITE_PATH", "DATABASE_URL"])
def test_every_sqlite_file_database_gets_the_same_tuning(tmp_path, how):
    """A sqlite:// DATABASE_URL once ran in rollback-journal mode with none of it."""
    code = (
        "import django; django.setup();"
        "from django.db import connection;"
        "c = connection.cursor();"
        "print(*[c.execute(f'PRAGMA {p}').fetchone()[0] for p in"
        " ('journal_mode', 'synchronous', 'busy_timeout', 'foreign_keys')],"
        " connection.transaction_mode, connection.settings_dict['CONN_MAX_AGE'])"
    )
    path = tmp_path / "db.sqlite3"
    where = (
        {"SQLITE_PATH": str(path)}
        if how == "SQLITE_PATH"
        else {"DATABASE_URL": f"sqlite:///{path}"}
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "reconnect.settings", **where},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["wal", "1", "10000", "1", "IMMEDIATE", "600"], result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = manage("check", env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_check_deploy_is_clean_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_collectstatic_makes_hashed_compressed_files(tmp_path):
    code = (
        "import django; django.setup();"
        "from django.core.management import call_command;"
        "call_command('collectstatic', '--noinput', verbosity=0)"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            **PRODUCTION_ENV,
            "DJANGO_SETTINGS_MODULE": "reconnect.settings",
            "DJANGO_STATIC_ROOT": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    names = {p.name for p in (tmp_path / "css").iterdir()}
    hashed = [n for n in names if n.startswith("site.") and n.endswith(".css") and n != "site.css"]
    assert hashed, names
    assert f"{hashed[0]}.br" in names
    assert f"{hashed[0]}.gz" in names
    assert (tmp_path / "staticfiles.json").exists()


def read_settings(env: dict[str, str], *names: str) -> list[str]:
    """The named settings as Django sees them with `env`, read in a fresh process."""
    code = (
        "import django; django.setup(); from django.conf import settings;"
        f"print('\\n'.join(repr(getattr(settings, n, None)) for n in {names!r}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "reconnect.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_production_refuses_the_development_secret_key():
    from reconnect.settings import _DEV_SECRET_KEY

    result = manage("check", env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": _DEV_SECRET_KEY})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak (it is a development key" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "passwordpassword" * 4 + "12",
        "abcdefghijklmnopqrstuvwxyz" * 2,
        "0123456789" * 6,
    ],
)
def test_production_refuses_a_low_entropy_secret_key(key):
    result = manage("check", env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": key})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr
    assert "token_urlsafe(50)" in result.stderr


def test_a_random_secret_key_is_accepted():
    from reconnect.settings import secret_key_problem

    for _ in range(1000):
        assert secret_key_problem(secrets.token_urlsafe(38)) == ""  # 51 characters


@pytest.mark.parametrize(
    ("name", "value"),
    [("DJANGO_DEBUG", "ture"), ("DJANGO_HTTPS", "yes please"), ("EMAIL_USE_TLS", "2")],
)
def test_a_yes_no_setting_it_cannot_read_stops_the_start(name, value):
    result = manage("check", env={**PRODUCTION_ENV, name: value})
    assert result.returncode != 0
    assert f"{name}={value!r} is not a yes/no value" in result.stderr
    assert "1, true, yes, on or 0, false, no, off" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [("DJANGO_TRUSTED_PROXIES", "one"), ("DJANGO_HSTS_SECONDS", "1 year"), ("EMAIL_PORT", "5x")],
)
def test_a_number_setting_it_cannot_read_stops_the_start(name, value):
    result = manage("check", env={**PRODUCTION_ENV, name: value})
    assert result.returncode != 0
    assert f"{name}={value!r} is not a whole number" in result.stderr


def test_forwarded_proto_is_trusted_only_behind_declared_proxies():
    names = ("SECURE_PROXY_SSL_HEADER", "TRUSTED_PROXIES")
    assert read_settings(PRODUCTION_ENV, *names) == ["None", "0"]
    behind = {**PRODUCTION_ENV, "DJANGO_TRUSTED_PROXIES": "1"}
    assert read_settings(behind, *names) == ["('HTTP_X_FORWARDED_PROTO', 'https')", "1"]


def test_production_without_mail_sends_none_to_the_console():
    backend = "EMAIL_BACKEND"
    assert read_settings(PRODUCTION_ENV, backend) == ["'reconnect.mail.NotSetUpBackend'"]
    with_mail = {**PRODUCTION_ENV, "EMAIL_HOST": "smtp.example.org"}
    assert read_settings(with_mail, backend) == ["'django.core.mail.backends.smtp.EmailBackend'"]
    development = {"DJANGO_DEBUG": "1"}
    assert read_settings(development, backend) == [
        "'django.core.mail.backends.console.EmailBackend'"
    ]
