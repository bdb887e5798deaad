"""The checks every upload goes through, whatever its format: size, JSON syntax, zip
traps, entry count; and the record checks every format shares (text that can be stored)."""

from __future__ import annotations

import json
import zipfile

import pytest

from journal.models import Entry, FocusArea, WaitingPeriod

from .conftest import upload, zip_of

JRNL_ENTRY = {"date": "2026-01-01", "time": "09:00", "title": "t", "body": "", "tags": []}


DAY_ONE_ENTRY = {"uuid": "U1", "creationDate": "2026-01-01T10:00:00Z", "text": "x"}


def day_one(**fields: object) -> dict[str, object]:
    return {"metadata": {"version": "1.0"}, "entries": [{**DAY_ONE_ENTRY, **fields}]}


def patched(data: bytes, local_offset: int, central_offset: int, value: bytes) -> bytes:
    """A zip with the same bytes changed in its local and central headers."""
    changed = bytearray(data)
    local = changed.index(b"PK\x03\x04")
    central = changed.index(b"PK\x01\x02")
    changed[local + local_offset : local + local_offset + len(value)] = value
    changed[central + central_offset : central + central_offset + len(value)] = value
    return bytes(changed)


JOURNAL = json.dumps(day_one()).encode()


PLAIN_ZIP = zip_of({"Journal.json": JOURNAL})


def bad_crc() -> bytes:
    data = bytearray(PLAIN_ZIP)
    at = data.index(b'"U1"')
    data[at + 1] = ord("V")
    return bytes(data)


def renamed_header() -> bytes:
    data = bytearray(PLAIN_ZIP)
    local = data.index(b"Journal.json")
    data[local : local + 1] = b"X"
    return bytes(data)


BAD = [
    (b"", "The file is empty"),
    (b"not json at all", "not valid JSON"),
    (b"\xff\xfe\x00garbage", "not text in UTF-8"),
    (b"[1, 2, 3]", "not a journal export this app knows"),
    (json.dumps({"entries": [{"foo": 1}]}).encode(), "neither jrnl"),
    (b"[" * 100_000, "nested too deeply"),
    (b'{"entries": [' + b"9" * 5000 + b"]}", "number too long"),
    (zip_of({"photo.jpg": b"x"}), "holds no JSON or Markdown file"),
    (b"PK\x03\x04 broken zip", "damaged"),
    (zip_of({"Journal.json": b" " * (21 * 1024 * 1024)}, zipfile.ZIP_DEFLATED),
     "The text in the zip file is larger than 20 MB once unpacked"),
    (patched(PLAIN_ZIP, 6, 8, b"\x01"), "encrypted"),
    (patched(PLAIN_ZIP, 8, 10, b"\x09"), "compressed in a way this app can&#x27;t read"),
    (bad_crc(), "damaged"),
    (renamed_header(), "damaged"),
    (zip_of({"a.json": JOURNAL, "notes.json": b"[]"}), "mixes Day One journals"),
]  # fmt: skip


@pytest.mark.parametrize(("content", "message"), BAD)
def test_bad_input_gets_a_clear_message_and_changes_nothing(alice_client, alice, content, message):
    name = "export.zip" if content[:2] == b"PK" else "export.json"
    response = upload(alice_client, content, name)
    assert response.status_code == 200
    assert message in response.text
    assert "Nothing was imported" in response.text
    assert not Entry.objects.exists()
    assert not WaitingPeriod.objects.exists()
    assert not FocusArea.objects.exists()


def test_a_file_over_the_entry_limit_is_refused_up_front(alice_client, alice):
    entries = [{**JRNL_ENTRY, "title": f"e{i}"} for i in range(100_000)]
    response = upload(alice_client, {"entries": entries})
    assert "The file has 100,000 entries; up to 10,000 can be imported at once." in response.text
    assert not Entry.objects.exists()
    assert "10,000 entries a file" in alice_client.get("/journal/import/").text


def test_an_upload_over_the_limit_is_refused_before_it_is_read(alice_client, alice):
    response = upload(alice_client, b"x" * (101 * 1024 * 1024))
    assert response.status_code == 200
    assert "larger than 100 MB" in response.text
    assert not Entry.objects.exists()


def test_text_over_its_limit_is_refused(alice_client, alice):
    response = upload(alice_client, b"x" * (21 * 1024 * 1024))
    assert "The file is larger than 20 MB." in response.text


UNSTORABLE = [
    ({"schema": "reconnect/1", "entries": [{"day": "2026-01-01", "title": "a\u0000b"}]},
     "Entry 1: the title: it holds a character that can&#x27;t be stored (U+0000)."),
    ({"schema": "reconnect/1", "entries": [{"day": "2026-01-01", "title": "t", "body": "\ud800"}]},
     "Entry 1: the text: it holds a character that can&#x27;t be stored (U+D800)."),
    ({"schema": "reconnect/1", "entries": [], "focus_areas": [{"name": "a\u0000"}]},
     "Change 1: name: it holds a character that can&#x27;t be stored (U+0000)."),
    ({"schema": "reconnect/1", "entries": [],
      "urges": [{"created": "2026-01-01T00:00:00Z", "triggers": ["other"], "intensity": 2,
                 "trigger_note": "\udfff"}]},
     "Urge 1: a few words about it: it holds a character that can&#x27;t be stored (U+DFFF)."),
    ({"entries": [{**JRNL_ENTRY, "body": "x\udc80"}]}, "Entry 1: the text: it holds"),
    ({"entries": [{**JRNL_ENTRY, "tags": ["@a\u0000"]}]}, "Entry 1: a tag: it holds"),
    (day_one(text="# T\ud83d"), "Entry 1: the title: it holds"),
]  # fmt: skip


@pytest.mark.parametrize(("document", "message"), UNSTORABLE)
def test_text_that_cannot_be_stored_is_named_with_its_record(alice_client, document, message):
    # json.dumps writes "\ud800" as the escape it is, so the file is what a tool could send.
    response = upload(alice_client, json.dumps(document).encode())
    assert response.status_code == 200
    assert message in response.text
    assert not Entry.objects.exists()


def test_a_surrogate_in_csv_bytes_is_named_with_its_entry(alice_client):
    content = "day,title\n2026-01-01,a\ud800\n".encode("utf-8", "surrogatepass")
    response = upload(alice_client, content, "export.csv")
    assert "Entry 1: the title: it holds a character that can&#x27;t be stored" in response.text


def test_nul_in_csv_is_named_with_its_entry(alice_client):
    response = upload(alice_client, b"day,title\n2026-01-01,a\x00\n", "export.csv")
    assert "Entry 1: the title: it holds a character that can&#x27;t be stored (U+0000)" in (
        response.text
    )
