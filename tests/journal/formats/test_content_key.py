"""An entry of this app's that comes back without an id is known by its day, title and
text, the same way from CSV, Markdown and the JSON, so importing it twice adds it once."""

from __future__ import annotations

import datetime as dt

from journal.formats import csv as csv_format
from journal.formats import markdown, own
from journal.formats.records import content_key

DAY, TITLE, BODY = dt.date(2026, 3, 14), "A walk", "By the river."


def test_every_format_keys_an_entry_without_an_id_alike():
    from_csv = csv_format.parse(f"day,title,body\n{DAY},{TITLE},{BODY}\n")
    from_markdown = markdown.parse([("a.md", f"---\nday: {DAY}\ntitle: {TITLE}\n---\n{BODY}")])
    from_json = own.parse(
        {"schema": "reconnect/1", "entries": [{"day": str(DAY), "title": TITLE, "body": BODY}]}
    )
    keys = {parsed.entries[0].import_key for parsed in (from_csv, from_markdown, from_json)}
    assert keys == {content_key(DAY, TITLE, BODY)}
