"""`make bench`: how close every page is to Django's floor, measured on this machine.

Seeds a fresh SQLite database (20 users x 500 entries and a year of moods tapped on the
home, plus one user with 10,000 entries filed under tags and three years of daily moods),
starts gunicorn with 2 sync workers on 127.0.0.1, and loads each page with 8
connections for a bounded time: `wrk` when it is installed, a small Python driver
otherwise; the one-tap mood is loaded as the home's script sends it, a POST. Nothing is
cached between requests, so every request is a cold one. Then a mixed run: 8 people at
once, each writing an entry and opening /journal/, /dashboard/ and /readiness/ in a loop.
Last, the time to render each pathological Markdown body. Prints the tables and writes
them into docs/performance.md, between its bench markers, keeping the rest of the file.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.benchmarks.split import FORMS
from tests.benchmarks.split import REQUESTS as SPLIT_REQUESTS
from tests.liveserver import ROOT, gunicorn, manage, production_env

CONNECTIONS = 8
DURATION = int(os.environ.get("BENCH_SECONDS", "8"))
WORKERS = 2
SMALL_ENTRIES, BIG_ENTRIES = 500, 10_000

# Targets, as ratios so that they hold on a noisy machine.
ANON_TARGET = 0.4
SIGNED_IN_TARGET = 0.25  # for the 500-entry user
BIG_SIGNED_IN_TARGET = 0.2  # for the 10,000-entry user
BIG_USER_TARGET = 1.3
# A journal locked with its owner's password: its pages within a tenth of the same pages unlocked.
LOCKED_TARGET = 1.1
P99_TARGET_MS = 100.0
# The one-tap mood's POST: within a tenth of the waiting page's ratio (at least 0.9 of it).
MOOD_TAP_SHARE = 0.9
MOOD_TAP = FORMS["/journal/mood/"]
MIXED_CLIENTS = 8
MARKDOWN_BOUND_S = 1.0  # CPU seconds for the worst body of the longest allowed length


@dataclass(frozen=True)
class Post:
    """A form to POST instead of a GET: its fields, and the CSRF cookie its token goes with."""

    form: dict[str, str]
    csrf_cookie: str = ""


@dataclass
class Result:
    page: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int


def prepare(env: dict[str, str]) -> dict[str, str]:
    """Migrate, load the guide, seed, collect static; return cookies and paths to load."""
    manage("migrate", "--noinput", "-v0", env=env)
    # The guide's pages are made with the static files' hashed names: collected first.
    manage("collectstatic", "--noinput", "-v0", env=env)
    manage("sync_advice", env=env)
    manage("seed_demo", "--users", "20", "--entries", str(SMALL_ENTRIES), "--seed", "1",
           "--moods", "365", env=env)  # fmt: skip
    manage("seed_demo", "--users", "1", "--entries", str(BIG_ENTRIES), "--prefix", "big",
           "--moods", str(3 * 365), "--tags", env=env)  # fmt: skip
    script = """
import django; django.setup()
from django.test import Client
from advice.models import Tip
from journal.models import Entry
from reconnect.accounts.models import User
for name in ("big1", *[f"demo{n}" for n in range(1, 9)]):
    user = User.objects.get(username=name)
    client = Client()
    client.force_login(user)
    print(name, client.cookies["sessionid"].value, Entry.objects.filter(user=user).first().pk)
print("tip", Tip.objects.filter(kind="tip").order_by("order").first().slug)
"""
    facts: dict[str, str] = {}
    output = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for line in output.splitlines():
        key, *values = line.split()
        if key == "tip":
            facts["tip"] = values[0]
        else:
            facts[f"{key}_cookie"], facts[f"{key}_entry"] = values
    return facts


def matched(pattern: str, text: str, flags: int = 0) -> re.Match[str]:
    """The pattern's match in a tool's output or a page; a clear stop when there is none."""
    match = re.search(pattern, text, flags)
    if match is None:
        raise SystemExit(f"{pattern!r} is not in {text[:300]!r}")
    return match


def cookie_header(cookie: str | None, post: Post | None) -> dict[str, str]:
    """The headers a load sends: the session, and for a POST its CSRF cookie and form."""
    headers = {}
    if cookie:
        csrf = f"; csrftoken={post.csrf_cookie}" if post and post.csrf_cookie else ""
        headers["Cookie"] = f"sessionid={cookie}{csrf}"
    if post:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Accept"] = "application/json"  # as the home's script asks
    return headers


def load_with_wrk(url: str, cookie: str | None, seconds: int, post: Post | None = None) -> Result:
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    for name, value in cookie_header(cookie, post).items():
        args += ["-H", f"{name}: {value}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if post:
            script.write(f'wrk.method = "POST"\nwrk.body = "{urllib.parse.urlencode(post.form)}"\n')
            script.flush()
            args += ["-s", script.name]
        out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout

    def latency(percent: str) -> float:
        value, unit = matched(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    requests = int(matched(r"(\d+) requests in", out).group(1))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    rps = float(matched(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return Result(url, rps, latency("50"), latency("99"), errors, requests)


def load_with_python(
    url: str, cookie: str | None, seconds: int, post: Post | None = None
) -> Result:
    """A bounded fallback driver: CONNECTIONS threads, keep-alive, for `seconds`."""
    match = matched(r"^http://([^:/]+):(\d+)(/.*)", url)
    host, port, path = match.group(1), int(match.group(2)), match.group(3)
    headers = cookie_header(cookie, post)
    method, body = ("POST", urllib.parse.urlencode(post.form)) if post else ("GET", None)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> None:
        connection = http.client.HTTPConnection(host, port, timeout=5)
        mine: list[float] = []
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status < 400
            except OSError:
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=5)
                ok = False
            mine.append((time.perf_counter() - start) * 1000)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    cut = statistics.quantiles(latencies, n=100)
    return Result(url, len(latencies) / seconds, cut[49], cut[98], errors[0], len(latencies))


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    return (
        f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


LOCK_SCRIPT = """
import django; django.setup()
from django.test import Client
from journal.management.commands.seed_demo import DEMO_PASSWORD
from reconnect.accounts.models import User
client = Client(SERVER_NAME="localhost")  # a host the production settings allow
client.post("/accounts/login/", {"username": "demo2", "password": DEMO_PASSWORD})
client.post("/accounts/lock/", {"password": DEMO_PASSWORD, "action": "on"})
assert User.objects.get(username="demo2").journal_locked
print(f"{client.cookies['sessionid'].value};journalkey={client.cookies['journalkey'].value}")
"""


UNLOCK_SCRIPT = """
import sys, django; django.setup()
from django.test import Client
from journal.management.commands.seed_demo import DEMO_PASSWORD
from reconnect.accounts.models import User
client = Client(SERVER_NAME="localhost")
session, key = sys.argv[1].split(";journalkey=")
client.cookies["sessionid"], client.cookies["journalkey"] = session, key
client.post("/accounts/lock/", {"password": DEMO_PASSWORD, "action": "off"})
assert not User.objects.get(username="demo2").journal_locked
"""


def unlock_demo2(env: dict[str, str], cookie: str) -> None:
    """demo2 turns the lock off again, so their open pages can be measured after too."""
    subprocess.run([sys.executable, "-c", UNLOCK_SCRIPT, cookie], cwd=ROOT, env=env, check=True)


def lock_demo2(env: dict[str, str]) -> str:
    """demo2 locks their journal with their password, signed in as a person is; the
    session and the cookie that opens its key, to be sent together."""
    output = subprocess.run(
        [sys.executable, "-c", LOCK_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if output.returncode:
        raise SystemExit(f"Locking demo2's journal failed:\n{output.stderr[-2000:]}")
    return output.stdout.strip()


def main() -> None:
    tool = "wrk" if shutil.which("wrk") else "python"
    load = load_with_wrk if tool == "wrk" else load_with_python
    with tempfile.TemporaryDirectory(prefix="reconnect-bench-") as tmp:
        env = production_env(Path(tmp) / "bench.sqlite3", settings="tests.benchmarks.settings")
        started = time.monotonic()
        facts = prepare(env)
        print(f"seeded in {time.monotonic() - started:.0f} s; where the time goes, in-process:")
        split = splits(env, facts)
        print(f"loading with {tool}")
        with gunicorn(env, workers=WORKERS) as base:
            rows = measure(load, base, facts)
            # The same person's pages again once their journal is locked (demo2, measured
            # open above): the same data, so the difference is the lock's.
            # Open, locked, open again: a machine's speed drifts, so the locked pages are
            # compared with the mean of the open ones before and after.
            facts["locked2_cookie"] = lock_demo2(env)
            rows += measure_pages(load, base, facts, demo2_pages(facts, locked=True))
            unlock_demo2(env, facts["locked2_cookie"])
            rows += measure_pages(load, base, facts, demo2_pages(facts, locked=False, again=True))
            # demo2's lock is off again, so their first session reads as before.
            mixed = mixed_run(base, [facts[f"demo{n}_cookie"] for n in range(1, 9)])
    report(rows, tool, mixed, markdown_times(), split)


FLOORS: list[tuple[str, str, str | None]] = [
    ("hello floor", "/bench/hello/", None),
    ("signed-in floor", "/bench/signed-in/", "demo1"),
]
# Measured and shown, but with no target of its own: a page that is mostly a form.
UNTARGETED = {"log-in page"}


def page_list(facts: dict[str, str]) -> list[tuple[str, str, str | None, str]]:
    """Every page as (label, path, user or None, the floor it is compared with)."""
    pages: list[tuple[str, str, str | None, str]] = [
        ("advice index", "/advice/", None, "hello floor"),
        ("advice tip", f"/advice/{facts['tip']}/", None, "hello floor"),
    ]
    for name, path in (
        ("/journal/", "/journal/"),
        ("entry", "/journal/{entry}/"),
        ("/journal/waiting/", "/journal/waiting/"),
        ("/readiness/", "/readiness/"),
        ("/dashboard/", "/dashboard/"),
        ("/insights/", "/insights/"),
    ):
        for user, label in (("demo1", "500"), ("big1", "10k")):
            url = path.format(entry=facts[f"{user}_entry"])
            pages.append((f"{name} ({label})", url, user, "signed-in floor"))
    pages.append(("log-in page", "/accounts/login/", None, "hello floor"))
    # The one-tap mood, POSTed as the home's script sends it (split.py reads "POST:").
    pages.append(("mood tap (500)", "POST:/journal/mood/", "demo1", "signed-in floor"))
    return pages


def demo2_pages(
    facts: dict[str, str], locked: bool, again: bool = False
) -> list[tuple[str, str, str | None, str]]:
    """demo2's pages (500 entries), open and then locked with their password: locked, each
    request opens the key from the session and the cookie. Compared with each other, not
    with a floor, and measured under load only (the in-process split signs in without the
    password)."""
    state = "locked" if locked else "open again" if again else "open"
    user = "locked2" if locked else "demo2"
    return [
        (f"{name} (demo2, {state})", path.format(entry=facts["demo2_entry"]), user, "")
        for name, path in (
            ("/journal/", "/journal/"),
            ("entry", "/journal/{entry}/"),
            ("/dashboard/", "/dashboard/"),
        )
    ]


def csrf_pair(base: str, cookie: str) -> tuple[str, str]:
    """A CSRF cookie and a form token that goes with it, read from the home as a browser
    would: every POST of a load may send the same pair."""
    match = matched(r"^http://([^:/]+):(\d+)", base)
    conn = http.client.HTTPConnection(match.group(1), int(match.group(2)), timeout=10)
    conn.request("GET", "/dashboard/", headers={"Cookie": f"sessionid={cookie}"})
    response = conn.getresponse()
    page = response.read().decode()
    conn.close()
    csrf = matched(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")[1]
    return csrf, matched(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]


def post_for(base: str, path: str, cookie: str | None) -> tuple[str, Post | None]:
    """A page's address, and the form it is POSTed with when its path says "POST:"."""
    if not path.startswith("POST:") or cookie is None:
        return path, None
    csrf, token = csrf_pair(base, cookie)
    return path.removeprefix("POST:"), Post({**MOOD_TAP, "csrfmiddlewaretoken": token}, csrf)


def measure(
    load: Callable[[str, str | None, int, Post | None], Result], base: str, facts: dict[str, str]
) -> list[tuple[str, str, Result]]:
    """Each page as (label, floor label, result).

    A machine's speed drifts over a run, so the floors are measured first and again
    last (pages are compared with the mean of the two), and each page is measured for
    the 500-entry user and the 10,000-entry user one right after the other.
    """
    pages = [
        *[(f"{label} (first)", path, user, "") for label, path, user in FLOORS],
        *page_list(facts),
        *demo2_pages(facts, locked=False),
        *[(f"{label} (last)", path, user, "") for label, path, user in FLOORS],
    ]
    return measure_pages(load, base, facts, pages)


def measure_pages(
    load: Callable[[str, str | None, int, Post | None], Result],
    base: str,
    facts: dict[str, str],
    pages: list[tuple[str, str, str | None, str]],
) -> list[tuple[str, str, Result]]:
    rows = []
    for label, path, user, floor in pages:
        cookie = facts[f"{user}_cookie"] if user else None
        path, post = post_for(base, path, cookie)
        load(base + path, cookie, 1, post)  # warm up
        result = load(base + path, cookie, DURATION, post)
        print(f"{label:28} {result.rps:8.0f} req/s  p50 {result.p50_ms:6.1f} ms  "
              f"p99 {result.p99_ms:6.1f} ms  errors {result.errors}")  # fmt: skip
        rows.append((label, floor, result))
    return rows


def splits(env: dict[str, str], facts: dict[str, str]) -> list[dict[str, Any]]:
    """Each page's in-process split (tests/benchmarks/split.py), floors first."""
    pages = [(label, path, user) for label, path, user in FLOORS]
    pages += [(label, path, user) for label, path, user, _floor in page_list(facts)]
    arguments = [part for label, path, user in pages for part in (label, path, user or "-")]
    out = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.split", *arguments],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    found = [json.loads(line) for line in out.splitlines()]
    for split in found:
        print(f"{split['label']:28} {split['total_ms']:6.2f} ms: "
              f"queries {split['queries_ms']:5.2f} ({split['queries']}), "
              f"templates {split['templates_ms']:5.2f}, "
              f"view code {split['view_ms']:5.2f}")  # fmt: skip
    return found


class Person(threading.Thread):
    """One signed-in person: write an entry, then look at the journal, dashboard, readiness."""

    LOOKS = ("/journal/", "/dashboard/", "/readiness/")

    def __init__(self, base: str, session: str, deadline: float) -> None:
        super().__init__()
        match = matched(r"^http://([^:/]+):(\d+)", base)
        self.host, self.port = match.group(1), int(match.group(2))
        self.session = session
        self.deadline = deadline
        self.latencies: list[float] = []
        self.errors = 0

    def send(
        self, conn: http.client.HTTPConnection, method: str, path: str, **kw: Any
    ) -> tuple[http.client.HTTPResponse, bytes]:
        start = time.perf_counter()
        conn.request(method, path, **kw)
        response = conn.getresponse()
        body = response.read()
        self.latencies.append((time.perf_counter() - start) * 1000)
        return response, body

    def run(self) -> None:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        cookie = f"sessionid={self.session}"
        response, page = self.send(conn, "GET", "/journal/new/", headers={"Cookie": cookie})
        csrf = matched(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")[1]
        token = matched(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.decode())[1]
        cookies = f"{cookie}; csrftoken={csrf}"
        number = 0
        while time.monotonic() < self.deadline:
            number += 1
            form = {
                "csrfmiddlewaretoken": token,
                # Yesterday: today in UTC is still tomorrow for some seeded time zones.
                "day": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
                "title": f"Evening note {number}",
                "body": "Walked, cooked, slept early.",
            }
            try:
                response, _ = self.send(
                    conn, "POST", "/journal/new/", body=urllib.parse.urlencode(form),
                    headers={"Cookie": cookies,
                             "Content-Type": "application/x-www-form-urlencoded"},
                )  # fmt: skip
                self.errors += response.status != 302
                for path in self.LOOKS:
                    response, _ = self.send(conn, "GET", path, headers={"Cookie": cookies})
                    self.errors += response.status != 200
            except OSError:
                self.errors += 1
                conn.close()
                conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        conn.close()


def mixed_run(base: str, sessions: list[str]) -> Result:
    """MIXED_CLIENTS people writing and reading at once, for DURATION * 2 seconds."""
    seconds = DURATION * 2
    people = [Person(base, s, time.monotonic() + seconds) for s in sessions[:MIXED_CLIENTS]]
    for person in people:
        person.start()
    for person in people:
        person.join()
    latencies = sorted(ms for person in people for ms in person.latencies)
    cut = statistics.quantiles(latencies, n=100)
    errors = sum(person.errors for person in people)
    result = Result("mixed", len(latencies) / seconds, cut[49], cut[98], errors, len(latencies))
    print(f"{'mixed run':28} {result.rps:8.0f} req/s  p50 {result.p50_ms:6.1f} ms  "
          f"p99 {result.p99_ms:6.1f} ms  errors {result.errors}")  # fmt: skip
    return result


def shortfall(
    label: str,
    floor: str,
    target: float,
    result: Result,
    by_label: dict[str, Result],
    split: list[dict[str, Any]],
) -> str:
    """One missed page's split against what its target would need, in-process."""
    by_split = {s["label"]: s for s in split}
    page, base = by_split[label], by_split[floor]
    # Under load a page keeps about the ratio to its floor it has in-process, times this.
    load_factor = (result.rps / by_label[floor].rps) / (base["total_ms"] / page["total_ms"])
    needed = base["total_ms"] * load_factor / target
    return (
        f"{label}: {page['total_ms']:.1f} ms in-process, about {needed:.1f} ms would meet "
        f"{target} ({page['total_ms'] - needed:.1f} ms less); of its time, queries "
        f"{page['queries_ms']:.1f} ms ({page['queries']}), templates {page['templates_ms']:.1f}, "
        f"view code {page['view_ms']:.1f}, of which {base['total_ms']:.1f} is the floor's."
    )


def markdown_times() -> list[tuple[str, float]]:
    """CPU seconds to render each pathological body, at the longest length allowed."""
    script = """
import time, django; django.setup()
from reconnect.lib.markdown import render_markdown
from tests.project.test_markdown import PATHOLOGICAL
for name, text in PATHOLOGICAL.items():
    started = time.process_time()
    render_markdown(text[:20_000])
    print(f"{time.process_time() - started:.3f} {name}")
"""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "reconnect.settings"}
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip
    return [
        (name, float(seconds))
        for seconds, name in (line.split(" ", 1) for line in out.splitlines())
    ]


def page_target(label: str, floor: str, ratios: dict[str, float] | None = None) -> float | None:
    """The share of its floor's requests/s a page must reach; None for the floors and the
    pages shown without a target. The one-tap mood's is the waiting page's ratio (`ratios`,
    by label), less a tenth."""
    if not floor or label in UNTARGETED:
        return None
    if label.startswith("mood tap"):
        return MOOD_TAP_SHARE * (ratios or {}).get("/journal/waiting/ (500)", 0.0)
    if label.endswith("(10k)"):
        return BIG_SIGNED_IN_TARGET
    return ANON_TARGET if floor == "hello floor" else SIGNED_IN_TARGET


def run_failures(label: str, result: Result) -> list[str]:
    """A run's misses that need no floor: a slow p99, and any errors."""
    failures = []
    if result.p99_ms > P99_TARGET_MS:
        failures.append(f"{label}: p99 {result.p99_ms:.0f} ms")
    if result.errors:
        failures.append(f"{label}: {result.errors} errors")
    return failures


def report(
    rows: list[tuple[str, str, Result]],
    tool: str,
    mixed: Result,
    markdown: list[tuple[str, float]],
    split: list[dict[str, Any]],
) -> None:
    by_label = {label: result for label, _, result in rows}
    for floor in ("hello floor", "signed-in floor"):
        first, last = by_label[f"{floor} (first)"], by_label[f"{floor} (last)"]
        by_label[floor] = Result(floor, (first.rps + last.rps) / 2, 0, 0, 0, 0)
    ratios = {label: r.rps / by_label[floor].rps for label, floor, r in rows if floor}
    lines = [
        f"Measured by `make bench` on {dt.date.today():%Y-%m-%d}: {machine()}.",
        f"gunicorn with {WORKERS} sync workers on 127.0.0.1, DEBUG off, SQLite; load from "
        f"`{tool}` with {CONNECTIONS} connections for {DURATION} s a page, on the same machine.",
        "",
        "Floors are measured first and last; pages are compared with the mean of the two.",
        "",
        "| page | requests/s | p50 ms | p99 ms | errors | ratio to floor | slower than its pair |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    shortfalls: list[str] = []
    failures = [
        f"Markdown '{name}': {seconds:.2f} s" for name, seconds in markdown
        if seconds > MARKDOWN_BOUND_S
    ]  # fmt: skip
    for label, floor, result in rows:
        ratio = f"{result.rps / by_label[floor].rps:.2f}" if floor else "—"
        scale = "—"
        if label.endswith("(10k)"):
            small = by_label[label.replace("(10k)", "(500)")]
            scale = f"{small.rps / result.rps:.2f}"
            if small.rps / result.rps > BIG_USER_TARGET:
                failures.append(f"{label}: {scale}x slower than the 500-entry user")
        if label.endswith("(demo2, locked)"):
            before = by_label[label.replace("locked)", "open)")]
            after = by_label.get(label.replace("locked)", "open again)"), before)
            unlocked_rps = (before.rps + after.rps) / 2
            scale = f"{unlocked_rps / result.rps:.2f}"
            if unlocked_rps / result.rps > LOCKED_TARGET:
                failures.append(f"{label}: {scale}x slower than the same page unlocked")
        target = page_target(label, floor, ratios)
        if target is not None and result.rps / by_label[floor].rps < target:
            failures.append(f"{label}: {ratio} of its floor (target {target})")
            shortfalls.append(shortfall(label, floor, target, result, by_label, split))
        failures += run_failures(label, result)
        lines.append(
            f"| {label} | {result.rps:.0f} | {result.p50_ms:.1f} | {result.p99_ms:.1f} | "
            f"{result.errors} | {ratio} | {scale} |"
        )
    failures += run_failures("mixed run", mixed)
    lines += [
        "",
        f"Where each page's time goes: in-process through Django's handler (no server, no "
        f"network), the median of {SPLIT_REQUESTS} requests a page, before the load above. "
        "Queries is the time inside the database cursor and their number; templates, the "
        "time inside Template.render less the queries run from templates; view code, the "
        "rest (middleware, the view, reading rows and building objects, forms).",
        "",
        "| page | in-process ms | queries ms (n) | templates ms | view code ms |",
        "|---|---:|---:|---:|---:|",
        *[
            f"| {s['label']} | {s['total_ms']:.2f} | {s['queries_ms']:.2f} ({s['queries']}) | "
            f"{s['templates_ms']:.2f} | {s['view_ms']:.2f} |"
            for s in split
        ],
        "",
        f"Mixed run: {MIXED_CLIENTS} people at once, each in a loop of writing an entry and "
        f"opening /journal/, /dashboard/ and /readiness/, for {DURATION * 2} s.",
        "",
        "| run | requests/s | p50 ms | p99 ms | errors | requests |",
        "|---|---:|---:|---:|---:|---:|",
        f"| mixed | {mixed.rps:.0f} | {mixed.p50_ms:.1f} | {mixed.p99_ms:.1f} | "
        f"{mixed.errors} | {mixed.requests} |",
        "",
        f"Markdown: CPU time to render each pathological body of 20,000 characters "
        f"(bound {MARKDOWN_BOUND_S:.1f} s each).",
        "",
        "| body | CPU s |",
        "|---|---:|",
        *[f"| {name} | {seconds:.3f} |" for name, seconds in markdown],
        "",
        f"Targets: anonymous pages ≥ {ANON_TARGET} of the hello floor; signed-in pages ≥ "
        f"{SIGNED_IN_TARGET} of the signed-in floor for the 500-entry user and ≥ "
        f"{BIG_SIGNED_IN_TARGET} for the 10,000-entry user; the 10,000-entry user within "
        f"{BIG_USER_TARGET}x of the 500-entry user; the one-tap mood's POST ≥ "
        f"{MOOD_TAP_SHARE} of the waiting page's ratio; demo2's pages, once their journal is "
        f"locked with their password, within {LOCKED_TARGET}x of the same pages open "
        f"(the mean of before and after); "
        f"p99 ≤ {P99_TARGET_MS:.0f} ms for every "
        f"page and the mixed run; no errors; every Markdown body within its bound. The log-in "
        f"page is shown for comparison, with no ratio target: it is mostly a form.",
        "",
        "Missed: " + "; ".join(failures) if failures else "Every target was met in this run.",
        "",
        *(
            [
                "What each missed page would take, read from its split: the in-process time "
                "at which it would meet its target, if it kept the ratio it has to its floor "
                "under load, and how much of its time is queries, templates and view code.",
                "",
                *[f"- {line}" for line in shortfalls],
                "",
            ]
            if shortfalls
            else []
        ),
    ]
    text = "\n".join(lines)
    out = ROOT / "docs" / "performance.md"
    out.write_text(with_section(out.read_text(), text))
    print(text)


START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def with_section(document: str, section: str) -> str:
    """`document` with what lies between its bench markers replaced by `section`; the
    hand-written rest kept as it is. A document without both markers, in that order, is
    a clear stop rather than a file written over."""
    before, start, rest = document.partition(START)
    _old, end, after = rest.partition(END)
    if not start or not end:
        raise SystemExit(f"docs/performance.md needs {START} and then {END} around the run.")
    return f"{before}{START}\n{section.strip()}\n{END}{after}"


if __name__ == "__main__":
    main()
