"""The Markdown zip: one file an entry with YAML front matter every YAML reader types
right, read back by this app."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import yaml

from journal.models import Entry
from tests.hostile import alias_bomb
from tests.journal.importing import done

from .conftest import body, export, round_trip, upload, zip_of


def test_markdown_is_a_zip_of_entries_with_front_matter(alice_client, records):
    response = alice_client.get("/journal/export/markdown/")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    names = archive.namelist()
    assert "index.md" in names
    entry_file = next(n for n in names if n.startswith("entries/"))
    text = archive.read(entry_file).decode()
    assert text.startswith("---\ntitle: A long walk\nday: 2026-11-01\n")
    assert "Felt *calm*." in text
    assert entry_file in archive.read("index.md").decode()
    assert archive.testzip() is None


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


def test_every_file_is_yaml_every_reader_types_right(alice_client, alice, written):
    with zipfile.ZipFile(io.BytesIO(export(alice_client, "markdown"))) as archive:
        metas = []
        for name in archive.namelist():
            if name.startswith("entries/"):
                text = archive.read(name).decode()
                metas.append(yaml.safe_load(text.split("---\n")[1]))
    zoe = next(m for m in metas if m["title"] == "Zoë, café")
    assert zoe["time"] == "08:30"  # text, never the base-60 number 510
    assert zoe["tags"] == ["no contact", "run"]
    assert zoe["day"] == dt.date(2026, 3, 1) and zoe["timezone"] == "America/Los_Angeles"
    assert zoe["starred"] is True and zoe["mood"] == 3


def test_it_round_trips_into_another_account_and_the_same(
    alice_client, bob_client, alice, bob, written
):
    round_trip(alice_client, bob_client, alice, bob, "markdown", "x.zip")


def test_an_unquoted_time_and_comma_tags_from_older_files_are_read(alice_client, alice):
    old = '---\ntitle: Walk\nday: 2026-03-01\ntime: 10:00\ntags: "run, no contact"\n---\n\nx'
    assert done(upload(alice_client, zip_of({"entries/a.md": old}), "x.zip"))
    entry = Entry.objects.get(user=alice)
    assert entry.time == dt.time(10, 0)
    assert sorted(t.name for t in entry.tags.all()) == ["no contact", "run"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("no front matter", "Entry 1 (a.md) has no front matter"),
        ("---\ntitle: [unclosed\n---\nx", "Entry 1 (a.md): the front matter is not readable"),
        ("---\n- a list\n---\nx", "Entry 1 (a.md): the front matter should be names"),
        ('---\ntitle: "a\\0b"\nday: 2026-01-01\n---\n', "Entry 1: the title: it holds"),
        ('---\ntitle: "a\\ud800"\nday: 2026-01-01\n---\n', "Entry 1: the title: it holds"),
        ("---\ntitle: t\nday: 2026-01-01\n---\n\x00", "Entry 1: the text: it holds"),
        ("---\ntitle: t\nday: 2026-01-01\nmood: x\n---\n", "the mood must be a whole number"),
        ("---\ntitle: t\nday: 2026-01-01\ntags: 5\n---\n", "&#x27;tags&#x27; should be a list"),
    ],
)
def test_bad_files_are_named(alice_client, alice, content, message):
    response = upload(alice_client, zip_of({"entries/a.md": content}), "x.zip")
    assert message in response.text
    assert not Entry.objects.exists()


def test_an_alias_bomb_in_front_matter_fails_in_words_at_once(alice_client):
    page = upload(alice_client, zip_of({"entries/a.md": alias_bomb()}), "m.zip")
    assert 'data-state="failed"' in page.text and "alias" in page.text
    assert not Entry.objects.exists()


def test_a_spanish_account_gets_every_word_in_spanish(alice_client, alice, hard_moments):
    alice.language = "es"
    alice.save(update_fields=["language"])
    archive = zipfile.ZipFile(io.BytesIO(export(alice_client, "markdown")))
    assert archive.read("index.md").decode().startswith("# Diario de alice\n")
    text = archive.read("hard-moments.md").decode()
    assert text.startswith("# Momentos difíciles\n")
    for heading in ("## Razones para esperar", "## Impulsos", "## Contactos prácticos"):
        assert heading in text
    assert "Hard moments" not in text and "Urges" not in text and "strength" not in text


def test_links_to_photos_it_cannot_bring_become_their_description(alice_client, alice):
    page = (
        "---\ntitle: Lake\nday: 2026-03-01\ntags: []\n---\n\nCalm\n\n"
        "![](/journal/photos/x1/full/)\n\nBy ![the lake](/journal/photos/x1/thumb/).\n"
    )
    assert done(upload(alice_client, zip_of({"entries/lake.md": page}), "notes.zip"))
    assert Entry.objects.get(user=alice).body == "Calm\n\nBy the lake.\n"


def test_a_listed_tag_list_is_the_whole_list(alice_client, alice, bob_client, bob):
    entry = Entry.objects.create(user=alice, day=dt.date(2026, 3, 1), title="T", body="#realtag")
    assert not entry.tags.exists()  # as a Day One import leaves it
    assert done(upload(bob_client, export(alice_client, "markdown"), "notes.zip"))
    assert not Entry.objects.get(user=bob).tags.exists()
