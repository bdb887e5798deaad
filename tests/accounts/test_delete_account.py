from __future__ import annotations

from reconnect.models import User
from tests.conftest import PASSWORD


def test_it_asks_for_the_password(alice_client):
    response = alice_client.get("/accounts/delete/")
    assert response.status_code == 200
    assert 'name="password"' in response.text


def test_a_wrong_password_deletes_nothing(alice_client, alice):
    response = alice_client.post("/accounts/delete/", {"password": "wrong"})
    assert response.status_code == 200
    assert "Nothing was deleted" in response.text
    assert User.objects.filter(pk=alice.pk).exists()


def test_it_deletes_the_account_and_signs_out(alice_client, alice, bob):
    response = alice_client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()
    assert User.objects.filter(pk=bob.pk).exists()
    assert alice_client.get("/dashboard/").status_code == 302
