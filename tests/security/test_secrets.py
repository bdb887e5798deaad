"""What a person writes stays in their pages: never in logs, never in anyone else's pages."""

from __future__ import annotations

import logging

from django.http import StreamingHttpResponse
from django.test import Client

from journal.models import Change, Entry, WaitingPeriod
from tests.markup import page_html
from tests.records import find, matching

CANARY = "canary-7f3a-ex-named-jordan"


def test_a_canary_never_reaches_the_logs(alice_client, caplog, settings):
    settings.DEBUG = False  # as in production: no SQL logging
    with caplog.at_level(logging.DEBUG):
        alice_client.post(
            "/journal/new/", {"day": "2026-11-01", "title": CANARY, "body": f"About {CANARY}."}
        )
        entry = find(Entry, title=CANARY)
        alice_client.get(f"/journal/{entry.pk}/")
        alice_client.get(f"/journal/?q={CANARY}")
        alice_client.post(f"/journal/{entry.pk}/edit/", {"day": "2999-01-01", "title": CANARY})
        alice_client.get("/journal/999999/")  # a 404 is logged, with its path only
        alice_client.post("/readiness/", {"slow_plan": CANARY, "whose_side": "mine"})
    assert caplog.records, "nothing was logged at all: the check would prove nothing"
    for record in caplog.records:
        assert CANARY not in record.getMessage()
        assert CANARY not in str(record.args)


def test_a_canary_never_reaches_another_users_pages(alice, alice_client, bob_client, guide):
    answers = {"need_to_fix": "yes", "want_to_fix": "yes", "for_myself": "yes"}
    for path, data in [
        ("/journal/new/", {"day": "2026-11-01", "title": CANARY, "body": CANARY}),
        ("/journal/focus/new/", {"name": CANARY, **answers}),
        ("/journal/waiting/new/", {"label": CANARY, "start": "2026-11-01", "days": "30"}),
    ]:
        response = alice_client.post(path, data)
        assert response.status_code == 302, f"{path} did not save: {response.status_code}"
    assert matching(Entry.objects.filter(user=alice), title=CANARY, body=CANARY)
    assert matching(Change.objects.filter(user=alice), name=CANARY)
    assert matching(WaitingPeriod.objects.filter(user=alice), label=CANARY)
    # (Bob searching for the word would see it in his own search box, so no ?q= here.)
    pages = "/dashboard/ /readiness/ /journal/ /journal/focus/ /journal/waiting/ /journal/new/"
    for path in ("/journal/", "/journal/focus/", "/journal/waiting/"):
        assert CANARY in alice_client.get(path).text, path  # where the canary is shown
    for path in [*pages.split(), "/advice/", "/accounts/profile/"]:
        assert CANARY not in page_html(bob_client, path), path
    for fmt in ("json", "csv", "markdown"):
        assert CANARY.encode() in export(alice_client, fmt), fmt
        assert CANARY.encode() not in export(bob_client, fmt), fmt


def export(client: Client, fmt: str) -> bytes:
    response = client.get(f"/journal/export/{fmt}/")
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)
