"""A lone surrogate or NUL in any field of any format: the import fails in words, the
failure is stored, and nothing is added. The 72-byte file below once stopped the worker
(saving its error raised again) and, through `make serve`, the whole site."""

from __future__ import annotations

import json

import pytest

from journal.models import Entry, ImportJob

from .conftest import upload, zip_of

SEVENTY_TWO_BYTES = b'{"tags": {}, "entries": [{"date": "\\ud800", "title": "t", "body": "b"}]}'
ODD = ["\ud800", "\udfff", "\x00"]


def jrnl(field: str, value: str) -> tuple[str, bytes]:
    entry = {"date": "2026-01-01", "time": "09:00", "title": "t", "body": "b", field: value}
    return "j.json", json.dumps({"tags": {}, "entries": [entry]}).encode()


def own(field: str, value: str) -> tuple[str, bytes]:
    entry = {"day": "2026-01-01", "time": "09:00", "title": "t", "body": "b", "mood": 3}
    entry[field] = value
    return "o.json", json.dumps({"format": "reconnect", "entries": [entry]}).encode()


def day_one(field: str, value: str) -> tuple[str, bytes]:
    entry = {"uuid": "U1", "creationDate": "2026-01-01T10:00:00Z", "text": "x"}
    entry[field] = value
    return "d.json", json.dumps({"metadata": {"version": "1.0"}, "entries": [entry]}).encode()


def markdown(field: str, value: str) -> tuple[str, bytes]:
    front = {"day": "2026-01-01", "time": "09:00", "mood": "3", "timezone": "UTC"}
    front[field] = json.dumps(value)  # YAML reads JSON's escapes in double quotes
    text = "---\n" + "".join(f"{k}: {v}\n" for k, v in front.items()) + "---\n# t\n\nb\n"
    return "m.zip", zip_of({"entries/a.md": text})


CASES = [
    *[(jrnl, field) for field in ("date", "time")],
    *[(own, field) for field in ("day", "time", "mood", "timezone")],
    *[(day_one, field) for field in ("creationDate", "timeZone")],
    *[(markdown, field) for field in ("day", "time", "mood", "timezone")],
]


def test_the_seventy_two_byte_file_fails_in_words(alice_client):
    assert len(SEVENTY_TWO_BYTES) == 72
    page = upload(alice_client, SEVENTY_TWO_BYTES)
    assert 'data-state="failed"' in page.text
    assert "is not a date" in page.text
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.FAILED and not job.upload
    assert not Entry.objects.exists()


@pytest.mark.parametrize("value", ODD, ids=["high", "low", "nul"])
@pytest.mark.parametrize(("make", "field"), CASES, ids=[f"{m.__name__}-{f}" for m, f in CASES])
def test_an_unstorable_character_in_any_field_is_a_stored_failure(alice_client, make, field, value):
    name, content = make(field, value)
    page = upload(alice_client, content, name)
    assert page.status_code == 200
    job = ImportJob.objects.get()
    # Either the field is not read at all (the entry goes in) or the import says why not;
    # never a job left running, never an entry holding the character.
    assert job.state in (ImportJob.State.FAILED, ImportJob.State.DONE), job.state
    if job.state == ImportJob.State.FAILED:
        assert job.problem and "went wrong on the server" not in job.problem
        assert not Entry.objects.exists()
    else:
        assert Entry.objects.exists()  # what the character's absence is checked in
    for entry in Entry.objects.all():
        assert value not in entry.title + entry.body
    assert alice_client.get("/journal/").status_code == 200
