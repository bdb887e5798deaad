"""A body larger than any form takes is refused by its Content-Length, before it is read."""

from __future__ import annotations

import io

from journal.models import Entry, ImportJob
from reconnect.lib.middleware import BODY_ROOM, MAX_BODY_BYTES


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anyone reads it."""

    def read(self, *args):  # pragma: no cover - reaching it is the failure
        raise AssertionError("the body was read")


def post_claiming(client, path: str, length: int):
    return client.generic(
        "POST", path, b"", content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(length), **{"wsgi.input": Unreadable()},
    )  # fmt: skip


def test_a_gigabyte_entry_is_refused_unread_with_words(alice_client):
    response = post_claiming(alice_client, "/journal/new/", 1024**3)
    assert response.status_code == 413
    assert "too large to send" in response.text and "100 MB" in response.text
    assert not Entry.objects.exists()


def test_an_import_over_the_limit_is_refused_unread(alice_client):
    response = post_claiming(alice_client, "/journal/import/", MAX_BODY_BYTES + BODY_ROOM + 1)
    assert response.status_code == 413
    assert not ImportJob.objects.exists()


def test_a_body_within_the_limit_reaches_the_form(alice_client):
    response = alice_client.post("/journal/new/", {"day": "2026-01-01", "title": "", "body": "x"})
    assert response.status_code in (200, 302)
