"""Run by test_import_concurrency: a large import in one thread while another user saves
entries in another, against a real SQLite file (the deployment's settings, not the test
database). Prints one JSON line with what happened."""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reconnect.settings")
sys.path.insert(0, os.getcwd())
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from journal import formats  # noqa: E402
from journal.models import Entry  # noqa: E402

call_command("migrate", verbosity=0)
User = get_user_model()
importer = User.objects.create_user("importer", password="x" * 16)
writer = User.objects.create_user("writer", password="x" * 16)
entries = [
    {"date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", "time": "09:00", "title": f"Entry {i}.",
     "body": "Walked with @friend, felt better.\n" * 3, "tags": ["@friend"], "starred": False}
    for i in range(formats.MAX_ENTRIES)
]  # fmt: skip
data = json.dumps({"entries": entries}).encode()
connection.close()

outcome: dict[str, Any] = {"saves": [], "import": None}
finished = threading.Event()


def run_import() -> None:
    try:
        result = formats.import_file("big.json", data, User.objects.get(pk=importer.pk))
        outcome["import"] = result.added
    except Exception as error:  # reported, not raised: the parent test asserts on it
        outcome["import"] = repr(error)
    finally:
        finished.set()
        connection.close()


def run_saves() -> None:
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(pk=writer.pk))
    i = 0
    # Keep saving until the import is over, so saves meet its write transaction.
    while not finished.is_set() or i < 10:
        i += 1
        try:
            response = client.post("/journal/new/", {"day": "2026-01-01", "title": f"Mine {i}"})
            outcome["saves"].append(response.status_code)
        except Exception as error:
            outcome["saves"].append(repr(error))
        time.sleep(0.05)
    connection.close()


threads = [threading.Thread(target=run_import), threading.Thread(target=run_saves)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
outcome["writer_entries"] = Entry.objects.filter(user=writer).count()
print(json.dumps(outcome))
