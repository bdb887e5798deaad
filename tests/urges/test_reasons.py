"""/urges/reasons/: add, edit, reorder and remove reasons to wait."""

from __future__ import annotations

import pytest

from journal.models import ReasonToWait
from reconnect.accounts.models import User
from tests.markup import page_html
from tests.records import find


def texts(user: User) -> list[str]:
    return list(ReasonToWait.objects.filter(user=user).values_list("text", flat=True))


def test_add_edit_reorder_delete(alice_client, alice):
    for text in ("First", "Second", "Third"):
        assert alice_client.post("/urges/reasons/", {"text": text}).status_code == 302
    assert texts(alice) == ["First", "Second", "Third"]
    third = find(ReasonToWait, text="Third")
    alice_client.post(f"/urges/reasons/{third.pk}/move/", {"direction": "up"})
    assert texts(alice) == ["First", "Third", "Second"]
    first = find(ReasonToWait, text="First")
    alice_client.post(f"/urges/reasons/{first.pk}/move/", {"direction": "up"})  # already top
    alice_client.post(f"/urges/reasons/{first.pk}/move/", {"direction": "down"})
    assert texts(alice) == ["Third", "First", "Second"]
    alice_client.post(f"/urges/reasons/{first.pk}/edit/", {"text": "The first, reworded"})
    alice_client.post(f"/urges/reasons/{third.pk}/delete/")
    assert texts(alice) == ["The first, reworded", "Second"]
    html = alice_client.get("/urges/reasons/").text
    assert "The first, reworded" in html


@pytest.mark.parametrize("text", ["", "   ", "r" * 301, "a\x00b"])
def test_bad_input_changes_nothing(alice_client, alice, reason, text):
    assert alice_client.post("/urges/reasons/", {"text": text}).status_code == 200
    assert alice_client.post(f"/urges/reasons/{reason.pk}/edit/", {"text": text}).status_code == 200
    assert texts(alice) == [reason.text]


def test_a_bad_direction_moves_nothing(alice_client, alice, reason):
    alice_client.post(f"/urges/reasons/{reason.pk}/move/", {"direction": "sideways"})
    assert texts(alice) == [reason.text]


def test_it_checks_ownership(alice_client, bob_client, alice, reason):
    assert bob_client.get(f"/urges/reasons/{reason.pk}/edit/").status_code == 404
    assert bob_client.post(f"/urges/reasons/{reason.pk}/edit/", {"text": "x"}).status_code == 404
    assert bob_client.post(f"/urges/reasons/{reason.pk}/delete/").status_code == 404
    response = bob_client.post(f"/urges/reasons/{reason.pk}/move/", {"direction": "up"})
    assert response.status_code == 404
    assert "data-reason=" in page_html(alice_client, "/urges/reasons/")
    assert "data-reason=" not in page_html(bob_client, "/urges/reasons/")
    assert texts(alice) == [reason.text]


@pytest.mark.parametrize("count", [1, 60])
def test_query_count_is_fixed(alice_client, alice, count, django_assert_num_queries):
    ReasonToWait.objects.bulk_create(
        ReasonToWait(user=alice, text=f"Reason {i}", order=i) for i in range(count)
    )
    with django_assert_num_queries(4):  # session, user, its keys, reasons
        assert alice_client.get("/urges/reasons/").status_code == 200
