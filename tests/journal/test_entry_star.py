"""Starring an entry, from the list and from its page."""

from __future__ import annotations


def test_star_and_unstar_from_the_list_and_the_page(alice_client, alice, entry):
    response = alice_client.post(
        f"/journal/{entry.pk}/star/", {"starred": "1", "next": "/journal/?page=1"}
    )
    assert response.url == "/journal/?page=1"
    entry.refresh_from_db()
    assert entry.starred
    assert 'data-starred="1"' in alice_client.get("/journal/").text
    response = alice_client.post(
        f"/journal/{entry.pk}/star/", {"starred": "0", "next": "https://elsewhere.example/"}
    )
    assert response.url == f"/journal/{entry.pk}/"
    entry.refresh_from_db()
    assert not entry.starred
    assert alice_client.get(f"/journal/{entry.pk}/star/").status_code == 405


def test_someone_elses_entry_cannot_be_starred(bob_client, entry):
    assert bob_client.post(f"/journal/{entry.pk}/star/", {"starred": "1"}).status_code == 404
    entry.refresh_from_db()
    assert not entry.starred
