"""/journal/waiting/<id>/contact/: a practical contact is kept on the history, never a reset."""

from __future__ import annotations

import pytest

from journal.models import LogisticsContact


def test_it_is_noted_and_resets_nothing(alice_client, alice, period):
    started_at = period.started_at
    day = alice.local_today().isoformat()
    response = alice_client.post(
        f"/journal/waiting/{period.pk}/contact/", {"day": day, "note": "Handed over the keys"}
    )
    assert response.url == f"/journal/waiting/{period.pk}/"
    contact = LogisticsContact.objects.get()
    assert (contact.period, contact.note) == (period, "Handed over the keys")
    period.refresh_from_db()
    assert period.started_at == started_at
    assert not period.resets.exists()
    html = alice_client.get(response.url).text
    assert "logistics contact — did not count" in html
    assert "Handed over the keys" in html


@pytest.mark.parametrize(
    ("day", "note"),
    [
        ("", "x"),
        ("9999-12-31", "x"),
        ("0001-01-01", "x"),
        ("2026-02-30", "x"),
        ("today", ""),
        ("today", "n" * 501),
        ("today", "keys\x00"),
    ],
)
def test_bad_input_changes_nothing(alice_client, alice, period, day, note):
    day = alice.local_today().isoformat() if day == "today" else day
    response = alice_client.post(
        f"/journal/waiting/{period.pk}/contact/", {"day": day, "note": note}
    )
    assert response.status_code == 200
    assert not LogisticsContact.objects.exists()


def test_it_checks_ownership(bob_client, bob, period):
    day = bob.local_today().isoformat()
    assert bob_client.get(f"/journal/waiting/{period.pk}/contact/").status_code == 404
    response = bob_client.post(f"/journal/waiting/{period.pk}/contact/", {"day": day, "note": "x"})
    assert response.status_code == 404
    assert not LogisticsContact.objects.exists()
