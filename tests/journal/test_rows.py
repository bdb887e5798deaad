"""The journal list's rows, drawn in Python: the same dates, links and marks as before."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import translation

from journal.models import Entry, file_under_tags
from journal.rows import date_formatter, url_maker
from tests.markup import search
from tests.records import find


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("name", ["SHORT_DATE_FORMAT", "DATE_FORMAT", "MONTH_DAY_FORMAT", "D"])
def test_dates_read_as_the_date_filter_writes_them(language, name):
    with translation.override(language):
        write = date_formatter(name)
        for day in (dt.date(2024, 1, 1) + dt.timedelta(days=n) for n in range(366)):
            assert write(day) == date_filter(day, name)
        for day in (dt.date(1, 1, 1), dt.date(1900, 2, 28), dt.date(9999, 12, 31)):
            assert write(day) == date_filter(day, name)


def test_a_format_it_does_not_draw_falls_back_to_django():
    with translation.override("en"):
        # W, the week number, is not drawn here; the escaped letters are text.
        write = date_formatter("Y-m-d \\w\\e\\e\\k W, jS")
        assert write(dt.date(2026, 12, 1)) == "2026-12-01 week 49, 1st"


def test_urls_are_those_reverse_makes():
    for name in ("journal:entry_detail", "journal:entry_star"):
        url = url_maker(name)
        for pk in (1, 42, 2_147_483_646):
            assert url(pk) == reverse(name, args=[pk])


def test_rows_escape_what_people_write(alice_client, alice, change):
    entry = Entry.objects.create(
        user=alice,
        day=dt.date(2026, 11, 3),
        time=dt.time(21, 5),
        title='<script>alert("hi")</script> & "quotes"',
        mood=4,
        focus=change,
    )
    file_under_tags(entry, ["a&b", "ñandú"])
    html = alice_client.get("/journal/").text
    row = search(r'<li class="list-group-item entry-row" data-entry="\d+">.*?</li>', html)
    assert "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;" in row
    assert "<script>" not in row
    assert '<time datetime="2026-11-03T21:05">Tue 3 Nov 2026, 21:05</time>' in row
    assert 'data-mood="4"' in row and change.name in row
    assert 'href="/journal/?tag=a%26b" data-tag="a&amp;b">#a&amp;b</a>' in row
    assert 'href="/journal/?tag=%C3%B1and%C3%BA" data-tag="ñandú">#ñandú</a>' in row
    assert f'href="{entry.get_absolute_url()}"' in row
    assert f'action="{reverse("journal:entry_star", args=[entry.pk])}"' in row


def test_rows_share_one_csrf_token_and_it_works(csrf_client, alice):
    for n in range(3):
        Entry.objects.create(user=alice, day=dt.date(2026, 11, 1 + n), title=f"Day {n}")
    html = csrf_client.get("/journal/?q=day").text
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert len(tokens) >= 4  # three star forms, the menu's log-out forms, the language form
    assert len(set(tokens)) == 1
    entry = find(Entry, title="Day 0")
    response = csrf_client.post(
        f"/journal/{entry.pk}/star/",
        {"csrfmiddlewaretoken": tokens[0], "starred": "1", "next": "/journal/?q=day"},
    )
    assert response.status_code == 302 and response.url == "/journal/?q=day"
    entry.refresh_from_db()
    assert entry.starred
    assert f'data-entry="{entry.pk}"' in csrf_client.get("/journal/?starred=on").text


def test_the_tag_filter_lists_the_tag_names(alice_client, alice, entry):
    file_under_tags(entry, ["walks"])
    html = alice_client.get("/journal/?tag=WALKS").text
    assert '<option value="walks" selected>walks</option>' in html
