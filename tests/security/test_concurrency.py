"""8 clients writing at once against gunicorn on SQLite: no errors, no lost writes."""

from __future__ import annotations

import http.client
import threading
import time
import urllib.parse

import pytest
from django.db import connection

from tests.liveserver import gunicorn, manage, production_env, sessions
from tests.markup import search

CLIENTS = 8
SECONDS = 20

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="a test of SQLite's locking; PostgreSQL has its own"
)


class Writer(threading.Thread):
    """One signed-in browser-like client posting new entries until the deadline."""

    def __init__(self, base: str, session: str, name: str, deadline: float) -> None:
        super().__init__()
        address = urllib.parse.urlsplit(base)
        assert address.hostname and address.port, base
        self.host, self.port = address.hostname, address.port
        self.cookie = f"sessionid={session}"
        self.name_ = name
        self.deadline = deadline
        self.acknowledged: list[str] = []
        self.errors: list[str] = []

    def run(self) -> None:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        conn.request("GET", "/journal/new/", headers={"Cookie": self.cookie})
        response = conn.getresponse()
        page = response.read().decode()
        csrf_cookie = search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "", 1)
        token = search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page, 1)
        cookies = f"{self.cookie}; csrftoken={csrf_cookie}"
        number = 0
        while time.monotonic() < self.deadline:
            number += 1
            title = f"{self.name_}-{number}"
            body = urllib.parse.urlencode(
                {"csrfmiddlewaretoken": token, "day": "2026-01-01", "title": title, "body": "b"}
            )
            try:
                conn.request(
                    "POST",
                    "/journal/new/",
                    body=body,
                    headers={
                        "Cookie": cookies,
                        "Content-Type": "application/x-www-form-urlencoded",
                    },
                )
                response = conn.getresponse()
                response.read()
            except OSError as error:
                self.errors.append(f"{title}: {error}")
                conn.close()
                conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                continue
            if response.status == 302:
                self.acknowledged.append(title)
            else:
                self.errors.append(f"{title}: HTTP {response.status}")
        conn.close()


def test_concurrent_writers_lose_nothing(tmp_path, capfd):
    database = tmp_path / "db.sqlite3"
    env = production_env(database)
    manage("migrate", "--noinput", "-v0", env=env)
    manage(
        "collectstatic", "--noinput", "-v0", env={**env, "DJANGO_STATIC_ROOT": str(tmp_path / "s")}
    )
    env["DJANGO_STATIC_ROOT"] = str(tmp_path / "s")
    keys = sessions(env, *(f"writer{i}" for i in range(CLIENTS)))
    with gunicorn(env, workers=2) as base:
        deadline = time.monotonic() + SECONDS
        writers = [Writer(base, keys[name], name, deadline) for name in keys]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join(timeout=SECONDS + 60)
    errors = [e for w in writers for e in w.errors]
    acknowledged = {t for w in writers for t in w.acknowledged}
    assert not errors, errors[:10]
    assert len(acknowledged) > 100  # the test did real work
    titles = "from journal.models import Entry\nfor e in Entry.objects.all(): print(e.title)"
    stored = set(manage("shell", "-c", titles, env=env).splitlines())
    assert acknowledged <= stored
    server_log = capfd.readouterr().err
    assert "database is locked" not in server_log
    assert "Traceback" not in server_log
    print(f"{len(acknowledged)} entries from {CLIENTS} clients in {SECONDS} s")
