"""An import runs as a task: the request checks and stores the file, a page shows progress."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import Settings

from journal.formats import Outcome
from journal.imports import run_import
from journal.models import Entry, ImportJob
from reconnect.accounts.models import User
from tests.responses import Response

JRNL = {"entries": [{"date": "2026-10-01", "title": "Ran.", "body": "Felt good."}]}


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def queued(settings: Settings) -> None:
    """Tasks wait in the queue, as they do until the worker takes them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def send(client: Client, content: bytes, name: str = "export.json") -> Response:
    return client.post("/journal/import/", {"file": SimpleUploadedFile(name, content)})


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def test_the_upload_lands_on_the_progress_page_with_the_report(alice_client, alice, media):
    response = send(alice_client, json.dumps(JRNL).encode())
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/journal/import/{job.pk}/"
    page = alice_client.get(response["Location"])
    assert 'data-state="done"' in page.text and 'data-progress="100"' in page.text
    assert "Imported 1 entry. 0 were already here." in page.text
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    assert 'http-equiv="refresh"' not in page.text  # finished: nothing left to wait for
    assert Entry.objects.filter(user=alice).count() == 1
    assert not stored_files(media)  # the upload is deleted when the import ends


@pytest.mark.parametrize(
    ("more", "words"),
    [
        (1, "Imported 1 entry. 1 was already here."),
        (6, "Imported 6 entries. 1 was already here."),
    ],
)
def test_the_report_counts_in_proper_plurals(alice_client, more, words):
    send(alice_client, json.dumps(JRNL).encode())
    fresh = [
        {"date": f"2026-10-{day:02d}", "title": "Walked.", "body": ""} for day in range(2, 2 + more)
    ]
    content = json.dumps({"entries": [*JRNL["entries"], *fresh]}).encode()
    page = alice_client.get(send(alice_client, content)["Location"])
    assert words in page.text


def test_while_queued_it_refreshes_itself_and_live_with_script(alice_client, queued, media):
    response = send(alice_client, json.dumps(JRNL).encode())
    job = ImportJob.objects.get()
    page = alice_client.get(response["Location"]).text
    assert 'data-state="queued"' in page and 'data-progress="0"' in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert "js/import.js" in page
    assert alice_client.get(f"{response['Location']}?progress").json() == {
        "state": "queued",
        "progress": 0,
    }
    assert len(stored_files(media)) == 1  # kept for the worker
    assert not Entry.objects.exists()

    assert run_import.call(job.pk) == "done"
    assert alice_client.get(f"{response['Location']}?progress").json() == {
        "state": "done",
        "progress": 100,
    }
    assert 'data-state="done"' in alice_client.get(response["Location"]).text
    assert not stored_files(media)
    assert run_import.call(job.pk) == "nothing to do"  # a second run changes nothing
    assert Entry.objects.count() == 1


def test_progress_is_recorded_on_the_way(alice_client, queued, monkeypatch):
    from journal import formats as importers

    seen = []
    real = importers.import_file

    def watching(
        name: str,
        data: bytes,
        user: User,
        progress: Callable[[int], None] | None = None,
        with_settings: bool = False,
    ) -> Outcome:
        assert progress is not None  # the task always follows its import

        def report(percent: int) -> None:
            progress(percent)
            seen.append(ImportJob.objects.values_list("state", "progress").get())

        return real(name, data, user, progress=report)

    monkeypatch.setattr(importers, "import_file", watching)
    send(alice_client, json.dumps(JRNL).encode())
    run_import.call(ImportJob.objects.get().pk)
    # Every step is seen from outside while the import runs, in order, from 0 to 100.
    assert {state for state, _ in seen} == {"running"}
    steps = [percent for _, percent in seen]
    assert steps[0] == 0 and steps[-1] == 100 and len(steps) >= 4
    assert steps == sorted(set(steps))


def test_a_file_that_fails_says_why_and_imports_nothing(alice_client, alice, media):
    bad = {"schema": "reconnect/1", "entries": [{"day": "2026-01-01", "title": "t", "mood": 9}]}
    response = send(alice_client, json.dumps(bad).encode())
    page = alice_client.get(response["Location"]).text
    assert 'data-state="failed"' in page
    assert "Entry 1: the mood: Ensure this value is less than or equal to 5." in page
    assert "Nothing was imported." in page
    assert not Entry.objects.exists() and not stored_files(media)


def test_an_unexpected_error_is_a_failed_import_not_a_crash(alice_client, monkeypatch, media):
    from journal import formats as importers

    def broken(*args: object, **kwargs: object) -> Outcome:
        raise RuntimeError("a bug")

    monkeypatch.setattr(importers, "import_file", broken)
    page = alice_client.get(send(alice_client, json.dumps(JRNL).encode())["Location"]).text
    assert 'data-state="failed"' in page and "went wrong on the server" in page
    assert not stored_files(media)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "export.json", "The file is empty."),
        (b"\xff\xfe\x00bad", "export.json", "is not text in UTF-8"),
        (b"GIF89a" + b"\x00" * 20, "photo.gif", "not a journal export this app knows"),
        (b"just some words", "notes", "not a journal export this app knows"),
        (b"PK\x03\x04 broken zip", "export.zip", "The zip file is damaged."),
    ],
)
def test_the_request_refuses_what_is_plainly_no_export(alice_client, content, name, message):
    response = send(alice_client, content, name)
    assert response.status_code == 200
    assert message in response.text and "Nothing was imported." in response.text
    assert not ImportJob.objects.exists()


def test_a_character_cut_at_the_end_of_the_sample_is_no_fault(alice_client):
    # The request reads 64 KiB; a two-byte "é" across that line is still UTF-8.
    start, entry = '{"entries": [', '{"date": "2026-10-01", "body": "", "title": "'
    padding = " " * (65_535 - len(start) - len(entry))  # JSON may have any space between
    text = start + padding + entry + 'é"}]}'
    assert text.encode()[65_535:65_537] == "é".encode()
    response = send(alice_client, text.encode())
    assert response.status_code == 302
    assert 'data-state="done"' in alice_client.get(response["Location"]).text


def test_someone_elses_import_is_a_404(alice_client, bob_client, queued):
    send(alice_client, json.dumps(JRNL).encode())
    job = ImportJob.objects.get()
    assert bob_client.get(f"/journal/import/{job.pk}/").status_code == 404
    assert bob_client.get(f"/journal/import/{job.pk}/?progress").status_code == 404
    assert bob_client.get("/journal/import/999999/").status_code == 404


def test_it_needs_login(visitor):
    assert visitor.get("/journal/import/1/").url.startswith("/accounts/login/")


def test_deleting_the_account_deletes_a_waiting_upload(alice_client, alice, queued, media):
    send(alice_client, json.dumps(JRNL).encode())
    assert stored_files(media)
    alice.delete()
    assert not stored_files(media)
    assert run_import.call(ImportJob.objects.count() + 1) == "nothing to do"
