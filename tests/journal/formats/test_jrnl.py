"""jrnl both ways: its JSON export in, its journal file out, and a round trip through
the real jrnl (installed into a throwaway virtualenv) that adds and changes nothing."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from journal.formats import jrnl
from journal.models import Change, Entry, Tag, file_under_tags
from reconnect.accounts.models import User
from tests.journal.importing import done

from .conftest import export, jpeg, upload

FIXTURES = Path(__file__).parents[1] / "fixtures"

JRNL = {
    "tags": {"@work": 1},
    "entries": [
        {"date": "2026-10-01", "time": "09:00", "title": "Ran in the park.", "body": "Felt good.",
         "tags": ["@run"], "starred": False},
        {"date": "2026-10-02", "time": "21:30", "title": "Quiet day", "body": "",
         "tags": [], "starred": True},
    ],
}  # fmt: skip


JRNL_46 = {
    "tags": {"@work": 1, "@run": 1},
    "entries": [
        {"title": "Ran with @run friends.", "body": "Talked about @work.\n", "date": "2026-10-01",
         "time": "07:05", "tags": ["@run", "@work"], "starred": True},
        {"title": "Quiet.", "body": "", "date": "2026-10-02", "time": "22:40", "tags": [],
         "starred": False},
    ],
}  # fmt: skip


def test_jrnl_import(alice_client, alice):
    assert "No entries yet" in alice_client.get("/journal/").text  # now cached
    response = upload(alice_client, JRNL)
    assert done(response)
    entries = list(Entry.objects.filter(user=alice).order_by("day"))
    assert [(e.day, e.title) for e in entries] == [
        (dt.date(2026, 10, 1), "Ran in the park."),
        (dt.date(2026, 10, 2), "Quiet day"),
    ]
    # Tags stay tags, never text added to the body; times and stars are kept.
    assert entries[0].body == "Felt good."
    assert [t.name for t in entries[0].tags.all()] == ["run"]
    assert entries[0].time == dt.time(9, 0) and not entries[0].starred
    assert entries[1].time == dt.time(21, 30) and entries[1].starred
    assert "Imported 2 entries. 0 were already here." in response.text
    html = alice_client.get("/journal/").text
    assert "Ran in the park." in html and "No entries yet" not in html


def test_importing_twice_adds_nothing(alice_client, alice):
    upload(alice_client, JRNL)
    response = upload(alice_client, JRNL)
    assert done(response)
    assert Entry.objects.filter(user=alice).count() == 2
    assert "Imported 0 entries. 2 were already here." in response.text


def test_jrnl_tags_are_tags_once_and_times_and_stars_are_kept(alice_client, alice):
    upload(alice_client, JRNL_46)
    first, second = Entry.objects.order_by("day")
    assert first.title == "Ran with @run friends." and first.body == "Talked about @work."
    assert sorted(t.name for t in first.tags.all()) == ["run", "work"]
    assert (first.time, first.starred) == (dt.time(7, 5), True)
    assert (second.time, second.starred) == (dt.time(22, 40), False)
    assert Tag.objects.filter(user=alice).count() == 2


def test_a_real_jrnl_export_arrives_whole(alice_client, alice):
    assert done(upload(alice_client, (FIXTURES / "jrnl-4.6.json").read_bytes(), "j.json"))
    entries = list(Entry.objects.order_by("day"))
    assert [(e.day, e.time, e.starred) for e in entries] == [
        (dt.date(2026, 10, 1), dt.time(7, 5), False),
        (dt.date(2026, 10, 2), dt.time(22, 40), True),
        (dt.date(2026, 10, 3), dt.time(12, 0), False),
    ]
    assert [sorted(t.name for t in e.tags.all()) for e in entries] == [
        ["run", "work"],
        [],
        ["no-contact"],
    ]
    assert "Tags:" not in "".join(e.body for e in entries)
    assert "zoe" in alice_client.get("/journal/?q=zoe").text.lower()


def test_the_jrnl_export_is_what_jrnl_itself_writes(alice_client):
    upload(alice_client, (FIXTURES / "jrnl-4.6.json").read_bytes(), "j.json")
    assert export(alice_client, "jrnl").decode() == (FIXTURES / "jrnl-4.6.txt").read_text()


def test_the_jrnl_export_adds_tags_not_in_the_text(alice_client, alice):
    alice_client.post(
        "/journal/new/",
        {
            "day": "2026-03-01",
            "time": "",
            "title": "Walk",
            "body": "By the lake.",
            "tags": "no contact",
        },
    )
    text = export(alice_client, "jrnl").decode()
    # No time: midnight, read back as no time; a space in a tag as _, marked so; the
    # line ends with a WORD JOINER, the app's mark.
    assert text == "[2026-03-01 12:00:00 AM] Walk\nBy the lake.\n\n@no_contact\u200c\u2060\n"


@pytest.mark.parametrize(
    ("name", "token"),
    [
        ("self_care", "@self_care"),
        ("rock+roll", "@rock+roll"),
        ("a/b", "@a/b"),
        ("Zoë", "@Zoë"),
        ("no contact", "@no_contact\u200c"),
        ("rock&roll", "@rock%26roll"),
    ],
)
def test_a_tag_jrnl_can_hold_is_written_as_jrnl_reads_it(name, token):
    assert jrnl.encode_tag(name) == token
    assert jrnl.decode_tag(token) == name
    if "%" not in token:
        assert jrnl.jrnl_tags(token) == [token.strip("@\u200c").replace("\u200c", "")]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("@rock+roll and @a/b", ["rock+roll", "a/b"]),
        ("@self_care.", ["self_care"]),
        ("mail@example.org #1 ##", ["1", "#"]),
        ("(@not) @Anna @anna", ["Anna"]),
    ],
)
def test_tags_are_what_jrnls_own_pattern_finds(text, found):
    assert jrnl.jrnl_tags(text) == found


@pytest.mark.parametrize(
    ("body", "written"),
    [
        ("[ ] call mum\n[x] wash up", "[ ] call mum\n[x] wash up"),
        ("[the list](https://example.org) too", "[the list](https://example.org) too"),
        ("[2026-03-04 10:00:00 AM] a date", "\\[2026-03-04 10:00:00 AM] a date"),
        ("\\[tomorrow] stays", "\\\\[tomorrow] stays"),
    ],
)
def test_only_lines_jrnl_would_take_for_a_date_get_a_backslash(body, written):
    entry = Entry(title="t", body=body)
    assert jrnl._body_with_tags(entry, []) == written
    assert jrnl._unescape_lines(written) == body


# Unit: what the writer words around, the reader undoes exactly


@given(st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30))
def test_any_tag_is_one_jrnl_word_and_comes_back(name):
    token = jrnl.encode_tag(name)
    assert len(token.split()) == 1 and token.startswith("@")
    assert jrnl.decode_tag(token) == name


@pytest.mark.parametrize(
    "title",
    ["Wow*", "*Big* day", "**", "a*\\", "\\*x", "plain", "ends with \\", "Ran. Then", "x*\u2060"],
)
@pytest.mark.parametrize("starred", [False, True])
def test_titles_jrnl_would_misread_are_worded_around(title, starred):
    entry = Entry(title=title, body="", starred=starred)
    written = jrnl._title(entry)
    assert "\\" not in written.replace(title, "")  # no backslash jrnl would show
    assert jrnl._unescape_title(written, starred) == title


# The real jrnl

JRNL_CONFIG = """\
colors: {body: none, date: none, tags: none, title: none}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: true
indent_character: '|'
journals:
  default:
    journal: %(journal)s
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%%F %%r'
version: v4.6
"""


@pytest.fixture(scope="session")
def real_jrnl() -> Path:
    """jrnl 4.x in a virtualenv of its own, made once per machine and reused."""
    home = Path(tempfile.gettempdir()) / "reconnect-test-jrnl-4"
    binary = home / "bin" / "jrnl"
    if not binary.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(home)], check=True, timeout=120)
            subprocess.run(
                [str(home / "bin" / "pip"), "install", "-q", "jrnl>=4.6,<5"],
                check=True, timeout=600, capture_output=True,
            )  # fmt: skip
        except (subprocess.SubprocessError, OSError) as error:
            if os.environ.get("REQUIRE_JRNL"):
                pytest.fail(f"jrnl could not be installed: {error}")
            pytest.skip(f"jrnl could not be installed here: {error}")
    return binary


def jrnl_run(binary: Path, work: Path, journal: bytes, *commands: list[str]) -> bytes:
    """Run jrnl with a fresh config whose journal file holds `journal`; the last output."""
    (work / "cfg" / "jrnl").mkdir(parents=True)
    (work / "cfg" / "jrnl" / "jrnl.yaml").write_text(
        JRNL_CONFIG % {"journal": work / "journal.txt"}
    )
    (work / "journal.txt").write_bytes(journal)
    env = {**os.environ, "XDG_CONFIG_HOME": str(work / "cfg"), "XDG_DATA_HOME": str(work)}
    for args in commands:
        done = subprocess.run(
            [str(binary), *args], cwd=work, env=env, capture_output=True, timeout=120,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    return done.stdout


def through_jrnl(binary: Path, journal_file: bytes, work: Path) -> bytes:
    """Import a journal file into a fresh jrnl and return `jrnl --export json`."""
    (work / "in.txt").write_bytes(journal_file)
    imported = ["--import", "--file", str(work / "in.txt")]
    return jrnl_run(binary, work, b"", imported, ["--export", "json"])


def read_by_jrnl(binary: Path, journal_file: bytes, work: Path) -> bytes:
    """`jrnl --export json` of a journal file jrnl reads as its own (`--import` would
    fold two identical entries into one; its journal file keeps both)."""
    return jrnl_run(binary, work, journal_file, ["--export", "json"])


@pytest.fixture
def journal_jrnl_misreads(alice: User, alice_client: Client) -> Change:
    """Entries with everything jrnl would misread, and what it cannot hold."""
    change = Change.objects.create(user=alice, name="Jealousy")
    rows = [
        ("2026-03-01", None, "Wow*", "A title ending in a star.", False, ["no contact"]),
        ("2026-03-01", dt.time(0, 0), "Midnight", "", False, []),
        ("2026-03-02", dt.time(21, 5), "*Big* day", "Starred, and starts with one.", True, []),
        ("2026-03-03", dt.time(7, 30), "Lines",
         "[2026-03-04 10:00:00 AM] looks like a new entry\n\\[x] and an escaped one\n"
         "@home", False, ["rock & roll", "home", "under_score", "Work"]),
        ("2026-03-04", dt.time(12, 0), "Ran. Then rested", "", False, ["100%"]),
        ("2026-03-05", dt.time(9, 15), "With #inline tag", "and @written ones", False, []),
    ]  # fmt: skip
    for day, at, title, body, starred, tags in rows:
        entry = Entry.objects.create(
            user=alice, day=dt.date.fromisoformat(day), time=at, title=title, body=body,
            starred=starred, mood=3, focus=change,
        )  # fmt: skip
        file_under_tags(entry, tags)
    alice_client.post(
        "/journal/new/",
        {"day": "2026-03-06", "title": "A photo", "photos": [SimpleUploadedFile("a.jpg", jpeg())]},
    )
    return change


def fields(user: User) -> list[tuple[object, ...]]:
    return sorted(
        (
            (e.day, e.time, e.title, e.body, e.starred, tuple(sorted(t.name for t in e.tags.all())))
            for e in Entry.objects.filter(user=user).prefetch_related("tags")
        ),
        key=lambda row: (row[0], row[2]),
    )


def test_the_app_then_real_jrnl_then_the_app_adds_and_changes_nothing(
    real_jrnl, tmp_path, alice_client, bob_client, alice, bob, journal_jrnl_misreads
):
    before = fields(alice)
    stamps = sorted(Entry.objects.filter(user=alice).values_list("pk", "updated"))
    from_jrnl = through_jrnl(real_jrnl, export(alice_client, "jrnl"), tmp_path)
    assert len(json.loads(from_jrnl)["entries"]) == 7
    response = upload(alice_client, from_jrnl, "jrnl.json")
    assert done(response)
    assert "Imported 0 entries. 7 were already here." in response.text
    assert fields(alice) == before
    assert sorted(Entry.objects.filter(user=alice).values_list("pk", "updated")) == stamps
    # Into another account: the same days, times, titles, text, stars and tags.
    assert done(upload(bob_client, from_jrnl, "jrnl.json"))
    theirs = fields(bob)
    # jrnl needs a time: midnight is how an entry without one goes, and reads back as none.
    assert theirs == [(row[0], None, *row[2:]) if row[2] == "Midnight" else row for row in before]


def sorted_tags(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """jrnl's entries with each one's tags in order (jrnl lists them from a set)."""
    return [{**entry, "tags": sorted(entry["tags"])} for entry in entries]


def test_a_real_jrnl_journal_goes_to_the_app_and_back_unchanged(
    real_jrnl, tmp_path, alice_client, alice
):
    journal = (FIXTURES / "jrnl-4.6-tags.txt").read_bytes()
    before = json.loads(read_by_jrnl(real_jrnl, journal, tmp_path / "in"))
    assert len(before["entries"]) == 5
    assert done(upload(alice_client, json.dumps(before).encode(), "jrnl.json"))
    # Tags as jrnl reads them, the last paragraph of tags still text, both walks kept.
    entries = list(Entry.objects.filter(user=alice).order_by("day", "pk"))
    assert len(entries) == 5
    assert {e.title: sorted(t.name for t in e.tags.all()) for e in entries} == {
        "Slept early.": ["self_care", "sleep"],
        "Music night.": ["a/b", "rock+roll"],
        "Called my sister.": ["Anna"],
        "Walked.": [],
    }
    assert entries[0].body == "Read a little first.\n\n@sleep @self_care"
    assert entries[2].body == "@Anna"
    written = export(alice_client, "jrnl").decode()
    assert "\\[" not in written and "%5F" not in written and "\u2060" not in written
    after = json.loads(read_by_jrnl(real_jrnl, written.encode(), tmp_path / "out"))
    assert sorted_tags(after["entries"]) == sorted_tags(before["entries"])
    assert after["tags"] == before["tags"]


def test_tags_typed_in_the_app_go_to_real_jrnl_as_jrnl_reads_them(
    real_jrnl, tmp_path, alice_client, alice, bob_client, bob
):
    entry = Entry.objects.create(user=alice, day=dt.date(2026, 3, 1), title="Tea", body="Calm.")
    file_under_tags(entry, ["self_care", "rock+roll", "no contact", "Zoë"])
    from_jrnl = json.loads(read_by_jrnl(real_jrnl, export(alice_client, "jrnl"), tmp_path))
    assert sorted(from_jrnl["entries"][0]["tags"]) == [
        "@no_contact", "@rock+roll", "@self_care", "@zoë"
    ]  # fmt: skip
    assert done(upload(bob_client, json.dumps(from_jrnl).encode(), "jrnl.json"))
    theirs = Entry.objects.get(user=bob)
    assert (theirs.title, theirs.body) == ("Tea", "Calm.")
    assert {t.name for t in theirs.tags.all()} == {"no contact", "rock+roll", "self_care", "Zoë"}
