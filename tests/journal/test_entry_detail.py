from __future__ import annotations

import pytest

from tests.conftest import many_entries


def test_it_shows_the_entry(alice_client, entry):
    html = alice_client.get(f"/journal/{entry.pk}/").text
    assert "A long walk" in html
    assert "<em>calm</em>" in html
    assert "Jealousy" in html


def test_it_needs_login(visitor, entry):
    assert visitor.get(f"/journal/{entry.pk}/").url.startswith("/accounts/login/")


def test_it_checks_ownership(bob_client, entry):
    assert bob_client.get(f"/journal/{entry.pk}/").status_code == 404


def test_a_missing_entry_is_404(alice_client):
    assert alice_client.get("/journal/999999/").status_code == 404


@pytest.mark.parametrize("count", [1, 10_000])
def test_query_count_is_fixed(alice_client, alice, entry, count, django_assert_num_queries):
    many_entries(alice, count)
    for _ in range(2):
        # session, user, the entry with its change, its photos, its tags
        with django_assert_num_queries(6):  # with the keys that open their words
            assert alice_client.get(f"/journal/{entry.pk}/").status_code == 200


def test_the_entry_follows_every_change(alice_client, bob_client, entry, change):
    assert "A long walk" in alice_client.get(f"/journal/{entry.pk}/").text
    assert bob_client.get(f"/journal/{entry.pk}/").status_code == 404
    alice_client.post(
        f"/journal/{entry.pk}/edit/",
        {"day": "2026-11-01", "title": "A longer walk", "body": "", "mood": "", "focus": change.pk},
    )
    assert "A longer walk" in alice_client.get(f"/journal/{entry.pk}/").text
    alice_client.post(
        f"/journal/focus/{change.pk}/edit/",
        {"name": "Patience", "need_to_fix": "yes", "want_to_fix": "yes", "for_myself": "yes"},
    )
    assert ">Patience</a>" in alice_client.get(f"/journal/{entry.pk}/").text
    alice_client.post(f"/journal/{entry.pk}/delete/")
    assert alice_client.get(f"/journal/{entry.pk}/").status_code == 404
