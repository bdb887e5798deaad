"""`make serve` as a self-hoster runs it: the web server and the task worker are separate
processes, and a worker that ends is started again without taking the site down."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.liveserver import ROOT, free_port, production_env


def group_workers(group: int) -> set[int]:
    """The pids of task workers in a process group."""
    pids = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if os.getpgid(int(proc.name)) != group:
                continue
            command = (proc / "cmdline").read_bytes().split(b"\0")
        except (OSError, ProcessLookupError):
            continue
        if b"db_worker" in command and b"manage.py" in command[1:3]:
            pids.add(int(proc.name))
    return pids


def answers(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except OSError:
        return 0


def wait_for(what, deadline: float, message: str):
    while not (found := what()):
        assert time.monotonic() < deadline, message
        time.sleep(0.25)
    return found


def test_a_worker_that_ends_is_started_again_and_the_site_keeps_answering(tmp_path):
    port = free_port()
    env = production_env(tmp_path / "db.sqlite3")
    env.update(
        DJANGO_TASKS_BACKEND="database",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_GUNICORN_PID_FILE=str(tmp_path / "gunicorn.pid"),
        BIND=f"127.0.0.1:{port}",
    )
    env.pop("MAKEFLAGS", None)
    serve = subprocess.Popen(
        ["make", "--no-print-directory", "serve"], cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        wait_for(lambda: answers(f"{base}/healthz") == 200, deadline, "make serve never answered")
        first = wait_for(lambda: group_workers(serve.pid), deadline, "no task worker started")
        wait_for(lambda: answers(f"{base}/healthz/worker") == 200, deadline, "no heartbeat")
        for pid in first:
            os.kill(pid, signal.SIGKILL)
        # The site answers all along, and a new worker takes the old one's place.
        assert answers(f"{base}/healthz") == 200
        deadline = time.monotonic() + 60
        again = wait_for(
            lambda: group_workers(serve.pid) - first, deadline, "the worker was not restarted"
        )
        assert again and serve.poll() is None
        assert answers(f"{base}/healthz") == 200
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        try:
            serve.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait(timeout=30)
    assert "starting it again" in (serve.stderr.read() if serve.stderr else "")
