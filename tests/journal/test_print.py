"""`/journal/print/`: a date range laid out for paper."""

from __future__ import annotations

import datetime as dt

from journal.models import Entry


def test_the_print_page_lays_out_a_range(alice_client, bob, alice):
    Entry.objects.create(user=alice, day=dt.date(2026, 3, 1), title="First", body="**bold**")
    Entry.objects.create(user=alice, day=dt.date(2026, 3, 9), title="Later")
    Entry.objects.create(user=bob, day=dt.date(2026, 3, 2), title="Bob's")
    html = alice_client.get("/journal/print/?from=2026-03-01&to=2026-03-05").text
    assert "First" in html and "<strong>bold</strong>" in html
    assert "Later" not in html and "Bob" not in html
    everything = alice_client.get("/journal/print/").text
    assert everything.index("First") < everything.index("Later")
    bad = alice_client.get("/journal/print/?from=0000-01-01&to=%00")
    assert bad.status_code == 200 and "Enter a valid date" in bad.text


def test_print_needs_login(visitor):
    assert visitor.get("/journal/print/").status_code == 302
