"""/urges/drafts/: unsent drafts cool off for 72 hours, then ask once more."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from journal.models import Situation, Urge


def kept(urge: Urge) -> Urge:
    Urge.objects.filter(pk=urge.pk).update(outcome="kept_draft", draft="kept")
    urge.refresh_from_db()
    return urge


def test_a_cooling_draft_rests(alice_client, urge):
    kept(urge)
    html = alice_client.get("/urges/drafts/").text
    cooling = (urge.created + dt.timedelta(hours=72)).isoformat()
    assert f'data-cooling-until="{cooling}"' in html
    assert "I miss you. Can we talk?" in html
    assert "Resting until" in html
    assert "Do you still want to send this?" not in html
    for word in ("copy", "share", ">send"):
        assert word not in html.lower()


def test_after_72_hours_it_asks_and_can_let_go(alice_client, urge):
    kept(urge)
    with time_machine.travel(urge.created + dt.timedelta(hours=72, minutes=1)):
        html = alice_client.get("/urges/drafts/").text
        assert "Do you still want to send this?" in html
        alice_client.post(f"/urges/drafts/{urge.pk}/", {"decision": "let_go"})
    urge.refresh_from_db()
    assert urge.draft == "let_go"
    assert "I miss you" not in alice_client.get("/urges/drafts/").text


def test_keep_it_quiets_the_question(alice_client, urge):
    kept(urge)
    with time_machine.travel(urge.created + dt.timedelta(hours=80)):
        alice_client.post(f"/urges/drafts/{urge.pk}/", {"decision": "keep"})
        html = alice_client.get("/urges/drafts/").text
    urge.refresh_from_db()
    assert urge.draft == "kept" and urge.draft_kept_at is not None
    assert "You chose to keep this." in html


def test_no_decision_while_cooling_or_with_bad_input(alice_client, urge):
    kept(urge)
    alice_client.post(f"/urges/drafts/{urge.pk}/", {"decision": "let_go"})
    with time_machine.travel(urge.created + dt.timedelta(hours=73)):
        alice_client.post(f"/urges/drafts/{urge.pk}/", {"decision": "send"})
        alice_client.post(f"/urges/drafts/{urge.pk}/", {"decision": "let_go\x00"})
    urge.refresh_from_db()
    assert urge.draft == "kept"


def test_a_hard_stop_says_sending_is_not_an_option(alice_client, alice, urge):
    kept(urge)
    Situation.objects.create(user=alice, asked_no_contact=True)
    html = alice_client.get("/urges/drafts/").text
    assert "data-hard-stop" in html
    assert "Sending is not an option" in html
    assert "/advice/safety/" in html


def test_it_checks_ownership(bob_client, urge):
    kept(urge)
    assert "I miss you" not in bob_client.get("/urges/drafts/").text
    with time_machine.travel(urge.created + dt.timedelta(hours=73)):
        response = bob_client.post(f"/urges/drafts/{urge.pk}/", {"decision": "let_go"})
    assert response.status_code == 404
    urge.refresh_from_db()
    assert urge.draft == "kept"


@pytest.mark.parametrize("count", [1, 60])
def test_query_count_is_fixed(alice_client, alice, count, django_assert_num_queries):
    now = timezone.now()
    Urge.objects.bulk_create(
        Urge(user=alice, message=f"Draft {i}", triggers=",date,", intensity=5,
             created=now - dt.timedelta(hours=i), pause_until=now, draft="kept")
        for i in range(count)
    )  # fmt: skip
    with django_assert_num_queries(5):  # session, user, situation, drafts, let-go count
        assert alice_client.get("/urges/drafts/").status_code == 200
