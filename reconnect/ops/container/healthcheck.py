"""The image's health check: in a web container /healthz, in a worker's its heartbeat.

Which one it is shows in the container's processes: gunicorn or `db_worker`. The web
check asks as one of DJANGO_ALLOWED_HOSTS, so it is answered like any visitor, and
/healthz never redirects to HTTPS. It answers 200 when the web server and its database
answer; the worker check reads the worker's heartbeat, as /healthz/worker does.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request
from pathlib import Path


def running(word: bytes) -> bool:
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if word in cmdline.read_bytes():
                return True
        except OSError:  # a process that ended while we looked
            continue
    return False


def web() -> int:
    address, _, port = os.environ.get("BIND", "0.0.0.0:8000").rpartition(":")
    if address in ("", "0.0.0.0"):  # noqa: S104 (read from BIND, to ask loopback instead)
        address = "127.0.0.1"
    elif address == "[::]":
        address = "[::1]"
    hosts = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",")]
    host = next((h.lstrip(".") for h in hosts if h and h != "*"), "localhost")
    request = urllib.request.Request(f"http://{address}:{port}/healthz", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=8) as response:  # noqa: S310 (http:// above)
            print(response.read().decode().strip())
            return 0
    except urllib.error.HTTPError as error:
        print(f"/healthz answered {error.code}: {error.read().decode().strip()}")
    except OSError as error:
        print(f"/healthz did not answer: {error}")
    return 1


def worker() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # /app
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reconnect.settings")
    import django

    django.setup()
    from reconnect.ops.workers import worker_seen

    if worker_seen():
        print("ok")
        return 0
    print("no heartbeat from the task worker lately")
    return 1


if __name__ == "__main__":
    if running(b"gunicorn"):
        sys.exit(web())
    if running(b"db_worker"):
        sys.exit(worker())
    print("neither the web server nor the task worker is running")
    sys.exit(1)
