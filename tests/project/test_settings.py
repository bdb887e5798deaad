"""Deploy-time settings: read back from live objects, not from the settings module."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from reconnect.settings import _DEV_DATA_KEY

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7Qp2-very-long-random-production-secret-key-for-tests-0123456789",
    "DJANGO_ALLOWED_HOSTS": "reconnect.example.org",
    "DJANGO_DATA_KEYS": "lRk0LAm1Wf8p0cQ2bD6tZp3v1s9gH4eYxq2N7uJc0aE",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://reconnect.example.org",
}


# Variables of the test run itself that would change what a fresh process reads.
OUTSIDE = ("DATABASE_URL", "DATABASE_URL_FILE", "EMAIL_HOST_PASSWORD", "EMAIL_HOST_PASSWORD_FILE")


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in OUTSIDE
    }
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
    assert connection.transaction_mode == "IMMEDIATE"  # type: ignore[attr-defined]  # SQLite's, not in the stubs


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
    assert "DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) must be set" in result.stderr


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
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in OUTSIDE
    }
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


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DJANGO_SIGNUP_LIMIT_PER_HOUR", "1_0"),  # int() reads it as 10
        ("DJANGO_SIGNUP_LIMIT_PER_HOUR", "-5"),  # once turned every sign-up into a 429
        ("DJANGO_SIGNUP_LIMIT_PER_HOUR", "٣"),  # an Arabic-Indic three, which int() reads
        ("DJANGO_LOG_LEVEL", "verbose"),  # once "Unable to configure root logger"
    ],
)
def test_a_value_out_of_its_kind_stops_check_naming_the_variable(name, value):
    result = manage("check", env={name: value})
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert f"{name}={value!r}" in last


@pytest.mark.parametrize(
    "value", ["1_0", "-5", "+5", "٣", "²", " 5", "5 ", "5.0", "5e1", "0x5", "five", "0", "10001"]
)
def test_a_number_is_ascii_digits_within_its_bounds(monkeypatch, value):
    from django.core.exceptions import ImproperlyConfigured

    from reconnect.settings import envint

    monkeypatch.setenv("X_LIMIT", value)
    with pytest.raises(ImproperlyConfigured) as refused:
        envint("X_LIMIT", 5, low=1, high=10_000)
    assert str(refused.value) == (
        f"X_LIMIT={value!r} is not a whole number from 1 to 10000: "
        "write it with the digits 0-9 only, such as 5."
    )


@pytest.mark.parametrize(
    ("value", "number"), [("", 5), ("1", 1), ("10000", 10_000), ("007", 7), ("0" * 5000 + "9", 9)]
)
def test_a_number_in_bounds_is_read(monkeypatch, value, number):
    from reconnect.settings import envint

    monkeypatch.setenv("X_LIMIT", value)
    assert envint("X_LIMIT", 5, low=1, high=10_000) == number


def test_a_number_of_thousands_of_digits_is_refused_not_converted(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from reconnect.settings import envint

    monkeypatch.setenv("X_LIMIT", "9" * 5000)  # more than int() converts from a string
    with pytest.raises(ImproperlyConfigured, match="is not a whole number from 1 to 10000"):
        envint("X_LIMIT", 5, low=1, high=10_000)


@pytest.mark.parametrize(
    ("name", "value", "bounds"),
    [
        ("DJANGO_TRUSTED_PROXIES", "11", "from 0 to 10"),
        ("DJANGO_SIGNUP_LIMIT_PER_HOUR", "0", "from 1 to 10000"),
        ("DJANGO_HSTS_SECONDS", "63072001", "from 0 to 63072000"),
        ("EMAIL_PORT", "0", "from 1 to 65535"),
        ("EMAIL_PORT", "65536", "from 1 to 65535"),
    ],
)
def test_every_number_setting_has_bounds(name, value, bounds):
    result = manage("check", env={**PRODUCTION_ENV, name: value})
    assert result.returncode != 0
    assert f"{name}={value!r} is not a whole number {bounds}" in result.stderr


@pytest.mark.parametrize(
    ("value", "level"), [("info", "INFO"), ("Error", "ERROR"), ("", "WARNING")]
)
def test_the_log_level_is_a_level_name_in_any_case(value, level):
    [logging] = read_settings({"DJANGO_LOG_LEVEL": value}, "LOGGING")
    assert f"'root': {{'handlers': ['console'], 'level': '{level}'}}" in logging


@pytest.mark.parametrize("value", ["verbose", "WARN", "10", " info"])
def test_a_log_level_that_is_not_a_level_name_is_refused(monkeypatch, value):
    from django.core.exceptions import ImproperlyConfigured

    from reconnect.settings import envloglevel

    monkeypatch.setenv("DJANGO_LOG_LEVEL", value)
    with pytest.raises(ImproperlyConfigured) as refused:
        envloglevel("DJANGO_LOG_LEVEL", "WARNING")
    assert str(refused.value) == (
        f"DJANGO_LOG_LEVEL={value!r} is not a log level: "
        "use one of DEBUG, INFO, WARNING, ERROR, CRITICAL."
    )


def test_forwarded_proto_is_trusted_only_behind_declared_proxies():
    names = ("SECURE_PROXY_SSL_HEADER", "TRUSTED_PROXIES")
    assert read_settings(PRODUCTION_ENV, *names) == ["None", "0"]
    behind = {**PRODUCTION_ENV, "DJANGO_TRUSTED_PROXIES": "1"}
    assert read_settings(behind, *names) == ["('HTTP_X_FORWARDED_PROTO', 'https')", "1"]


def test_production_without_mail_sends_none_to_the_console():
    backend = "EMAIL_BACKEND"
    assert read_settings(PRODUCTION_ENV, backend) == ["'reconnect.lib.mail.NotSetUpBackend'"]
    with_mail = {**PRODUCTION_ENV, "EMAIL_HOST": "smtp.example.org"}
    assert read_settings(with_mail, backend) == ["'django.core.mail.backends.smtp.EmailBackend'"]
    development = {"DJANGO_DEBUG": "1"}
    assert read_settings(development, backend) == [
        "'django.core.mail.backends.console.EmailBackend'"
    ]


@pytest.mark.parametrize("name", ["DJANGO_SECRET_KEY", "DATABASE_URL", "EMAIL_HOST_PASSWORD"])
def test_a_secret_comes_from_its_file_without_the_line_break(monkeypatch, tmp_path, name):
    from reconnect.settings import envsecret

    path = tmp_path / "secret"
    path.write_text(" a secret with spaces kept \n", encoding="utf-8")
    monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(f"{name}_FILE", str(path))
    assert envsecret(name) == " a secret with spaces kept "
    path.write_text("windows\r\n\r\n", encoding="utf-8")
    assert envsecret(name) == "windows"
    monkeypatch.delenv(f"{name}_FILE")
    monkeypatch.setenv(name, "from the variable")
    assert envsecret(name) == "from the variable"


def secret_problem(monkeypatch: pytest.MonkeyPatch, path: str, *, variable: str = "") -> str:
    from django.core.exceptions import ImproperlyConfigured

    from reconnect.settings import envsecret

    monkeypatch.setenv("EMAIL_HOST_PASSWORD", variable)
    monkeypatch.setenv("EMAIL_HOST_PASSWORD_FILE", path)
    with pytest.raises(ImproperlyConfigured) as refused:
        envsecret("EMAIL_HOST_PASSWORD")
    return str(refused.value)


def test_a_secret_in_both_the_variable_and_a_file_is_refused(monkeypatch, tmp_path):
    path = tmp_path / "secret"
    path.write_text("one\n")
    assert secret_problem(monkeypatch, str(path), variable="other") == (
        "Both EMAIL_HOST_PASSWORD and EMAIL_HOST_PASSWORD_FILE are set: set only one of them."
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "cannot be read: no such file or directory."),
        ("folder", "cannot be read: is a directory."),
        (b"", "is empty: write the secret in it."),
        (b"\n\n", "is empty: write the secret in it."),
        (b"\xff\xfe hunter2", "cannot be read: it is not UTF-8 text."),
        (b"user\nhunter2\n", "holds more than one line"),
        (b"hunt\x00er2", "holds more than one line"),
        (b"x" * (64 * 1024 + 1), "is larger than 64 KiB"),
    ],
)
def test_a_secret_file_that_cannot_be_used_is_named(monkeypatch, tmp_path, content, problem):
    path = tmp_path / "secret"
    if content == "folder":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    message = secret_problem(monkeypatch, str(path))
    assert message.startswith(f"EMAIL_HOST_PASSWORD_FILE={str(path)!r} {problem}"), message
    assert "hunt" not in message and "xxxx" not in message  # never the file's contents


def test_a_secret_file_at_the_size_limit_is_read(monkeypatch, tmp_path):
    from reconnect.settings import envsecret

    path = tmp_path / "secret"
    path.write_bytes(b"x" * (64 * 1024))
    monkeypatch.setenv("EMAIL_HOST_PASSWORD_FILE", str(path))
    assert envsecret("EMAIL_HOST_PASSWORD") == "x" * (64 * 1024)


def test_an_unreadable_secret_file_is_named(monkeypatch, tmp_path):
    path = tmp_path / "secret"
    path.write_text("hidden\n")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who reads every file (root)")
        message = secret_problem(monkeypatch, str(path))
    finally:
        path.chmod(0o600)
    assert message == f"EMAIL_HOST_PASSWORD_FILE={str(path)!r} cannot be read: permission denied."


def test_production_reads_every_secret_from_files(tmp_path):
    key = secrets.token_urlsafe(50)
    files = {
        "DJANGO_SECRET_KEY_FILE": f"{key}\n",
        "DATABASE_URL_FILE": f"sqlite:///{tmp_path / 'db.sqlite3'}\n",
        "EMAIL_HOST_PASSWORD_FILE": "smtp password\n",
    }
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    for name, content in files.items():
        (tmp_path / name).write_text(content)
        env[name] = str(tmp_path / name)
    read = read_settings(env, "SECRET_KEY", "EMAIL_HOST_PASSWORD")
    assert read == [repr(key), "'smtp password'"]
    [name] = read_settings(env, "DATABASES")
    assert repr(str(tmp_path / "db.sqlite3")) in name
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_secret_key_from_a_file_is_held_to_the_same_standard(tmp_path):
    path = tmp_path / "key"
    path.write_text("short\n")
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", env={**env, "DJANGO_SECRET_KEY_FILE": str(path)})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak (it is shorter than 50 characters)" in result.stderr


def test_both_a_secret_key_and_its_file_stop_check(tmp_path):
    path = tmp_path / "key"
    path.write_text(secrets.token_urlsafe(50))
    result = manage("check", env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY_FILE": str(path)})
    assert result.returncode != 0
    assert "Both DJANGO_SECRET_KEY and DJANGO_SECRET_KEY_FILE are set" in result.stderr


def test_hsts_preload_is_off_unless_asked_for():
    names = ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD")
    assert read_settings(PRODUCTION_ENV, *names) == ["31536000", "True", "False"]
    asked = {**PRODUCTION_ENV, "DJANGO_HSTS_PRELOAD": "1"}
    assert read_settings(asked, *names) == ["31536000", "True", "True"]
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=asked)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("env", "problem"),
    [
        ({"DJANGO_HSTS_SECONDS": "86400"}, "needs DJANGO_HSTS_SECONDS of at least 31536000"),
        ({"DJANGO_HTTPS": "0"}, "needs HTTPS: it cannot be used with DJANGO_HTTPS=0"),
    ],
)
def test_hsts_preload_needs_a_year_of_https(env, problem):
    result = manage("check", env={**PRODUCTION_ENV, "DJANGO_HSTS_PRELOAD": "1", **env})
    assert result.returncode != 0
    assert f"DJANGO_HSTS_PRELOAD=1 {problem}" in result.stderr


def test_the_deployment_guide_names_every_variable_and_its_bounds():
    import re

    source = (ROOT / "reconnect" / "settings.py").read_text()
    guide = (ROOT / "docs" / "deployment.md").read_text()
    table = guide.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    reads = r'(?:env\w+|os\.environ\.get)\("([A-Z_]+)"'
    names = set(re.findall(reads, source))
    names |= {f"{n}_FILE" for n in re.findall(r'envsecret\("([A-Z_]+)"\)', source)}
    assert len(names) > 20
    assert sorted(n for n in names if f"`{n}`" not in table) == []
    bounded = re.findall(r'envint\(\s*"([A-Z_]+)",[^)]*low=([\d_]+), high=([\d_]+)\)', source)
    assert bounded, "no envint(..., low=, high=) found: the pattern no longer reads settings.py"
    for name, low, high in bounded:
        row = next(line for line in table.splitlines() if line.startswith(f"| `{name}`"))
        assert f"`{int(low)}` to `{int(high)}`" in row, row


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ("", "DJANGO_DATA_KEYS (or DJANGO_DATA_KEYS_FILE) must be set when DJANGO_DEBUG is off"),
        ("short", "DJANGO_DATA_KEYS: key 1 is not a data key"),
        (_DEV_DATA_KEY, "DJANGO_DATA_KEYS holds the development key"),
    ],
    ids=["missing", "malformed", "development"],
)
def test_production_refuses_to_start_without_a_real_data_key(keys, message):
    result = manage("check", "--deploy", env={**PRODUCTION_ENV, "DJANGO_DATA_KEYS": keys})
    assert result.returncode != 0
    assert message in result.stderr


def test_make_serve_refuses_to_start_without_a_data_key():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_DATA_KEYS")}
    result = subprocess.run(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env={**env, **PRODUCTION_ENV, "DJANGO_DATA_KEYS": ""},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_DATA_KEYS (or DJANGO_DATA_KEYS_FILE) is not set" in result.stdout + result.stderr
