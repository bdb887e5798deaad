"""Entries, changes and waiting periods are deleted through one confirmation: the same
page asks, a POST deletes, keeps the readiness timeline and says so."""

from __future__ import annotations

import pytest

from journal.models import Change, Entry, ReadinessSnapshot, WaitingPeriod

KINDS = [
    # (fixture, its delete URL's start, its model, where a delete lands, what is said)
    ("entry", "/journal/", Entry, "/journal/", "The entry is deleted."),
    (
        "change",
        "/journal/focus/",
        Change,
        "/journal/focus/",
        "The change is deleted. Its entries are still in your journal.",
    ),
    (
        "period",
        "/journal/waiting/",
        WaitingPeriod,
        "/journal/waiting/",
        "The waiting period is deleted.",
    ),
]


@pytest.mark.parametrize(("fixture", "prefix", "model", "landing", "done"), KINDS)
def test_it_asks_then_deletes(request, alice_client, alice, fixture, prefix, model, landing, done):
    record = request.getfixturevalue(fixture)
    url = f"{prefix}{record.pk}/delete/"
    page = alice_client.get(url)
    assert [t.name for t in page.templates][0] == "journal/confirm_delete.html"
    assert "be undone" in page.text
    assert model.objects.filter(pk=record.pk).exists()

    response = alice_client.post(url, follow=True)
    assert response.redirect_chain == [(landing, 302)]
    assert done in response.text
    assert not model.objects.filter(pk=record.pk).exists()
    assert ReadinessSnapshot.objects.filter(user=alice).exists()


@pytest.mark.parametrize(("fixture", "prefix", "model", "landing", "done"), KINDS)
def test_it_checks_ownership(request, bob_client, fixture, prefix, model, landing, done):
    record = request.getfixturevalue(fixture)
    url = f"{prefix}{record.pk}/delete/"
    assert bob_client.get(url).status_code == 404
    assert bob_client.post(url).status_code == 404
    assert model.objects.filter(pk=record.pk).exists()
