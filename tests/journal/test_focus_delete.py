"""A change can be deleted after a confirmation; its entries keep their text, unlinked."""

from __future__ import annotations

import datetime as dt

import pytest

from journal.models import Change, Entry
from reconnect.accounts.models import User


@pytest.fixture
def change(alice: User) -> Change:
    change = Change.objects.create(user=alice, name="Jealousy", about_breakup=True)
    Entry.objects.create(
        user=alice, day=dt.date(2026, 11, 1), title="Noticed it", body="Felt it rise.", focus=change
    )
    return change


def test_it_asks_first(alice_client, change):
    html = alice_client.get(f"/journal/focus/{change.pk}/delete/").text
    assert "Delete this change?" in html
    assert "Its 1 entry stays in your journal" in html
    assert "archive it instead" in html
    assert Change.objects.filter(pk=change.pk).exists()


def test_it_deletes_and_keeps_the_entries(alice_client, change):
    response = alice_client.post(f"/journal/focus/{change.pk}/delete/")
    assert response.url == "/journal/focus/"
    assert not Change.objects.filter(pk=change.pk).exists()
    entry = Entry.objects.get()
    assert (entry.focus, entry.title, entry.body) == (None, "Noticed it", "Felt it rise.")


def test_the_edit_page_links_to_it(alice_client, change):
    assert (
        f'href="/journal/focus/{change.pk}/delete/"'
        in alice_client.get(f"/journal/focus/{change.pk}/edit/").text
    )


def test_it_checks_ownership(bob_client, change):
    assert bob_client.get(f"/journal/focus/{change.pk}/delete/").status_code == 404
    assert bob_client.post(f"/journal/focus/{change.pk}/delete/").status_code == 404
    assert Change.objects.filter(pk=change.pk).exists()


def test_a_missing_change_is_a_404(alice_client):
    assert alice_client.get("/journal/focus/999999/delete/").status_code == 404


def test_visitors_are_sent_to_log_in(visitor, change):
    assert visitor.get(f"/journal/focus/{change.pk}/delete/").url.startswith("/accounts/login/")


def test_deleting_a_reason_updates_the_readiness_timeline(alice_client, alice, change):
    Change.objects.filter(pk=change.pk).update(want_to_fix="no")
    alice_client.post("/readiness/", {"whose_side": "mine", "their_rough_patch": "none",
                                      "their_behaviour": "none"})  # fmt: skip
    assert alice.readiness_snapshots.first().state == "not_advised"
    alice_client.post(f"/journal/focus/{change.pk}/delete/")
    assert alice.readiness_snapshots.order_by("-at").first().state == "not_yet"
