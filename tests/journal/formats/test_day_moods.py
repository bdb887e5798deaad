"""The moods tapped on the home and the quick tags in this app's JSON: out, back in once,
and every bad record refused with its reason."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from journal.models import DayMood, Entry, QuickTag
from reconnect.accounts.models import User
from reconnect.lib import limits
from tests.journal.importing import done

from .conftest import body, upload


@pytest.fixture
def moods(alice: User) -> None:
    slept = QuickTag.objects.create(user=alice, name="slept badly")
    QuickTag.objects.create(user=alice, name="Saw friends")
    DayMood.objects.create(user=alice, day=dt.date(2026, 11, 2), mood=4)
    day = DayMood.objects.create(user=alice, day=dt.date(2026, 11, 1), mood=None)
    day.quick_tags.set([slept])


def test_json_has_the_moods_and_quick_tags(alice_client, bob, moods):
    DayMood.objects.create(user=bob, day=dt.date(2026, 11, 1), mood=1)
    QuickTag.objects.create(user=bob, name="Bob's own")
    data = json.loads(body(alice_client.get("/journal/export/json/")))
    assert data["quick_tags"] == ["Saw friends", "slept badly"]
    assert data["day_moods"] == [
        {"day": "2026-11-01", "mood": None, "quick_tags": ["slept badly"]},
        {"day": "2026-11-02", "mood": 4, "quick_tags": []},
    ]
    assert "Bob" not in json.dumps(data)


def test_the_archive_holds_them_too(alice_client, moods):
    import io
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(body(alice_client.get("/journal/export/archive/"))))
    data = json.loads(archive.read("reconnect.json"))
    assert [d["day"] for d in data["day_moods"]] == ["2026-11-01", "2026-11-02"]


def test_they_round_trip_once(alice_client, bob_client, alice, bob, moods):
    exported = b"".join(alice_client.get("/journal/export/json/").streaming_content)

    def snapshot(user: User) -> list[tuple[object, ...]]:
        return sorted(
            (d.day, d.mood, tuple(sorted(t.name for t in d.quick_tags.all())))
            for d in DayMood.objects.filter(user=user)
        )

    for _ in range(2):  # the second import adds nothing
        assert done(upload(bob_client, exported))
        assert snapshot(bob) == snapshot(alice)
        assert sorted(t.name for t in QuickTag.objects.filter(user=bob)) == [
            "Saw friends",
            "slept badly",
        ]


def test_a_day_here_keeps_its_own_mood_and_names_match_in_any_case(bob_client, bob):
    mine = QuickTag.objects.create(user=bob, name="SLEPT BADLY")
    DayMood.objects.create(user=bob, day=dt.date(2026, 11, 2), mood=1)
    document = {
        "schema": "reconnect/1",
        "entries": [],
        "quick_tags": ["slept badly"],
        "day_moods": [
            {"day": "2026-11-02", "mood": 5, "quick_tags": []},
            {"day": "2026-11-03", "mood": 3, "quick_tags": ["Slept Badly"]},
        ],
    }
    assert done(upload(bob_client, document))
    assert DayMood.objects.get(user=bob, day=dt.date(2026, 11, 2)).mood == 1
    assert list(DayMood.objects.get(day=dt.date(2026, 11, 3)).quick_tags.all()) == [mine]
    assert QuickTag.objects.filter(user=bob).count() == 1


def own(**parts: object) -> dict[str, object]:
    return {"schema": "reconnect/1", "entries": [{"day": "2026-01-01", "title": "t"}], **parts}


DAY = {"day": "2026-11-02", "mood": 3, "quick_tags": []}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (own(day_moods=[{**DAY, "mood": 0}]), "Mood of day 1: the mood must be a whole number"),
        (own(day_moods=[{**DAY, "mood": 6}]), "Mood of day 1: the mood must be a whole number"),
        (own(day_moods=[{**DAY, "mood": "3"}]), "Mood of day 1: the mood must be a whole number"),
        (own(day_moods=[{**DAY, "mood": True}]), "Mood of day 1: the mood must be a whole number"),
        (own(day_moods=[{**DAY, "mood": 3.5}]), "Mood of day 1: the mood must be a whole number"),
        (own(day_moods=[{**DAY, "day": "soon"}]), "Mood of day 1: the date"),
        (own(day_moods=[{**DAY, "day": "0001-01-01"}]), "Mood of day 1: That date is too long ago"),
        (own(day_moods=[{**DAY, "day": "9999-12-31"}]), "Mood of day 1: That day is in the future"),
        (own(day_moods=[DAY, DAY]), "Mood of day 2: that day is in the file twice."),
        (own(day_moods=[{**DAY, "quick_tags": ["nope"]}]), "its quick tags should be names"),
        (own(day_moods=[{**DAY, "quick_tags": "x"}]), "its quick tags should be names"),
        (own(day_moods=5), "&#x27;day_moods&#x27; should be a list of objects."),
        (own(quick_tags="x"), "&#x27;quick_tags&#x27; should be a list of names."),
        (own(quick_tags=[" "]), "Quick tag 1 is empty."),
        (own(quick_tags=["x" * 41]), "Quick tag 1: longer than 40 characters."),
        (own(quick_tags=["a\x00b"]), "Quick tag 1: the name: it holds a character"),
        (own(quick_tags=[f"t{n}" for n in range(21)]), "The file has 21 quick tags; there is"),
        (own(day_moods=[DAY] * (limits.IMPORT_MAX_ENTRIES + 1)), "up to 10,000 can be imported"),
    ],
)
def test_bad_records_are_refused_and_nothing_is_imported(alice_client, alice, content, message):
    response = upload(alice_client, content)
    assert message in response.text
    assert "Nothing was imported" in response.text
    assert not DayMood.objects.exists() and not QuickTag.objects.exists()
    assert not Entry.objects.exists()


def test_quick_tags_beyond_the_room_left_import_nothing(bob_client, bob):
    for n in range(limits.QUICK_TAGS_MAX - 1):
        QuickTag.objects.create(user=bob, name=f"mine {n}")
    response = upload(bob_client, own(quick_tags=["one", "two"], day_moods=[DAY]))
    assert "more than 20: remove some first" in response.text
    assert QuickTag.objects.filter(user=bob).count() == limits.QUICK_TAGS_MAX - 1
    assert not DayMood.objects.exists() and not Entry.objects.exists()


def test_an_export_without_moods_still_imports(alice_client, alice):
    assert done(upload(alice_client, own()))
    assert Entry.objects.filter(user=alice).count() == 1
    assert not DayMood.objects.exists()
