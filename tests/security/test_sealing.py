"""Sealing, unit by unit: keys, sealed values, the keyed search index, and what a value
that will not open looks like."""

from __future__ import annotations

import logging

import pytest
from django.core.exceptions import FieldError
from django.db import connection, transaction

from journal.models import Change, Entry, Situation, Tag
from reconnect.lib import sealing
from reconnect.lib.datakeys import DataKeyError, key_id, new_data_key, parse_data_keys
from tests.journal.writing import post_entry


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - names are the test's own
        value: str = cursor.fetchone()[0]
    return value


@pytest.mark.parametrize(
    "text",
    ["short", "a" * 43 + "!", "a" * 44, "", "a" * 43 + ",b"],
    ids=["short", "not-base64", "too-long", "empty-ok", "second-bad"],
)
def test_a_malformed_key_names_the_variable(text):
    if text == "":
        assert parse_data_keys(text) == []
        return
    with pytest.raises(DataKeyError, match="DJANGO_DATA_KEYS: key"):
        parse_data_keys(text)


def test_keys_are_read_newest_first_by_comma_or_line():
    first, second = new_data_key(), new_data_key()
    assert parse_data_keys(f"{first},\n{second}\n") == [
        *parse_data_keys(first),
        *parse_data_keys(second),
    ]


def test_a_wrapped_key_opens_with_any_key_in_the_list_and_says_which(settings):
    old, new = (parse_data_keys(new_data_key())[0] for _ in range(2))
    settings.DATA_KEYS = [old]
    wrapped = sealing.wrap(b"k" * 32)
    assert wrapped.startswith(key_id(old) + "$")
    settings.DATA_KEYS = [new, old]
    assert sealing.unwrap(wrapped) == b"k" * 32
    settings.DATA_KEYS = [new]
    with pytest.raises(DataKeyError, match=key_id(old)):
        sealing.unwrap(wrapped)


def test_what_a_person_writes_is_stored_sealed_and_read_back(alice_client, alice):
    post_entry(alice_client, title="Zoë by the lake", body="We walked. #outside")
    entry = Entry.objects.get()
    assert entry.title == "Zoë by the lake"
    stored = raw("journal_entry", "title", entry.pk)
    assert stored.startswith(f"$s1${alice.pk}$")
    assert "lake" not in raw("journal_entry", "body_html", entry.pk)
    assert "outside" not in raw("journal_tag", "name", Tag.objects.get().pk)
    assert "zoe" not in raw("journal_entry", "search_index", entry.pk)


def test_sealing_the_same_words_twice_gives_two_different_values(alice):
    assert sealing.seal(alice.pk, "same") != sealing.seal(alice.pk, "same")


def test_yes_and_no_look_alike_when_sealed(alice, bob):
    yes = Situation.objects.create(user=alice, safety_concern=True)
    no = Situation.objects.create(user=bob, safety_concern=False)
    stored = [raw("journal_situation", "safety_concern", s.pk) for s in (yes, no)]
    assert len(stored[0]) == len(stored[1])
    assert Situation.objects.get(user=alice).safety_concern is True
    assert Situation.objects.get(user=bob).safety_concern is False


@pytest.mark.parametrize("query", ["zoe", "ZOË", "Zo", "lak", "walk lake"])
def test_search_is_blind_to_accents_and_case_and_finds_word_beginnings(alice_client, query):
    post_entry(alice_client, title="Zoë by the lake", body="We walked.")
    post_entry(alice_client, title="Another day", body="Nothing much.")
    html = alice_client.get("/journal/", {"q": query}).text
    expected = 0 if query == "Zo" else 1  # two letters find whole words only
    assert html.count("data-entry=") == expected


def test_search_finds_only_its_owners_entries(alice_client, bob_client):
    post_entry(bob_client, title="Zoë", body="")
    assert alice_client.get("/journal/", {"q": "zoe"}).text.count("data-entry=") == 0
    assert bob_client.get("/journal/", {"q": "zoe"}).text.count("data-entry=") == 1


def test_the_tag_filter_reads_the_keyed_name(alice_client):
    post_entry(alice_client, title="One", body="#Running")
    post_entry(alice_client, title="Two", body="")
    html = alice_client.get("/journal/", {"tag": "running"}).text
    assert html.count("data-entry=") == 1


def test_a_change_name_is_unique_whatever_its_case(alice_client):
    data = {"need_to_fix": "yes", "want_to_fix": "yes", "for_myself": "yes", "notes": ""}
    alice_client.post("/journal/focus/new/", {**data, "name": "Patience"})
    response = alice_client.post("/journal/focus/new/", {**data, "name": "PATIENCE"})
    assert "You already have a change with that name." in response.text
    assert Change.objects.count() == 1


def test_the_database_is_never_asked_to_compare_sealed_words(alice):
    with pytest.raises(FieldError, match="is sealed"):
        list(Entry.objects.filter(title="x"))
    contains = {"body__icontains": "x"}
    with pytest.raises(FieldError, match="is sealed"):
        list(Entry.objects.filter(**contains))
    assert list(Entry.objects.filter(body="")) == []  # blank or not is the one question


def test_writing_plain_words_past_save_is_refused(alice_client):
    post_entry(alice_client, title="Kept", body="")
    with pytest.raises(ValueError, match="is sealed"), transaction.atomic():
        Entry.objects.update(title="plain")
    assert Entry.objects.get().title == "Kept"


def test_an_entry_that_will_not_open_says_so_and_logs_its_id_not_its_words(
    alice_client, alice, caplog
):
    post_entry(alice_client, title="Private words", body="More private words")
    entry = Entry.objects.get()
    with connection.cursor() as cursor:  # someone else's sealed value, put in its place
        stranger = sealing.seal(alice.pk, "x").replace(f"$s1${alice.pk}$", "$s1$0$")
        cursor.execute("UPDATE journal_entry SET title = %s WHERE id = %s", [stranger, entry.pk])
    sealing.forget()
    with caplog.at_level(logging.WARNING):
        detail = alice_client.get(f"/journal/{entry.pk}/")
        listing = alice_client.get("/journal/")
    assert detail.status_code == listing.status_code == 200
    assert "This entry could not be opened." in detail.text
    assert "This entry could not be opened." in listing.text
    assert "More private words" in detail.text  # what does open still reads
    assert f"journal.Entry {entry.pk}: title did not open" in caplog.text
    assert "Private" not in caplog.text


def test_keys_are_forgotten_when_a_request_ends(alice_client, alice):
    post_entry(alice_client, title="Mine", body="")
    alice_client.get("/journal/")
    assert sealing.keyring()._keys == {}
