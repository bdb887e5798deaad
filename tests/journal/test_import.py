"""The import page: one entry point for every format, all or nothing, with progress."""

from __future__ import annotations

import json

import pytest

from journal import formats
from journal.models import Entry
from tests.journal.importing import done

from .formats.conftest import upload

GOOD = {"schema": "reconnect/1", "entries": [{"day": "2026-01-01", "title": "t"}]}


def test_the_page_shows_the_form_and_exports(alice_client):
    html = alice_client.get("/journal/import/").text
    assert 'type="file" name="file"' in html
    for fmt in ("json", "archive", "markdown", "csv", "jrnl", "dayone"):
        assert f'href="/journal/export/{fmt}/"' in html
    # What each format leaves out is said where the choice is made.
    assert "No photos" in html and "mood, change, time zone and photos" in html


def test_it_needs_login(visitor):
    assert visitor.get("/journal/import/").url.startswith("/accounts/login/")


def test_no_file_says_so(alice_client):
    response = alice_client.post("/journal/import/", {})
    assert "This field is required" in response.text


def test_a_good_file_is_imported_and_said_so(alice_client, alice):
    response = upload(alice_client, GOOD)
    assert done(response)
    assert "Imported 1 entry. 0 were already here." in response.text


def test_import_file_reports_progress_from_0_to_100(alice):
    heard: list[int] = []
    outcome = formats.import_file("x.json", json.dumps(GOOD).encode(), alice, heard.append)
    assert outcome.added == 1
    assert heard[0] == 0 and heard[-1] == 100 and heard == sorted(heard)


def test_a_fault_late_in_the_file_saves_nothing(alice):
    document = {**GOOD, "entries": [*GOOD["entries"], {"day": "2026-01-02", "title": ""}]}
    with pytest.raises(formats.ImportProblem, match="Entry 2"):
        formats.import_file("x.json", json.dumps(document).encode(), alice)
    assert not Entry.objects.exists()


def test_the_limits_are_importable():
    assert formats.MAX_BYTES == 100 * 1024 * 1024 and formats.MAX_ENTRIES == 10_000
