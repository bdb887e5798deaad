"""The checks every upload goes through, whatever its format: size, JSON syntax, zip
traps, entry count; the one stage that makes them (the request's cheap part, the worker
streaming the rest); and the record checks every format shares (text that can be stored)."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from journal.formats import MAX_BYTES, ImportProblem, check_upload
from journal.formats.upload import MAX_TEXT_BYTES, read_upload
from journal.imports import run_import
from journal.models import Change, Entry, ImportJob, WaitingPeriod

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
    assert not Change.objects.exists()


def test_a_file_over_the_entry_limit_is_refused_up_front(alice_client, alice):
    entries = [{**JRNL_ENTRY, "title": f"e{i}"} for i in range(100_000)]
    response = upload(alice_client, {"entries": entries})
    assert "The file has 100,000 entries; up to 10,000 can be imported at once." in response.text
    assert not Entry.objects.exists()
    assert "10,000 entries a file" in alice_client.get("/journal/import/").text


def test_an_upload_over_the_limit_is_refused_before_it_is_read(alice_client, alice):
    response = upload(alice_client, b"x" * (100 * 1024 * 1024 + 512 * 1024))  # the page says so
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


# The upload stage: each problem is one sentence from one place, and changes nothing.

NOT_AN_EXPORT = (
    "This is not a journal export this app knows: expected this app's JSON export, jrnl's "
    "JSON export or Day One's Journal.json."
)
REQUEST_PROBLEMS = [
    (b"", "export.json", "The file is empty."),
    (b" \r\n\t ", "export.json", "The file is empty."),
    (b"PK\x03\x04 broken zip", "export.zip", "The zip file is damaged."),
    (b"\xff\xfe\x00garbage", "export.json",
     "export.json is not text in UTF-8, so it can't be an export."),
    (b"just some words", "notes", NOT_AN_EXPORT),
]  # fmt: skip


def stored(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


@pytest.mark.parametrize(("content", "name", "sentence"), REQUEST_PROBLEMS)
def test_the_request_says_each_problem_once_and_stores_nothing(
    alice_client, settings, content, name, sentence
):
    response = upload(alice_client, content, name)
    assert response.status_code == 200
    assert response.text.count(escape(sentence)) == 1
    assert escape(f"{sentence} Nothing was imported.") in response.text
    assert not ImportJob.objects.exists()
    assert not stored(settings)
    assert not Entry.objects.exists()


def test_a_request_too_large_is_refused_in_one_sentence_before_it_is_read(alice_client):
    # The declared length alone decides: the small body sent is never parsed.
    response = alice_client.post(
        "/journal/import/", {"file": io.BytesIO(b"{}")}, CONTENT_LENGTH=str(MAX_BYTES + 65 * 1024)
    )
    assert response.status_code == 200
    assert response.text.count("The file is larger than 100 MB.") == 1
    assert "The file is larger than 100 MB. Nothing was imported." in response.text
    assert not ImportJob.objects.exists()


def test_a_file_over_the_limit_is_refused_by_its_own_size():
    # What the request's length lets through (the form around the file takes some of it).
    with pytest.raises(ImportProblem) as refused:
        check_upload("export.json", io.BytesIO(b"{}"), MAX_BYTES + 1)
    assert str(refused.value) == "The file is larger than 100 MB."
    check_upload("export.json", io.BytesIO(b"{}"), MAX_BYTES)


WORKER_PROBLEMS = [
    # Past the request's sample: the worker finds it, in the same sentence.
    (b'{"entries": []}' + b" " * (64 * 1024) + b"\xff", "export.json",
     "export.json is not text in UTF-8, so it can't be an export."),
    (zip_of({"Journal.json": b"\xff\xfe"}), "export.zip",
     "Journal.json is not text in UTF-8, so it can't be an export."),
]  # fmt: skip


@pytest.mark.parametrize(("content", "name", "sentence"), WORKER_PROBLEMS)
def test_the_worker_says_what_the_sample_could_not_see_once(
    alice_client, settings, content, name, sentence
):
    page = upload(alice_client, content, name)
    assert 'data-state="failed"' in page.text
    assert page.text.count(escape(sentence)) == 1
    assert not Entry.objects.exists()
    assert not stored(settings)


def test_a_lone_surrogate_near_the_start_is_named_with_its_entry(alice_client):
    # The request and the worker read UTF-8 alike: such bytes are no reason to refuse the file.
    rows = "day,title\n2026-01-01,a\ud800\n" + "2026-01-02,b\n" * 20
    response = upload(alice_client, rows.encode("utf-8", "surrogatepass"), "export.csv")
    assert "Entry 1: the title: it holds a character that can&#x27;t be stored" in response.text
    assert not Entry.objects.exists()


def test_the_worker_streams_the_stored_file_and_checks_nothing_again(
    alice_client, settings, monkeypatch
):
    from journal import formats
    from journal.formats import upload as stage

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    sent = alice_client.post("/journal/import/", {"file": SimpleUploadedFile("d.json", JOURNAL)})
    job = ImportJob.objects.get()
    assert sent.url == f"/journal/import/{job.pk}/" and job.state == ImportJob.State.QUEUED

    def again(*args, **kwargs):
        raise AssertionError("the request's checks ran again in the worker")

    monkeypatch.setattr(stage, "check_upload", again)
    monkeypatch.setattr(stage, "check_size", again)
    given = []
    real = formats.import_file

    def watching(name, file, user, progress=None, with_settings=False):
        given.append(file)
        return real(name, file, user, progress=progress, with_settings=with_settings)

    monkeypatch.setattr(formats, "import_file", watching)
    assert run_import.call(job.pk) == "done"
    assert Entry.objects.count() == 1
    assert len(given) == 1 and not isinstance(given[0], bytes) and hasattr(given[0], "read")


class Counting(io.BytesIO):
    """A file that counts the bytes read from it."""

    taken = 0

    def read(self, size: int | None = -1, /) -> bytes:
        data = super().read(size)
        self.taken += len(data)
        return data


def test_text_is_read_no_further_than_its_limit():
    file = Counting(b" " * (MAX_TEXT_BYTES + 1024))
    with pytest.raises(ImportProblem, match="The file is larger than 20 MB."):
        read_upload("export.json", file)
    assert file.taken <= MAX_TEXT_BYTES + 1 + 4  # the text, and the four bytes of its kind


def test_a_photo_in_a_zip_is_read_only_when_asked_for():
    photo = bytes(range(256)) * 4096  # 1 MiB
    file = Counting(zip_of({"Journal.json": JOURNAL, "photos/abc.jpg": photo}))
    found = read_upload("export.zip", file)
    assert [name for name, _ in found.documents] == ["Journal.json"]
    assert file.taken < len(photo) // 10
    assert found.photos["abc"] == photo


def many_members(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(count):
            archive.writestr(f"{n}", b"")
    return buffer.getvalue()


def test_a_zip_with_too_many_members_is_refused_in_the_request(alice_client):
    response = alice_client.post(
        "/journal/import/", {"file": SimpleUploadedFile("m.zip", many_members(20_001))}
    )
    assert response.status_code == 200
    assert "holds more than 20,000 files" in response.text
    assert not ImportJob.objects.exists()


def test_a_huge_directory_is_refused_from_its_end_record_without_being_read(
    alice_client, monkeypatch
):
    # What a 2,000,000-entry directory says at its end (zip64): the count is read there,
    # and ZipFile, which would read every entry, is never made.
    real = many_members(1)
    at = real.rindex(b"PK\x05\x06")
    directory_at = struct.unpack_from("<L", real, at + 16)[0]
    zip64 = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0,
                        2_000_000, 2_000_000, 100_000_000, directory_at)  # fmt: skip
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, at, 1)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF,
                      0xFFFFFFFF, 0)  # fmt: skip
    forged = real[:at] + zip64 + locator + end

    def never(*args, **kwargs):
        raise AssertionError("the directory was read")

    monkeypatch.setattr(zipfile, "ZipFile", never)
    response = alice_client.post("/journal/import/", {"file": SimpleUploadedFile("h.zip", forged)})
    assert response.status_code == 200
    assert "holds more than 20,000 files" in response.text
    assert not ImportJob.objects.exists()
