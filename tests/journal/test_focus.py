from __future__ import annotations

import pytest

from journal.models import Change, Entry

VALID = {
    "name": "Listening",
    "about_breakup": "on",
    "need_to_fix": "yes",
    "want_to_fix": "unsure",
    "for_myself": "yes",
    "notes": "",
}


def test_the_list_needs_login(visitor):
    assert visitor.get("/journal/focus/").url.startswith("/accounts/login/")


def test_the_list_shows_answers_and_entry_counts(alice_client, alice, change, bob):
    Entry.objects.create(user=alice, day="2026-11-01", title="a", focus=change)
    Entry.objects.create(user=alice, day="2026-11-02", title="b", focus=change)
    Change.objects.create(user=bob, name="Bob's private change")
    html = alice_client.get("/journal/focus/").text
    assert f'data-focus="{change.pk}"' in html
    assert f'href="/journal/?focus={change.pk}">2</a>' in html
    assert "Bob&#x27;s private change" not in html


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_has_a_fixed_query_count(alice_client, alice, count, django_assert_num_queries):
    Change.objects.bulk_create(Change(user=alice, name=f"Area {i}") for i in range(count))
    with django_assert_num_queries(4):  # with the keys that open their words
        alice_client.get("/journal/focus/")


def test_it_creates_a_change(alice_client, alice):
    response = alice_client.post("/journal/focus/new/", VALID)
    assert response.url == "/journal/focus/"
    change = Change.objects.get()
    assert (change.user, change.about_breakup, change.need_to_fix, change.want_to_fix) == (
        alice,
        True,
        "yes",
        "unsure",
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required"),
        ("name", "x" * 101, "at most 100 characters"),
        ("need_to_fix", "maybe", "Select a valid choice"),
        ("for_myself", "", "This field is required"),
    ],
)
def test_bad_input_is_refused(alice_client, field, value, message):
    response = alice_client.post("/journal/focus/new/", {**VALID, field: value})
    assert response.status_code == 200
    assert message in response.text
    assert not Change.objects.exists()


def test_a_duplicate_name_is_refused(alice_client, change):
    response = alice_client.post("/journal/focus/new/", {**VALID, "name": "jealousy"})
    assert "already have a change with that name" in response.text
    assert Change.objects.count() == 1


def test_another_user_may_use_the_same_name(bob_client, change):
    bob_client.post("/journal/focus/new/", {**VALID, "name": "Jealousy"})
    assert Change.objects.count() == 2


def test_it_edits_and_archives(alice_client, change):
    response = alice_client.post(
        f"/journal/focus/{change.pk}/edit/", {**VALID, "name": "Jealousy", "archived": "on"}
    )
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.archived
    assert change.need_to_fix == "yes"


def test_edit_checks_ownership(bob_client, change):
    assert bob_client.get(f"/journal/focus/{change.pk}/edit/").status_code == 404
    assert bob_client.post(f"/journal/focus/{change.pk}/edit/", VALID).status_code == 404
    change.refresh_from_db()
    assert change.name == "Jealousy"
