"""An urge being written is kept among the drafts as the page is left."""

from __future__ import annotations

from journal.models import Urge
from reconnect.lib import limits

URL = "/urges/new/draft/"


def test_its_words_wait_among_the_drafts(alice_client, alice):
    data = {"message": "I miss you", "triggers": ["memory"], "intensity": "7"}
    assert alice_client.post(URL, data).status_code == 204
    urge = Urge.objects.get(user=alice)
    assert urge.message == "I miss you"
    assert urge.draft == Urge.Draft.KEPT
    assert urge.outcome == Urge.Outcome.KEPT_DRAFT
    assert urge.trigger_keys == ["memory"] and urge.intensity == 7
    assert "I miss you" in alice_client.get("/urges/drafts/").text


def test_without_words_nothing_is_recorded(alice_client, alice):
    assert alice_client.post(URL, {"message": "  ", "intensity": "3"}).status_code == 204
    assert not Urge.objects.exists()


def test_bad_input_is_refused_and_nothing_kept(alice_client, alice):
    assert alice_client.post(URL, {"message": "hi", "intensity": "11"}).status_code == 400
    data = {"message": "x" * (limits.DRAFT_MAX_BYTES + 1)}
    assert alice_client.post(URL, data).status_code == 413
    assert not Urge.objects.exists()


def test_it_needs_a_person_a_post_and_the_token(visitor, alice_client, csrf_client):
    assert visitor.post(URL, {"message": "hi"}).status_code == 302
    assert alice_client.get(URL).status_code == 405
    assert csrf_client.post(URL, {"message": "hi"}).status_code == 403
    assert not Urge.objects.exists()


def test_the_form_is_marked_for_drafts(alice_client):
    assert f'data-draft="{URL}"' in alice_client.get("/urges/new/").text
