"""Times, stars, tags, search without accents, on this day, the heat map's links, print."""

from __future__ import annotations

import datetime as dt

import pytest

from journal.models import Entry, FocusArea, Tag


def _post(client, **fields):
    data = {"day": "2026-03-05", "title": "A walk", "body": "", "mood": "", "focus": ""}
    data.update(fields)
    return client.post("/journal/new/", data)


def test_an_entry_keeps_its_time_and_lists_sort_by_it(alice_client, alice):
    _post(alice_client, title="Morning", time="07:15")
    _post(alice_client, title="Evening", time="21:40")
    _post(alice_client, title="Earlier day", day="2026-03-04", time="23:59")
    assert Entry.objects.get(title="Morning").time == dt.time(7, 15)
    html = alice_client.get("/journal/").text
    assert html.index(">Evening<") < html.index(">Morning<") < html.index(">Earlier day<")
    assert "2026-03-05T21:40" in html


def test_a_bad_time_is_a_form_error(alice_client):
    response = _post(alice_client, time="25:00")
    assert response.status_code == 200
    assert "Enter a valid time" in response.text
    assert not Entry.objects.exists()


def test_bodies_are_stored_with_plain_newlines(alice_client):
    _post(alice_client, body="one\r\ntwo\rthree")
    assert Entry.objects.get().body == "one\ntwo\nthree"


@pytest.mark.parametrize(
    ("day", "message"),
    [("1899-12-31", "from 1900 on"), ("0001-01-01", "from 1900 on"), ("9999-12-31", "future")],
)
def test_days_are_bounded(alice_client, day, message):
    response = _post(alice_client, day=day)
    assert message in response.text
    assert not Entry.objects.exists()


def test_nul_is_refused_everywhere(alice_client):
    for field in ("title", "body", "tags"):
        response = _post(alice_client, **{field: "a\x00b"})
        assert "Null characters are not allowed" in response.text
    assert not Entry.objects.exists()


def test_tags_come_from_the_text_and_the_form(alice_client, alice):
    body = "Ran with @work friends #run, mail me a@b.org\n# Not a tag"
    _post(alice_client, body=body, tags="no contact, Run")
    entry = Entry.objects.get()
    assert sorted(t.name.lower() for t in entry.tags.all()) == ["no contact", "run", "work"]
    assert Tag.objects.filter(user=alice).count() == 3
    # Editing shows them in the box and keeps them.
    form = alice_client.get(f"/journal/{entry.pk}/edit/").text
    assert all(name in form for name in ("no contact", "Run", "work"))
    html = alice_client.get(f"/journal/{entry.pk}/").text
    assert 'data-tag="no contact"' in html


def test_a_tag_naming_a_change_files_the_entry_under_it(alice_client, alice, area):
    _post(alice_client, body=f"Practised #{area.name.lower()}")
    assert Entry.objects.get().focus == area


def test_a_filed_entry_keeps_its_change(alice_client, alice, area):
    other = FocusArea.objects.create(user=alice, name="Sleep")
    _post(alice_client, focus=other.pk, tags=area.name)
    assert Entry.objects.get().focus == other


def test_tags_are_per_user(alice_client, bob_client, alice, bob):
    _post(alice_client, tags="run")
    _post(bob_client, tags="run")
    assert Tag.objects.filter(name="run").count() == 2
    assert Tag.objects.get(user=alice).entries.get().user == alice


def test_filter_by_tag_star_mood_and_range(alice_client, alice):
    _post(alice_client, title="Tagged", tags="no contact", day="2026-03-01")
    _post(alice_client, title="Starred", starred="on", day="2026-03-02", mood="4")
    _post(alice_client, title="Plain", day="2026-03-03")
    by_tag = alice_client.get("/journal/?tag=No+Contact").text
    assert ">Tagged<" in by_tag and ">Plain<" not in by_tag
    by_star = alice_client.get("/journal/?starred=on").text
    assert ">Starred<" in by_star and ">Plain<" not in by_star
    by_mood = alice_client.get("/journal/?mood=4").text
    assert ">Starred<" in by_mood and ">Tagged<" not in by_mood
    by_range = alice_client.get("/journal/?from=2026-03-02&to=2026-03-03").text
    assert ">Starred<" in by_range and ">Plain<" in by_range and ">Tagged<" not in by_range


def test_search_ignores_case_and_accents(alice_client, alice):
    _post(alice_client, title="Coffee with Zoë", body="Café NAÏVE")
    _post(alice_client, title="Other")
    for query in ("zoe", "ZOË", "cafe naive", "Zoe"):
        html = alice_client.get("/journal/", {"q": query}).text
        assert "Coffee with Zo" in html and ">Other<" not in html, query
    # The characters LIKE treats specially are plain text in a search.
    assert "Coffee with" not in alice_client.get("/journal/?q=%25").text


def test_star_and_unstar_from_the_list_and_the_page(alice_client, alice, entry):
    response = alice_client.post(
        f"/journal/{entry.pk}/star/", {"starred": "1", "next": "/journal/?page=1"}
    )
    assert response.url == "/journal/?page=1"
    entry.refresh_from_db()
    assert entry.starred
    assert 'data-starred="1"' in alice_client.get("/journal/").text
    response = alice_client.post(
        f"/journal/{entry.pk}/star/", {"starred": "0", "next": "https://elsewhere.example/"}
    )
    assert response.url == f"/journal/{entry.pk}/"
    entry.refresh_from_db()
    assert not entry.starred
    assert alice_client.get(f"/journal/{entry.pk}/star/").status_code == 405


def test_someone_elses_entry_cannot_be_starred(bob_client, entry):
    assert bob_client.post(f"/journal/{entry.pk}/star/", {"starred": "1"}).status_code == 404
    entry.refresh_from_db()
    assert not entry.starred


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
    assert "data-on-this-day" not in alice_client.get("/journal/").text


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
