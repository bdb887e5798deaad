"""A real server on a throwaway SQLite database, for the benchmark, screenshots and load tests."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reconnect.lib.datakeys import new_data_key

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


# The deployer's key of every production-settings process a test starts.
TEST_DATA_KEY = new_data_key()


def production_env(database: Path, settings: str = "reconnect.settings") -> dict[str, str]:
    """Production settings over plain HTTP on loopback, with their own SQLite file."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DATA_KEYS": TEST_DATA_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SQLITE_PATH": str(database),
        # No worker runs beside these servers: tasks run in the request that queues them.
        "DJANGO_TASKS_BACKEND": "immediate",
    }
    env.pop("DATABASE_URL", None)
    return env


POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/reconnect"
REDIS_URL = "redis://127.0.0.1:6379/0"


def missing_service(what: str, problem: str) -> None:
    """A server the test needs does not answer: skip on a developer's machine, fail in CI
    (CI=true), where a skip would hide that the test never ran. The tests never start one."""
    message = f"{what} is not answering ({problem}); start it, or see docs/deployment.md."
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def postgres_url() -> str:
    """The PostgreSQL server the tests use: DATABASE_URL's when it names one, otherwise the
    local one. Waits up to 10 s for it to answer."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = POSTGRES_URL
    import psycopg

    base = url.rsplit("/", 1)[0]
    deadline = time.monotonic() + 10
    while True:
        try:
            psycopg.connect(base + "/postgres", connect_timeout=2).close()
            return url
        except psycopg.OperationalError as error:
            if time.monotonic() > deadline:
                missing_service(f"PostgreSQL at {base}", str(error).strip())
            time.sleep(0.5)


def own_postgres(env: dict[str, str], suffix: str, template: str = "") -> str:
    """Point env at a fresh PostgreSQL database of its own, whatever DATABASE_URL says;
    return its name (drop_postgres drops it). Each test process of a parallel run gets its
    own, so two never drop each other's. With `template` (another such database's name),
    it starts as a copy of that one: migrated once, copied in a moment."""
    import psycopg

    base, database = postgres_url().rsplit("/", 1)
    name = f"{database}_{suffix}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' * bool(template)))
    env["DATABASE_URL"] = f"{base}/{name}"
    return name


def drop_postgres(env: dict[str, str]) -> None:
    import psycopg

    base, name = env["DATABASE_URL"].rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def redis_url() -> str:
    """The Redis server the tests use (TEST_REDIS_URL, or the local one); waits up to 10 s
    for it to answer."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", "") or REDIS_URL
    deadline = time.monotonic() + 10
    while True:
        try:
            with redis.Redis.from_url(url, socket_connect_timeout=2) as client:
                client.ping()
            return url
        except redis.RedisError as error:
            if time.monotonic() > deadline:
                missing_service(f"Redis at {url}", str(error).strip())
            time.sleep(0.5)


def own_database(env: dict[str, str], suffix: str) -> None:
    """Point env at a fresh PostgreSQL database of its own when DATABASE_URL is set (and
    leave it on its SQLite file otherwise)."""
    if os.environ.get("DATABASE_URL", ""):
        own_postgres(env, suffix)


def manage(*args: str, env: dict[str, str]) -> str:
    """Run a management command; stop with its output if it fails."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int = 2) -> Iterator[str]:
    """Serve the app with gunicorn on a free loopback port; yield its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "reconnect.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                raise SystemExit("gunicorn exited before answering")
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not answer within 30 s") from None
                time.sleep(0.2)
        yield base
    finally:
        stop(server, 30)


def stop(process: subprocess.Popen[Any], patience: float) -> None:
    """Ask a process to stop, and after `patience` seconds, make it."""
    process.terminate()
    try:
        process.wait(timeout=patience)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


SESSIONS_SCRIPT = """
import sys, django
django.setup()
from django.test import Client
from reconnect.accounts.models import User
for name in sys.argv[1:]:
    user, _ = User.objects.get_or_create(username=name)
    client = Client()
    client.force_login(user)
    print(name, client.cookies["sessionid"].value)
"""


def sessions(env: dict[str, str], *usernames: str) -> dict[str, str]:
    """A signed-in session key for each username (created if missing)."""
    result = subprocess.run(
        [PYTHON, "-c", SESSIONS_SCRIPT, *usernames],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(line.split() for line in result.stdout.splitlines())
