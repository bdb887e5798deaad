"""The task worker: /healthz/worker knows whether one is alive (and /healthz does not
ask), a dead one's tasks go back in the queue, a real one runs queued work against a real
database (SQLite here, PostgreSQL too when DATABASE_URL is set), and
`restore` refuses while the app is serving."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from journal.imports import start_import
from reconnect.accounts.models import User
from reconnect.ops.models import WorkerHeartbeat
from reconnect.ops.serving import serving_problem
from reconnect.ops.workers import prune_finished, requeue_abandoned
from tests.liveserver import PYTHON, ROOT, manage, own_database, production_env

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def with_worker_backend(settings: Settings) -> None:
    settings.TASKS = DATABASE_TASKS


def test_healthz_answers_for_the_web_process_whatever_the_worker(client, db, with_worker_backend):
    # A stuck worker must not take every web server out of a load balancer.
    assert client.get("/healthz/worker").status_code == 503
    response = client.get("/healthz")
    assert response.status_code == 200 and response.text == "ok\n"


def test_the_worker_health_is_503_when_none_has_been_seen(client, db, with_worker_backend):
    response = client.get("/healthz/worker")
    assert response.status_code == 503 and "no task worker" in response.text


def test_the_worker_health_is_ok_with_a_fresh_heartbeat_and_503_with_a_stale_one(
    client, db, with_worker_backend, settings
):
    beat = WorkerHeartbeat.objects.create(worker_id="w1", seen=timezone.now())
    assert client.get("/healthz/worker").status_code == 200
    beat.seen = timezone.now() - dt.timedelta(seconds=settings.WORKER_STALE_SECONDS + 1)
    beat.save()
    assert client.get("/healthz/worker").status_code == 503


def test_in_process_tasks_need_no_worker(client, db):
    assert client.get("/healthz/worker").status_code == 200


def test_the_import_pages_say_when_no_worker_has_been_seen(
    alice_client, with_worker_backend, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    page = alice_client.get("/journal/import/")
    assert "data-no-worker" in page.text
    sent = alice_client.post(
        "/journal/import/", {"file": SimpleUploadedFile("j.json", b'{"entries": []}')}
    )
    assert sent.status_code == 302
    waiting = alice_client.get(sent.url)
    assert 'data-state="queued"' in waiting.text and "data-no-worker" in waiting.text
    WorkerHeartbeat.objects.create(worker_id="w1", seen=timezone.now())
    assert "data-no-worker" not in alice_client.get(sent.url).text
    assert "data-no-worker" not in alice_client.get("/journal/import/").text


def claimed(worker_id: str) -> DBTaskResult[..., Any]:
    job = start_import(User.objects.get(username="alice"), SimpleUploadedFile("j.json", b"{}"))
    result = DBTaskResult.objects.get(args_kwargs__args=[job.pk])
    result.claim(worker_id)
    return result


def test_a_dead_workers_task_goes_back_in_the_queue_once_its_heartbeat_is_stale(
    alice, with_worker_backend, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    stale = timezone.now() - dt.timedelta(seconds=settings.WORKER_STALE_SECONDS + 1)
    WorkerHeartbeat.objects.create(worker_id="dead", seen=stale)
    WorkerHeartbeat.objects.create(worker_id="alive", seen=timezone.now())
    theirs, ours = claimed("dead"), claimed("alive")
    assert requeue_abandoned() == 1
    theirs.refresh_from_db()
    ours.refresh_from_db()
    assert (theirs.status, ours.status) == ("READY", "RUNNING")
    assert requeue_abandoned() == 0  # a second look finds nothing more


def test_finished_tasks_are_forgotten_after_an_hour(alice, with_worker_backend, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    old, recent, running = claimed("w1"), claimed("w1"), claimed("w1")
    old.set_successful("done")
    recent.set_failed(ValueError("x"))
    DBTaskResult.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - dt.timedelta(hours=1, seconds=1)
    )
    assert prune_finished() == 1
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}


def test_a_restarted_worker_takes_back_what_it_had_claimed(
    alice, with_worker_backend, tmp_path, settings
):
    settings.MEDIA_ROOT = str(tmp_path)
    WorkerHeartbeat.objects.create(worker_id="w1", seen=timezone.now())
    mine = claimed("w1")
    assert requeue_abandoned() == 0  # w1 looks alive to anyone else
    assert requeue_abandoned(own_id="w1") == 1
    mine.refresh_from_db()
    assert mine.status == "READY"


def test_restore_knows_the_app_is_serving(db, settings, tmp_path):
    assert serving_problem() == ""
    WorkerHeartbeat.objects.create(worker_id="w1", seen=timezone.now())
    assert "task worker was seen" in serving_problem()
    WorkerHeartbeat.objects.all().delete()
    pid_file = tmp_path / "gunicorn.pid"
    settings.GUNICORN_PID_FILE = str(pid_file)
    pid_file.write_text(str(os.getpid()))  # a live process
    assert "gunicorn is running" in serving_problem()
    pid_file.write_text("999999999")  # a stale pid file
    assert serving_problem() == ""


def worker_env(tmp_path: Path) -> dict[str, str]:
    env = production_env(tmp_path / "db.sqlite3")
    env["DJANGO_MEDIA_ROOT"] = str(tmp_path / "media")
    env["DJANGO_TASKS_BACKEND"] = "database"
    own_database(env, "worker")
    return env


QUEUE = """
import json
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import send_mail
from reconnect.accounts.models import User
from journal.imports import start_import
from reconnect.lib.mail import Letter, queue_letter
user = User.objects.create_user("worker-test", "w@example.org", "x")
data = json.dumps({"entries": [{"date": "2026-10-01", "title": "From the worker", "body": ""}]})
job = start_import(user, SimpleUploadedFile("j.json", data.encode()))
queue_letter(Letter, subject="Hello", text="Text", to=["w@example.org"])
print(job.pk)
"""

CHECK = """
from journal.models import Entry, ImportJob
from django_tasks_db.models import DBTaskResult
from reconnect.ops.workers import worker_seen
job = ImportJob.objects.get()
print(job.state, job.progress, Entry.objects.count(), bool(job.upload),
      sorted(DBTaskResult.objects.values_list("status", flat=True)), worker_seen())
"""


def test_a_real_worker_runs_queued_imports_and_mail_and_says_it_is_alive(tmp_path):
    env = worker_env(tmp_path)
    manage("migrate", "--noinput", env=env)
    manage("shell", "-c", QUEUE, env=env)
    before = manage("shell", "-c", CHECK, env=env).strip().splitlines()[-1]
    assert before == "queued 0 0 True ['READY', 'READY'] False"  # waiting for a worker
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
         "--interval", "0.2"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            state = manage("shell", "-c", CHECK, env=env).strip().splitlines()[-1]
            if state.startswith("done") and state.endswith("True"):
                break
            assert time.monotonic() < deadline, state
            time.sleep(0.5)
        assert state == "done 100 1 False ['SUCCESSFUL', 'SUCCESSFUL'] True"
        refused = subprocess.run(
            [PYTHON, "manage.py", "restore", str(tmp_path / "db.sqlite3"), "--force"],
            cwd=ROOT, env=env, capture_output=True, text=True,
        )  # fmt: skip
        assert refused.returncode != 0 and "Not restoring" in refused.stderr
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    # Stopped cleanly, it says so at once: the heartbeat is gone.
    assert manage("shell", "-c", CHECK, env=env).strip().splitlines()[-1].endswith("False")


QUEUE_UNSTORABLE = """
from django.core.files.uploadedfile import SimpleUploadedFile
from reconnect.accounts.models import User
from journal.imports import start_import
user = User.objects.create_user("worker-test", "w@example.org", "x")
bad = b'{"tags": {}, "entries": [{"date": "\\\\ud800", "title": "t", "body": "b"}]}'
assert len(bad) == 72, len(bad)
start_import(user, SimpleUploadedFile("bad.json", bad))
good = b'{"entries": [{"date": "2026-10-01", "title": "After it", "body": ""}]}'
start_import(user, SimpleUploadedFile("good.json", good))
"""

CHECK_BOTH = """
from journal.models import Entry, ImportJob
print([(job.state, job.problem) for job in ImportJob.objects.order_by("pk")],
      Entry.objects.count())
"""


def test_a_file_whose_error_cannot_be_stored_as_written_does_not_end_the_worker(tmp_path):
    env = worker_env(tmp_path)
    manage("migrate", "--noinput", env=env)
    manage("shell", "-c", QUEUE_UNSTORABLE, env=env)
    worker = subprocess.run(
        [PYTHON, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert worker.returncode == 0, worker.stderr[-2000:]
    state = manage("shell", "-c", CHECK_BOTH, env=env).strip().splitlines()[-1]
    assert state == (
        "[('failed', \"Entry 1: the date '\ufffd' is not a date.\"), ('done', '')] 1"
    ), state


QUEUE_LARGE = """
import json
from django.core.files.uploadedfile import SimpleUploadedFile
from reconnect.accounts.models import User
from journal.imports import start_import
user = User.objects.create_user("worker-test", "w@example.org", "x")
entries = [{"date": f"20{10 + n % 15}-0{1 + n % 9}-1{n % 9}", "title": f"Entry {n}",
            "body": "Walked by the river. " * 20} for n in range(10_000)]
start_import(user, SimpleUploadedFile("big.json", json.dumps({"entries": entries}).encode()))
"""

CHECK_LARGE = """
from journal.models import Entry, ImportJob
job = ImportJob.objects.get()
print(job.state, job.progress, Entry.objects.count(),
      Entry.objects.values("title").distinct().count())
"""


def test_a_worker_killed_mid_import_leaves_it_to_the_next_which_adds_each_entry_once(tmp_path):
    env = worker_env(tmp_path)
    manage("migrate", "--noinput", env=env)
    manage("shell", "-c", QUEUE_LARGE, env=env)
    command = [PYTHON, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
               "--interval", "0.2", "--worker-id", "the-worker"]  # fmt: skip

    def state() -> list[str]:
        return manage("shell", "-c", CHECK_LARGE, env=env).strip().splitlines()[-1].split()

    first = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while state()[0] != "running":
            assert time.monotonic() < deadline, state()
            time.sleep(0.2)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    killed = state()
    assert killed[0] == "running" and killed[2] == "0", killed  # all or nothing: none yet
    second = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        while (now := state())[0] != "done":
            assert now[0] in ("running", "queued"), now
            assert time.monotonic() < deadline, now
            time.sleep(1)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=60)
    assert state() == ["done", "100", "10000", "10000"]
