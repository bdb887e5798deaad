"""/urges/drafts/: unsent drafts cool off for 72 hours, then ask once more."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
import time_machine
from django.http import StreamingHttpResponse
from django.utils import timezone

from journal.models import Situation, Urge
from tests.markup import page_html
from tests.responses import Response


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


def test_after_72_hours_it_asks_and_letting_go_deletes_the_words(alice_client, urge):
    kept(urge)
    with time_machine.travel(urge.created + dt.timedelta(hours=72, minutes=1)):
        html = alice_client.get("/urges/drafts/").text
        assert "Do you still want to send this?" in html
        response = alice_client.post(f"/urges/drafts/{urge.pk}/", {"decision": "let_go"})
    urge.refresh_from_db()
    assert (urge.draft, urge.message) == ("", "")
    assert urge.outcome == "kept_draft"  # the moment stays in the patterns, without words
    assert "The words are deleted" in alice_client.get(response.url).text
    assert "I miss you" not in page_html(alice_client, "/urges/drafts/")
    assert "I miss you" not in page_html(alice_client, f"/urges/{urge.pk}/")


def test_letting_go_can_keep_the_words_out_of_sight(alice_client, urge):
    kept(urge)
    with time_machine.travel(urge.created + dt.timedelta(hours=73)):
        alice_client.post(f"/urges/drafts/{urge.pk}/", {"decision": "let_go", "keep_words": "on"})
    urge.refresh_from_db()
    assert (urge.draft, urge.message) == ("let_go", "I miss you. Can we talk?")
    html = alice_client.get("/urges/drafts/").text
    assert "I miss you" not in html
    assert "You have let go of 1 draft, keeping its words." in html
    alice_client.post(f"/urges/drafts/{urge.pk}/delete/")
    urge.refresh_from_db()
    assert (urge.draft, urge.message) == ("", "")


def test_a_resting_draft_can_be_deleted_at_once(alice_client, urge):
    kept(urge)
    html = alice_client.get("/urges/drafts/").text
    assert f'action="/urges/drafts/{urge.pk}/delete/"' in html
    response = alice_client.post(f"/urges/drafts/{urge.pk}/delete/", follow=True)
    assert "its words are gone, from exports too" in response.text
    urge.refresh_from_db()
    assert (urge.draft, urge.message, urge.draft_kept_at) == ("", "", None)
    assert "I miss you" not in response.text


def all_text(response: Response) -> str:
    """An export as text, the files inside it when it is a zip."""
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content)
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return body.decode("utf-8")


def test_a_deleted_draft_is_in_no_export(alice_client, urge):
    """Every export the data page links, whatever formats it offers."""
    kept(urge)
    page = alice_client.get("/journal/import/").text
    urls = sorted(set(re.findall(r'href="(/journal/export/[a-z_-]+/)"', page)))
    assert "/journal/export/json/" in urls and len(urls) >= 5
    alice_client.post(f"/urges/drafts/{urge.pk}/delete/")
    for url in urls:
        response = alice_client.get(url)
        assert response.status_code == 200, url
        text = all_text(response)
        assert "I miss you" not in text, url
        assert "Can we talk" not in text, url


def test_the_json_export_held_the_draft_before(alice_client, urge):
    kept(urge)
    assert "I miss you" in all_text(alice_client.get("/journal/export/json/"))


def test_deleting_checks_ownership_and_is_post_only(alice_client, bob_client, urge):
    kept(urge)
    assert bob_client.post(f"/urges/drafts/{urge.pk}/delete/").status_code == 404
    assert alice_client.get(f"/urges/drafts/{urge.pk}/delete/").status_code == 405
    urge.refresh_from_db()
    assert urge.message == "I miss you. Can we talk?"


def test_an_urge_that_is_no_draft_cannot_be_deleted_here(alice_client, urge):
    assert alice_client.post(f"/urges/drafts/{urge.pk}/delete/").status_code == 404
    urge.refresh_from_db()
    assert urge.message


def test_the_dashboard_says_once_that_a_draft_has_rested(alice_client, urge):
    kept(urge)
    assert "data-drafts-rested" not in page_html(alice_client, "/dashboard/")
    with time_machine.travel(urge.created + dt.timedelta(hours=72, minutes=5)):
        html = alice_client.get("/dashboard/").text
        assert 'data-drafts-rested="1"' in html
        assert "A draft you kept has rested for three days" in html
        assert "/urges/drafts/" in html
        assert "data-drafts-rested" not in page_html(alice_client, "/dashboard/")
        # The drafts page itself still asks.
        assert "Do you still want to send this?" in alice_client.get("/urges/drafts/").text


def test_keep_it_quiets_the_question(alice_client, urge):
    kept(urge)
    with time_machine.travel(urge.created + dt.timedelta(hours=80)):
        alice_client.post(f"/urges/drafts/{urge.pk}/", {"decision": "keep"})
        html = alice_client.get("/urges/drafts/").text
    urge.refresh_from_db()
    assert urge.draft == "kept" and urge.draft_kept_at is not None
    assert "You chose to keep this." in html
    assert 'value="keep"' not in html


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


def test_it_checks_ownership(alice_client, bob_client, urge):
    kept(urge)
    assert "I miss you" in page_html(alice_client, "/urges/drafts/")
    assert "I miss you" not in page_html(bob_client, "/urges/drafts/")
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
    with django_assert_num_queries(5):  # session, user and answers, its keys, drafts, let-go drafts
        assert alice_client.get("/urges/drafts/").status_code == 200


def test_under_a_hard_stop_it_never_asks_about_sending(alice_client, alice, urge):
    kept(urge)
    Situation.objects.create(user=alice, safety_concern=True)
    with time_machine.travel(urge.created + dt.timedelta(hours=73)):
        html = alice_client.get("/urges/drafts/").text
    assert "You can let it go, or keep it here with you." in html
    assert "Do you still want to send this?" not in html
    assert "Your safety comes first" in html
