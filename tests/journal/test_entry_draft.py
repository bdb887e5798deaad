"""A new entry kept as a draft as the page is left, and put back into the new-entry form."""

from __future__ import annotations

from journal.models import Entry, EntryDraft
from reconnect.lib import limits

URL = "/journal/new/draft/"


def test_it_keeps_the_words_and_answers_at_once(alice_client, alice):
    response = alice_client.post(URL, {"title": "Tuesday", "body": "I walked to the sea."})
    assert response.status_code == 204
    draft = EntryDraft.objects.get(user=alice)
    assert (draft.title, draft.body) == ("Tuesday", "I walked to the sea.")
    assert not Entry.objects.filter(user=alice).exists()


def test_one_draft_a_person_the_newest_wins(alice_client, alice):
    alice_client.post(URL, {"title": "First", "body": ""})
    alice_client.post(URL, {"title": "Second", "body": "more"})
    assert list(EntryDraft.objects.filter(user=alice).values_list("title", flat=True)) == ["Second"]


def test_the_new_entry_form_gives_it_back(alice_client, alice):
    alice_client.post(URL, {"title": "Tuesday", "body": "I walked to the sea."})
    page = alice_client.get("/journal/new/").text
    assert "data-draft-restored" in page
    assert 'value="Tuesday"' in page
    assert "I walked to the sea.</textarea>" in page


def test_saving_the_entry_forgets_the_draft(alice_client, alice):
    alice_client.post(URL, {"title": "Tuesday", "body": "draft"})
    data = {"day": alice.local_today().isoformat(), "title": "Tuesday", "body": "done"}
    assert alice_client.post("/journal/new/", data).status_code == 302
    assert not EntryDraft.objects.filter(user=alice).exists()
    assert "data-draft-restored" not in alice_client.get("/journal/new/").text


def test_start_afresh_deletes_it(alice_client, alice):
    alice_client.post(URL, {"title": "Tuesday", "body": "draft"})
    response = alice_client.post(URL, {"discard": "1"})
    assert response.status_code == 302 and response.url == "/journal/new/"
    assert not EntryDraft.objects.filter(user=alice).exists()


def test_an_empty_form_keeps_nothing(alice_client, alice):
    assert alice_client.post(URL, {"title": " ", "body": ""}).status_code == 204
    assert not EntryDraft.objects.exists()


def test_too_long_a_title_is_refused_and_nothing_kept(alice_client, alice):
    response = alice_client.post(URL, {"title": "x" * (limits.TITLE_MAX + 1), "body": ""})
    assert response.status_code == 400
    assert not EntryDraft.objects.exists()


def test_a_body_over_the_beacons_size_is_refused_unread(alice_client, alice):
    body = "x" * (limits.DRAFT_MAX_BYTES + 1)
    assert alice_client.post(URL, {"title": "t", "body": body}).status_code == 413
    assert not EntryDraft.objects.exists()


def test_each_person_has_their_own(alice_client, bob_client, alice, bob):
    alice_client.post(URL, {"title": "Alice's", "body": ""})
    assert "data-draft-restored" not in bob_client.get("/journal/new/").text
    bob_client.post(URL, {"title": "Bob's", "body": ""})
    assert EntryDraft.objects.get(user=alice).title == "Alice's"


def test_it_needs_a_person_a_post_and_the_token(visitor, alice_client, csrf_client):
    assert visitor.post(URL, {"title": "t"}).status_code == 302
    assert alice_client.get(URL).status_code == 405
    assert csrf_client.post(URL, {"title": "t"}).status_code == 403
    assert not EntryDraft.objects.exists()


def test_the_new_entry_form_is_marked_for_drafts_and_editing_is_not(alice_client, entry):
    assert f'data-draft="{URL}"' in alice_client.get("/journal/new/").text
    assert "data-draft=" not in alice_client.get(f"/journal/{entry.pk}/edit/").text
