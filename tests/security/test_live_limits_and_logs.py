"""Against a real server (gunicorn with threads, as concurrent as a small deployment gets),
on SQLite and, when DATABASE_URL is set, on PostgreSQL: limits that no race gets past, and
no secret address in either log."""

from __future__ import annotations

import http.client
import secrets
import socket
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TypedDict, TypeVar

import pytest

from tests.liveserver import PYTHON, ROOT, free_port, manage, own_database, production_env, sessions
from tests.markup import search

T = TypeVar("T")


def live_env(tmp_path: Path) -> dict[str, str]:
    env = production_env(tmp_path / "db.sqlite3")
    env["DJANGO_MEDIA_ROOT"] = str(tmp_path / "media")
    env["DJANGO_TASKS_BACKEND"] = "immediate"  # mail in-process: the outbox is the log
    env["DJANGO_WORKER_STALE_SECONDS"] = "60"
    env["EMAIL_HOST"] = ""  # NotSetUpBackend: one log line per mail, counted below
    own_database(env, "live")
    return env


class Server(TypedDict):
    base: str
    port: int
    env: dict[str, str]
    logs: tuple[Path, Path]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("live")
    env = live_env(tmp)
    env["DJANGO_STATIC_ROOT"] = str(tmp / "static")
    manage("collectstatic", "--noinput", "-v0", env=env)
    manage("migrate", "--noinput", env=env)
    port = free_port()
    makefile = (ROOT / "Makefile").read_text()
    log_format = makefile.split("--access-logformat '")[1].split("'")[0]
    logs = tmp / "access.log", tmp / "error.log"
    with open(logs[0], "w") as out, open(logs[1], "w") as err:
        process = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "reconnect.wsgi", "--workers", "2",
             "--threads", "12", "--bind", f"127.0.0.1:{port}",
             "--logger-class", "reconnect.lib.logs.GunicornLogger",
             "--access-logfile", "-", "--access-logformat", log_format],
            cwd=ROOT, env=env, stdout=out, stderr=err,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or process.poll() is not None:
                        raise RuntimeError("gunicorn did not start") from None
                    time.sleep(0.3)
            yield {"base": base, "port": port, "env": env, "logs": logs}
        finally:
            process.terminate()
            process.wait(timeout=30)


def request(
    port: int, method: str, path: str, body: str = "", cookies: str = "", addr: str = ""
) -> tuple[int, str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookies}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    text = response.read().decode(errors="replace")
    conn.close()
    return response.status, text, response.getheader("Set-Cookie") or ""


def form_token(port: int, path: str, cookies: str = "") -> tuple[str, str]:
    """A CSRF token and the cookies to send it with."""
    _status, page, set_cookie = request(port, "GET", path, cookies=cookies)
    csrf = search(r"csrftoken=([^;]+)", set_cookie, 1)
    token = search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page, 1)
    return token, "; ".join(c for c in (cookies, f"csrftoken={csrf}") if c)


def all_at_once(jobs: list[Callable[[], T]]) -> list[T | None]:
    """Run each job in its own thread, released together; their results."""
    results: list[T | None] = [None] * len(jobs)
    start = threading.Barrier(len(jobs))

    def run(i: int, job: Callable[[], T]) -> None:
        start.wait()
        results[i] = job()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def count_users(env: dict[str, str]) -> int:
    count = "from reconnect.accounts.models import User; print(User.objects.count())"
    out = manage("shell", "-c", count, env=env)
    return int(out.strip().splitlines()[-1])


def test_twenty_sign_ups_at_once_make_at_most_five_accounts(server):
    port = server["port"]
    prepared = [form_token(port, "/accounts/signup/") for _ in range(20)]
    before = count_users(server["env"])
    password = "a calm walk by the river " + secrets.token_hex(4)

    def sign_up(i: int) -> int:
        token, cookies = prepared[i]
        body = urllib.parse.urlencode({
            "csrfmiddlewaretoken": token, "username": f"racer{i}", "email": "",
            "password1": password, "password2": password, "timezone": "UTC",
        })  # fmt: skip
        return request(port, "POST", "/accounts/signup/", body, cookies)[0]

    statuses = all_at_once([partial(sign_up, i) for i in range(20)])
    made = count_users(server["env"]) - before
    assert made <= 5, statuses
    assert made >= 1 and statuses.count(302) == made
    assert set(statuses) <= {302, 429}, statuses


def test_twelve_friend_requests_at_once_send_one_mail(server):
    port, env = server["port"], server["env"]
    session = sessions(env, "friendly")["friendly"]
    manage("shell", "-c", (
        "from django.utils import timezone; from reconnect.accounts.models import User; "
        "from journal.models import Urge; u = User.objects.get(username='friendly'); "
        "u.friend_name, u.friend_email = 'Sam', 'sam@example.org'; u.save(); "
        "now = timezone.now(); "
        "Urge.objects.create(user=u, triggers=',boredom,', intensity=5, created=now, "
        "pause_until=now)"
    ), env=env)  # fmt: skip
    urge = manage("shell", "-c", "from journal.models import Urge; print(Urge.objects.get().pk)",
                  env=env).split()[-1]  # fmt: skip
    cookies = f"sessionid={session}"
    prepared = [form_token(port, f"/urges/{urge}/", cookies) for _ in range(12)]
    error_log = server["logs"][1]
    mails_before = error_log.read_text().count("A mail could not be sent")

    def ask(i: int) -> int:
        token, with_csrf = prepared[i]
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token})
        return request(port, "POST", f"/urges/{urge}/ask-friend/", body, with_csrf)[0]

    statuses = all_at_once([partial(ask, i) for i in range(12)])
    assert set(statuses) == {302}, statuses
    time.sleep(1)
    sent = error_log.read_text().count("A mail could not be sent") - mails_before
    assert sent == 1


NEAR_MISSES = [
    "/journal/calendar/{t}.ics", "/journal//calendar/{t}.ics", "/JOURNAL/calendar/{t}.ics",
    "/journal/CALENDAR/{t}.ics", "//journal/calendar/{t}.ics", "/journal/%63alendar/{t}.ics",
    "/journal/%2563alendar/{t}.ics", "/%6Aournal/calendar/{t}.ics", "/journal/calendar//{t}.ics",
    "/journal/calendar/{t}", "/journal/calendar/{t}.ics/", "/accounts/reset/MQ/{t}/",
    "/accounts//reset/MQ/{t}/", "/ACCOUNTS/RESET/MQ/{t}/", "/accounts/%72eset/MQ/{t}/",
    # Near misses that name neither: a token-like word is hidden wherever it is.
    "/journal/calendar{t}.ics", "/journal/calendar;x/{t}.ics", "/{t}.ics",
    "/accounts/password_reset/MQ/{t}/", "/%{t}", "/x/%2F{t}",
]  # fmt: skip


def raw_request(port: int, line: str) -> None:
    """Send a request line as it is, spaces included (http.client refuses them)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(f"{line}\r\nHost: 127.0.0.1\r\n\r\n".encode())
        conn.recv(4096)


def test_no_secret_address_reaches_either_log(server):
    port = server["port"]
    token = "Qw7" + secrets.token_urlsafe(30)
    reset_token = f"cd2x8k-{secrets.token_hex(16)}"  # Django's shape: timestamp-hex
    for path in NEAR_MISSES:
        request(port, "GET", path.format(t=token))
    request(port, "GET", f"/accounts/password_reset/MQ/{reset_token}/")
    # gunicorn reads the word after a space as the HTTP version and logs it as refused.
    raw_request(port, f"GET /journal/calendar/ {token}.ics HTTP/1.1")
    raw_request(port, f"GET /x {reset_token} HTTP/1.1")
    time.sleep(1)
    access, error = (p.read_text() for p in server["logs"])
    assert "/calendar/[hidden]" in access and "/reset/[hidden]" in access
    assert "/journal/[hidden].ics" in access and "Invalid HTTP Version" in error
    assert reset_token not in access + error
    assert token not in access, access[-2000:]
    assert token not in error, error[-2000:]
    assert token.lower() not in access.lower() + error.lower()
