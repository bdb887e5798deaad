"""The export view: every format streamed to its owner, in bounded memory."""

from __future__ import annotations

import datetime as dt
import tracemalloc

import pytest
from django.http import StreamingHttpResponse

from journal.formats import archive, markdown, own
from journal.formats import csv as csv_format
from journal.models import Entry
from tests.responses import Response


def body(response: Response) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("fmt", ["json", "archive", "markdown", "csv", "jrnl", "dayone"])
def test_exports_need_login(visitor, fmt):
    assert visitor.get(f"/journal/export/{fmt}/").url.startswith("/accounts/login/")


def test_an_unknown_format_is_404(alice_client):
    assert alice_client.get("/journal/export/pdf/").status_code == 404


def test_exports_stream_in_bounded_memory(alice):
    text = "A line of an entry that is long enough to matter. " * 60  # about 3,000 characters
    Entry.objects.bulk_create(
        Entry(
            user=alice,
            day=dt.date(2026, 1, 1) + dt.timedelta(days=i % 300),
            title=f"Entry {i}",
            body=text,
            body_html=text,
        )  # fmt: skip
        for i in range(10_000)
    )
    for write, limit in (
        (own.export_json, 6),
        (csv_format.export_csv, 6),
        # A zip keeps a small directory record per file until its end: about 1 KB an entry.
        (markdown.export_markdown, 16),
        (archive.export_archive, 6),
    ):
        tracemalloc.start()
        size = sum(len(chunk) for chunk in write(alice))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert size > 400_000  # compressed zips; the text exports are ~30 MB
        assert peak < limit * 1024 * 1024, (write.__name__, size, peak)
