"""The task worker: /healthz knows whether one is alive, a real one runs queued work
against a real database (SQLite here, PostgreSQL too when DATABASE_URL is set), and
`restore` refuses while the app is serving."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.utils import timezone
from pytest_django import Settings

from reconnect.models import WorkerHeartbeat
from reconnect.serving import serving_problem
from tests.liveserver import PYTHON, ROOT, manage, own_database, production_env

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def with_worker_backend(settings: Settings) -> None:
    settings.TASKS = DATABASE_TASKS


def test_healthz_is_503_when_no_worker_has_been_seen(client, db, with_worker_backend):
    response = client.get("/healthz")
    assert response.status_code == 503 and "no task worker" in response.text


def test_healthz_is_ok_with_a_fresh_heartbeat_and_503_with_a_stale_one(
    client, db, with_worker_backend, settings
):
    beat = WorkerHeartbeat.objects.create(worker_id="w1", seen=timezone.now())
    assert client.get("/healthz").status_code == 200
    beat.seen = timezone.now() - dt.timedelta(seconds=settings.WORKER_STALE_SECONDS + 1)
    beat.save()
    assert client.get("/healthz").status_code == 503


def test_in_process_tasks_need_no_worker(client, db):
    assert client.get("/healthz").status_code == 200


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
from reconnect.models import User
from journal.imports import start_import
from journal.mail import queue_message
user = User.objects.create_user("worker-test", "w@example.org", "x")
data = json.dumps({"entries": [{"date": "2026-10-01", "title": "From the worker", "body": ""}]})
job = start_import(user, SimpleUploadedFile("j.json", data.encode()))
queue_message("Hello", "Text", ["w@example.org"])
print(job.pk)
"""

CHECK = """
from journal.models import Entry, ImportJob
from django_tasks_db.models import DBTaskResult
from reconnect.views.site import worker_seen
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
from reconnect.models import User
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
