from __future__ import annotations

import datetime as dt

import pytest

from journal.models import Change, Entry
from tests.conftest import many_entries
from tests.journal.writing import post_entry
from tests.markup import elements, page_html


def test_it_needs_login(visitor):
    response = visitor.get("/journal/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_it_lists_only_my_entries_newest_first(alice_client, alice, bob):
    Entry.objects.create(user=alice, day=dt.date(2026, 1, 1), title="older")
    Entry.objects.create(user=alice, day=dt.date(2026, 2, 1), title="newer")
    Entry.objects.create(user=bob, day=dt.date(2026, 2, 1), title="bob's secret")
    html = alice_client.get("/journal/").text
    assert html.index(">newer<") < html.index(">older<")
    assert "bob&#x27;s secret" not in html and "bob's secret" not in html


def test_it_pages_by_twenty(alice_client, alice):
    many_entries(alice, 45)
    first = alice_client.get("/journal/").text
    assert first.count("data-entry=") == 20
    assert "page=2" in first
    third = alice_client.get("/journal/?page=3").text
    assert third.count("data-entry=") == 5
    assert "page=4" not in third
    # A nonsense page number is the first page, said plainly, not an error.
    for bad in ("abc", "0", "9223372036854775807"):
        response = alice_client.get(f"/journal/?page={bad}")
        assert response.status_code == 200
        assert response.text.count("data-entry=") == 20
    # Past the end is the last page.
    assert alice_client.get("/journal/?page=99").text.count("data-entry=") == 5


def test_it_filters_by_focus_month_and_text(alice_client, alice, change):
    Entry.objects.create(user=alice, day=dt.date(2026, 3, 5), title="March run", focus=change)
    Entry.objects.create(user=alice, day=dt.date(2026, 4, 5), title="April swim", body="lake")
    by_focus = alice_client.get(f"/journal/?focus={change.pk}").text
    assert "March run" in by_focus and "April swim" not in by_focus
    by_month = alice_client.get("/journal/?month=2026-04").text
    assert "April swim" in by_month and "March run" not in by_month
    by_text = alice_client.get("/journal/?q=LAKE").text
    assert "April swim" in by_text and "March run" not in by_text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("month=2026-13", "Months look like 2026-03"),
        ("month=yesterday", "Months look like 2026-03"),
        ("month=0000-01", "Pick a month from 1900 on"),
        ("q=%00", "Null characters are not allowed"),
        ("from=2026-02-30", "Enter a valid date"),
        ("to=99999-01-01", "Enter a valid date"),
        ("mood=9", "Select a valid choice"),
        ("tag=" + "x" * 65, "at most 64 characters"),
        ("focus=abc", "isn&#x27;t one of yours"),
    ],
)
def test_bad_filters_say_so(alice_client, alice, query, message):
    Entry.objects.create(user=alice, day=dt.date(2026, 3, 5), title="still listed")
    response = alice_client.get(f"/journal/?{query}")
    assert response.status_code == 200
    assert message in response.text
    assert "still listed" in response.text


def test_someone_elses_change_is_not_a_filter(alice_client, alice, bob):
    theirs = Change.objects.create(user=bob, name="Bob's thing")
    response = alice_client.get(f"/journal/?focus={theirs.pk}")
    assert "isn&#x27;t one of yours" in response.text


def test_it_shows_numbers_and_a_heat_map(alice_client, alice):
    today = alice.local_today()
    for days_ago in (0, 1, 8, 40):
        Entry.objects.create(user=alice, day=today - dt.timedelta(days=days_ago), title="x")
    html = alice_client.get("/journal/").text
    assert 'data-count="total">4<' in html
    assert 'data-count="last_30_days">3<' in html
    assert '<svg class="chart heat-map"' in html
    assert "4 entries on 4 days in the last 12 months." in html


def test_the_heat_map_summary_says_one_day_for_one(alice_client, alice):
    Entry.objects.create(user=alice, day=alice.local_today(), title="x")
    Entry.objects.create(user=alice, day=alice.local_today(), title="y")
    assert "2 entries on 1 day in the last 12 months." in alice_client.get("/journal/").text


@pytest.mark.parametrize("count", [1, 10_000])
def test_query_count_is_fixed(alice_client, alice, change, count, django_assert_num_queries):
    many_entries(alice, count, change)
    today = alice.local_today()
    filters = f"focus={change.pk}&q=entry&from={today - dt.timedelta(days=800)}&to={today}"
    # session, user, changes, how many match, the page of entries, their tags,
    # entries and moods per day, the total, on this day, the tags to filter by
    with django_assert_num_queries(11):  # with the keys that open their words
        response = alice_client.get(f"/journal/?{filters}&starred=&mood=")
    assert response.status_code == 200
    assert response.text.count("data-entry=") == min(count, 20)
    # Unfiltered, how many match is the total: one count fewer.
    with django_assert_num_queries(10):  # with the keys that open their words
        assert alice_client.get("/journal/?page=3").status_code == 200


def test_the_list_shows_every_change_at_once(alice_client, alice, entry, change):
    assert "A long walk" in alice_client.get("/journal/").text
    alice_client.post(
        f"/journal/{entry.pk}/edit/",
        {"day": "2026-11-01", "title": "A longer walk", "body": "", "mood": "", "focus": change.pk},
    )
    assert "A longer walk" in alice_client.get("/journal/").text
    # Renaming a change renames it on its entries.
    alice_client.post(
        f"/journal/focus/{change.pk}/edit/",
        {"name": "Patience", "need_to_fix": "yes", "want_to_fix": "yes", "for_myself": "yes"},
    )
    assert "· Patience" in alice_client.get("/journal/").text
    alice_client.post(f"/journal/{entry.pk}/delete/")
    assert "A longer walk" not in page_html(alice_client, "/journal/")


def test_each_search_gets_its_own_results(alice_client, alice):
    Entry.objects.create(user=alice, day=dt.date(2026, 3, 5), title="Morning run")
    Entry.objects.create(user=alice, day=dt.date(2026, 4, 5), title="Evening swim")
    first = alice_client.get("/journal/?q=run").text
    second = alice_client.get("/journal/?q=swim").text
    assert "Morning run" in first and "Evening swim" not in first
    assert "Evening swim" in second and "Morning run" not in second
    # Pagination links keep the filters they were made for.
    many_entries(alice, 30)
    assert "?q=Entry&amp;page=2" in alice_client.get("/journal/?q=Entry").text


def test_the_numbers_follow_every_entry(alice_client, alice):
    assert 'data-count="total">0<' in alice_client.get("/journal/").text
    today = alice.local_today().isoformat()
    alice_client.post("/journal/new/", {"day": today, "title": "First"})
    html = alice_client.get("/journal/").text
    assert 'data-count="total">1<' in html and 'data-count="this_week">1<' in html
    assert "1 entry on 1 day in the last 12 months." in html


def test_filter_by_tag_star_mood_and_range(alice_client, alice):
    post_entry(alice_client, title="Tagged", tags="no contact", day="2026-03-01")
    post_entry(alice_client, title="Starred", starred="on", day="2026-03-02", mood="4")
    post_entry(alice_client, title="Plain", day="2026-03-03")
    by_tag = alice_client.get("/journal/?tag=No+Contact").text
    assert ">Tagged<" in by_tag and ">Plain<" not in by_tag
    by_star = alice_client.get("/journal/?starred=on").text
    assert ">Starred<" in by_star and ">Plain<" not in by_star
    by_mood = alice_client.get("/journal/?mood=4").text
    assert ">Starred<" in by_mood and ">Tagged<" not in by_mood
    by_range = alice_client.get("/journal/?from=2026-03-02&to=2026-03-03").text
    assert ">Starred<" in by_range and ">Plain<" in by_range and ">Tagged<" not in by_range


def test_search_ignores_case_and_accents(alice_client, alice):
    post_entry(alice_client, title="Coffee with Zoë", body="Café NAÏVE")
    post_entry(alice_client, title="Other")
    for query in ("zoe", "ZOË", "cafe naive", "Zoe"):
        html = alice_client.get("/journal/", {"q": query}).text
        assert "Coffee with Zo" in html and ">Other<" not in html, query
    # The characters LIKE treats specially are plain text in a search.
    assert "Coffee with" not in page_html(alice_client, "/journal/?q=%25")


def test_each_heat_map_day_links_to_its_entries(alice_client, alice):
    today = alice.local_today()
    Entry.objects.create(user=alice, day=today, title="Today's")
    html = alice_client.get("/journal/").text
    link = f"/journal/?from={today}&amp;to={today}"
    assert f'href="{link}" data-heat-day="{today}"' in html
    assert ">Today&#x27;s<" in alice_client.get(f"/journal/?from={today}&to={today}").text


def test_on_this_day_shows_a_month_three_months_and_a_year_ago(alice_client, alice, time_machine):
    time_machine.move_to(dt.datetime(2026, 5, 31, 12, tzinfo=dt.UTC))
    Entry.objects.create(user=alice, day=dt.date(2026, 4, 30), title="Month ago")
    Entry.objects.create(user=alice, day=dt.date(2026, 2, 28), title="Three months ago")
    Entry.objects.create(user=alice, day=dt.date(2025, 5, 31), title="Year ago")
    Entry.objects.create(user=alice, day=dt.date(2025, 6, 1), title="Not quite")
    html = alice_client.get("/journal/").text
    section = html[html.index("data-on-this-day") :]
    section = section[: section.index("</section>")]
    for title in ("Month ago", "Three months ago", "Year ago"):
        assert title in section
    assert "Not quite" not in section
    assert "data-on-this-day" in alice_client.get("/dashboard/").text


def test_on_this_day_is_left_out_when_empty(alice_client, alice):
    assert "data-on-this-day" not in page_html(alice_client, "/journal/")


def test_the_entries_come_first_and_the_rest_is_one_tap_away(alice_client, alice):
    """Numbers, the year and the filters are folded above the rows (a phone showed no entry
    in its first screen); the filters open when a filter is in use."""
    many_entries(alice, 3)
    html = alice_client.get("/journal/").text
    folds = {
        mark: attrs
        for _tag, attrs in elements(html)
        for mark in ("data-numbers-fold", "data-filter-fold")
        if mark in attrs
    }
    assert set(folds) == {"data-numbers-fold", "data-filter-fold"}
    assert not any("open" in attrs for attrs in folds.values())
    assert "data-heat-day" in html or "heat-cell" in html
    assert html.index("data-filter-fold") < html.index("data-entry")
    filtered = alice_client.get("/journal/?starred=on").text
    assert [a for _t, a in elements(filtered) if "data-filter-fold" in a][0].get("open") == ""
