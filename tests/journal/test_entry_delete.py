from __future__ import annotations

from journal.models import Entry


def test_get_asks_for_confirmation_and_deletes_nothing(alice_client, entry):
    response = alice_client.get(f"/journal/{entry.pk}/delete/")
    assert response.status_code == 200
    assert "be undone" in response.text
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_post_deletes(alice_client, entry):
    response = alice_client.post(f"/journal/{entry.pk}/delete/")
    assert response.url == "/journal/"
    assert not Entry.objects.filter(pk=entry.pk).exists()


def test_it_checks_ownership(bob_client, entry):
    assert bob_client.get(f"/journal/{entry.pk}/delete/").status_code == 404
    assert bob_client.post(f"/journal/{entry.pk}/delete/").status_code == 404
    assert Entry.objects.filter(pk=entry.pk).exists()
