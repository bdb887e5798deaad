"""The queue on RQ and Redis (DJANGO_TASKS_BACKEND=rq): two real workers share imports and
photos, each task runs to its end once, and a job whose worker is killed with SIGKILL in the
middle of it is finished by the other. Runs against a real Redis (TEST_REDIS_URL, or the
local one), under a key prefix of its own; skipped without one, failed in CI."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.liveserver import (
    PYTHON,
    ROOT,
    manage,
    own_database,
    production_env,
    redis_url,
    stop,
)

BIG = 10_000  # entries in the import the first worker is killed in the middle of
SMALL = 3  # small imports
PHOTOS = 3

QUEUE = """
import io, json
from PIL import Image
from django.core.files.uploadedfile import SimpleUploadedFile
from journal.imports import start_import
from journal.models import Entry
from journal.photos import keep_for_later, prepare_photo
from reconnect.accounts.models import User
user = User.objects.create_user("rq-test", "rq@example.org", "x")

def export(name, count):
    entries = [{"date": f"2025-{1 + n % 12:02}-{1 + n % 28:02}", "title": f"{name} {n}",
                "body": "A long walk by the river, and a quiet evening. " * 8}
               for n in range(count)]
    return SimpleUploadedFile(f"{name}.json", json.dumps({"entries": entries}).encode())

first = start_import(user, export("big", big))
for n in range(small):
    start_import(user, export(f"small{n}", 2))
for n in range(photos):
    entry = Entry.objects.create(user=user, day=f"2025-11-{n + 1:02}", title=f"photo {n}")
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (40 * n, 90, 200)).save(out, "PNG")
    upload = SimpleUploadedFile("p.png", out.getvalue(), "image/png")
    prepare_photo.enqueue(keep_for_later(entry, upload, (64, 48)).pk)
print(first.pk)
"""

# Every job RQ has for the queue: its state and how many runs ended (successful or not).
JOBS = """
import json
import django_rq
from rq.job import Job
from rq.registry import FailedJobRegistry, FinishedJobRegistry, StartedJobRegistry
queue = django_rq.get_queue("default")
ids = (FinishedJobRegistry(queue=queue).get_job_ids() + FailedJobRegistry(queue=queue).get_job_ids()
       + StartedJobRegistry(queue=queue).get_job_ids() + queue.get_job_ids())
jobs = []
for job in Job.fetch_many(ids, connection=queue.connection):
    jobs.append({"status": job.get_status().value, "func": job.func_name,
                 "results": sorted(r.type.name for r in job.results()),
                 "requeues": job.meta.get("reconnect_requeues", 0)})
print(json.dumps(jobs))
"""


def query(env: dict[str, str], sql: str) -> list[tuple[Any, ...]]:
    """Read the app's database straight from the test (quicker than a manage.py shell)."""
    url = env.get("DATABASE_URL", "")
    if url:
        import psycopg

        with psycopg.connect(url) as conn:
            return conn.execute(sql).fetchall()
    with sqlite3.connect(env["SQLITE_PATH"], timeout=10) as db:
        return db.execute(sql).fetchall()


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def gone(pid: int) -> bool:
    """Ended: no such process, or a zombie waiting for a parent to reap it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def wait_for(what: str, read, want, seconds: float, every: float = 0.05) -> None:
    deadline = time.monotonic() + seconds
    while (value := read()) != want:
        assert time.monotonic() < deadline, f"{what}: not within {seconds} s: {value}"
        time.sleep(every)


@pytest.fixture
def env(tmp_path):
    import redis

    url = redis_url()
    prefix = f"rqtest-{uuid.uuid4().hex[:12]}"
    env = production_env(tmp_path / "db.sqlite3")
    env.update(
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_TASKS_BACKEND="rq",
        DJANGO_REDIS_URL=url,
        # RQ's own variable: every key this test's workers and queue use starts with it, so
        # parallel tests share the server without seeing each other's jobs.
        RQ_KEY_PREFIX=prefix,
        DJANGO_RQ_ABANDONED_SECONDS="15",
        DJANGO_LOG_LEVEL="INFO",
    )
    own_database(env, "rq")
    manage("migrate", "--noinput", "-v0", env=env)
    yield env
    with redis.Redis.from_url(url) as client:
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            client.delete(key)


def worker(env: dict[str, str], name: str, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [PYTHON, "manage.py", "rqworker", "default", "--name", name],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def test_two_rq_workers_finish_every_task_once_even_when_one_is_killed(env, tmp_path):
    counts = f"big, small, photos = {BIG}, {SMALL}, {PHOTOS}\n"
    big = int(manage("shell", "-c", counts + QUEUE, env=env).split()[-1])
    first = worker(env, "first", tmp_path / "first.log")
    second = None
    try:
        # The first worker alone takes the first job, the big import.
        running = f"SELECT state FROM journal_importjob WHERE id = {int(big)}"  # noqa: S608 (an int id)
        wait_for("the first worker starting the big import",
                 lambda: query(env, running), [("running",)], 120)  # fmt: skip
        second = worker(env, "second", tmp_path / "second.log")
        horses = children(first.pid)
        assert len(horses) == 1, horses
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        # Its work horse dies with it, rather than running the import on, unwatched.
        wait_for("the killed worker's horse ending", lambda: gone(horses[0]), True, 10)
        assert query(env, running) == [("running",)], "the import ended before the kill"

        states = "SELECT state, problem, COUNT(*) FROM journal_importjob GROUP BY state, problem"
        wait_for("every import done", lambda: query(env, states), [("done", "", 1 + SMALL)],
                 180, every=0.5)  # fmt: skip
        photos = "SELECT state, COUNT(*) FROM journal_entryphoto GROUP BY state"
        wait_for("every photo ready", lambda: query(env, photos), [("ready", PHOTOS)], 60)
        # Both beat like db_worker: the second's heartbeat is fresh, the killed one's stale.
        beats = "SELECT worker_id FROM reconnect_workerheartbeat ORDER BY worker_id"
        assert query(env, beats) == [("first",), ("second",)]
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                stop(process, 120)  # under load a clean stop can take over a minute
        logs = {n: (tmp_path / f"{n}.log").read_text() for n in ("first", "second")}
        for name, text in logs.items():  # shown when the test fails
            print(f"--- {name} worker ---", *text.splitlines()[-60:], sep="\n")

    # Each entry once: the big import's, the small ones' and the photos' own.
    entries = query(env, "SELECT COUNT(*), COUNT(DISTINCT title) FROM journal_entry")
    assert entries == [(BIG + 2 * SMALL + PHOTOS,) * 2], entries
    added = query(env, "SELECT SUM(added) FROM journal_importjob")
    assert added == [(BIG + 2 * SMALL,)], added

    # Each job ran to its end exactly once; the big one was put back once, for the second.
    jobs = json.loads(manage("shell", "-c", JOBS, env=env).strip().splitlines()[-1])
    assert len(jobs) == 1 + SMALL + PHOTOS, jobs
    assert all(job["status"] == "finished" for job in jobs), jobs
    assert all(job["results"] == ["SUCCESSFUL"] for job in jobs), jobs
    assert sorted(job["requeues"] for job in jobs) == [0] * (SMALL + PHOTOS) + [1], jobs
    assert "abandoned by a worker that died" in logs["second"], logs["second"][-3000:]
    # Stopped cleanly, the second worker deleted its heartbeat; the killed one's is left to
    # go stale.
    assert query(env, beats) == [("first",)]
