"""Today's mood in one tap: the faces on the home, the POST behind them with and without
script, the quick tags under them, and everything that must change nothing."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from journal.models import DayMood, Entry, QuickTag
from reconnect.accounts.models import User

JSON = {"HTTP_ACCEPT": "application/json"}


def pressed(html: str) -> list[str]:
    """The faces and quick tags the home shows pressed, by their mood or id."""
    form = html[html.index("data-mood-today") : html.index("data-mood-said")]
    buttons = re.findall(r"<button[^>]*>", form)
    return [
        (re.search(r'data-mood="(\d)"', b) or re.search(r'value="(\d+)"', b)).group(1)  # type: ignore[union-attr]
        for b in buttons
        if 'aria-pressed="true"' in b
    ]


def test_one_post_records_todays_mood_and_the_home_shows_it(alice_client, alice):
    # An entry of a month ago, without a mood: past the first run, so the chart shows.
    Entry.objects.create(user=alice, day=alice.local_today() - dt.timedelta(days=30), title="x")
    response = alice_client.post("/journal/mood/", {"mood": "4"})
    assert response.status_code == 302 and response.url == "/dashboard/"
    day = DayMood.objects.get(user=alice)
    assert (day.day, day.mood) == (alice.local_today(), 4)
    html = alice_client.get("/dashboard/").text
    assert "Today&#x27;s mood is saved: 4 of 5, good." in html  # said once, after the tap
    assert pressed(html) == ["4"]
    assert 'aria-label="Mood: 4 of 5, good"' in html
    # The home's mood chart has today's dot with its mood.
    assert f"<title>{alice.local_today().isoformat()}: 4.0</title>" in html
    assert "Mood noted on one day in the last 90 days: 4.0 of 5" in html


def test_every_face_is_a_labelled_button_of_the_marked_form(alice_client):
    html = alice_client.get("/dashboard/").text
    assert re.search(r'<form method="post" action="/journal/mood/" data-mood-today', html)
    for mood, word in enumerate(("very low", "low", "okay", "good", "very good"), start=1):
        assert f'aria-label="Mood: {mood} of 5, {word}"' in html
        assert f'name="mood" value="{mood}" aria-pressed="false"' in html
    assert pressed(html) == []


def test_another_face_replaces_it_and_the_chosen_one_clears_it(alice_client, alice):
    alice_client.post("/journal/mood/", {"mood": "2"})
    alice_client.post("/journal/mood/", {"mood": "5"})
    assert list(DayMood.objects.values_list("mood", flat=True)) == [5]
    html = alice_client.get("/dashboard/").text
    # The chosen face, tapped again, sends `clear`.
    assert 'data-mood="5" name="clear" value="1" aria-pressed="true"' in html
    alice_client.post("/journal/mood/", {"clear": "1"})
    assert not DayMood.objects.exists()  # nothing left to keep
    assert pressed(alice_client.get("/dashboard/").text) == []


def test_script_gets_the_day_as_json(alice_client, alice, quick_tag):
    response = alice_client.post("/journal/mood/", {"mood": "3"}, **JSON)
    assert response.status_code == 200
    assert response.json() == {
        "mood": 3,
        "quick_tags": [],
        "said": "Today's mood is saved: 3 of 5, okay.",
    }
    response = alice_client.post("/journal/mood/", {"quick_tag": str(quick_tag.pk)}, **JSON)
    assert response.json()["quick_tags"] == [quick_tag.pk]
    assert response.json()["mood"] == 3
    response = alice_client.post("/journal/mood/", {"clear": "1"}, **JSON)
    assert response.json() == {
        "mood": None,
        "quick_tags": [quick_tag.pk],
        "said": "Today has no mood now.",
    }
    # The day stays while it holds a quick tag, and goes with the last of them.
    assert DayMood.objects.get().mood is None
    alice_client.post("/journal/mood/", {"quick_tag_off": str(quick_tag.pk)}, **JSON)
    assert not DayMood.objects.exists()


def test_quick_tags_go_on_and_off_today(alice_client, alice):
    slept = QuickTag.objects.create(user=alice, name="slept badly")
    friends = QuickTag.objects.create(user=alice, name="Saw friends")
    html = alice_client.get("/dashboard/").text
    # In name order, each a toggle that puts it on.
    assert html.index(">Saw friends<") < html.index(">slept badly<")
    assert f'value="{friends.pk}" name="quick_tag" aria-pressed="false"' in html
    alice_client.post("/journal/mood/", {"quick_tag": [str(slept.pk), str(friends.pk)]})
    alice_client.post("/journal/mood/", {"mood": "2"})
    day = DayMood.objects.get(user=alice)
    assert set(day.quick_tags.all()) == {slept, friends}
    html = alice_client.get("/dashboard/").text
    assert f'value="{slept.pk}" name="quick_tag_off" aria-pressed="true"' in html
    assert sorted(pressed(html)) == sorted(["2", str(slept.pk), str(friends.pk)])
    alice_client.post("/journal/mood/", {"quick_tag_off": str(slept.pk)})
    assert list(day.quick_tags.all()) == [friends]
    assert day.mood == 2


def test_today_is_the_persons_own_day(alice, alice_client, time_machine):
    # 20:00 in London is already tomorrow in Auckland.
    time_machine.move_to(dt.datetime(2026, 11, 30, 20, 0, tzinfo=dt.UTC))
    User.objects.filter(pk=alice.pk).update(timezone="Pacific/Auckland")
    alice_client.post("/journal/mood/", {"mood": "5"})
    assert DayMood.objects.get().day == dt.date(2026, 12, 1)
    assert pressed(alice_client.get("/dashboard/").text) == ["5"]


@pytest.mark.parametrize(
    "data",
    [
        {"mood": "0"},
        {"mood": "6"},
        {"mood": "x"},
        {"mood": ""},
        {},
        {"mood": "-1"},
        {"mood": "4.0"},
        {"mood": "9" * 5000},
        {"mood": "3\x00"},
        {"mood": "3", "clear": "1"},
        {"quick_tag": "999999"},
        {"quick_tag": "x"},
        {"quick_tag": "9" * 40},
        {"quick_tag": "-3"},
        {"quick_tag_off": "\x00"},
        {"mood": "3", "quick_tag": "999999"},
    ],
)
@pytest.mark.parametrize("script", [True, False])
def test_bad_input_says_why_and_changes_nothing(alice_client, alice, data, script):
    alice_client.post("/journal/mood/", {"mood": "2"})
    before = list(DayMood.objects.values_list("day", "mood"))
    response = alice_client.post("/journal/mood/", data, **(JSON if script else {}))
    if script:
        assert response.status_code == 400
        assert (
            response.json()["error"].endswith("Nothing was changed.")
            or "not both" in (response.json()["error"])
        )
    else:
        assert response.status_code == 302
        message = alice_client.get(response.url).text
        assert "Nothing was changed." in message or "not both" in message
    assert list(DayMood.objects.values_list("day", "mood")) == before


def test_a_quick_tag_both_on_and_off_is_refused(alice_client, quick_tag):
    response = alice_client.post(
        "/journal/mood/", {"quick_tag": quick_tag.pk, "quick_tag_off": quick_tag.pk}, **JSON
    )
    assert response.json() == {"error": "A quick tag can't go on and off at once."}
    assert not DayMood.objects.exists()


def test_only_post_and_only_with_the_csrf_token(alice_client, csrf_client):
    assert alice_client.get("/journal/mood/").status_code == 405
    assert csrf_client.post("/journal/mood/", {"mood": "3"}).status_code == 403
    assert not DayMood.objects.exists()


def test_another_person_can_neither_see_nor_change_yours(
    alice_client, bob_client, alice, bob, quick_tag
):
    alice_client.post("/journal/mood/", {"mood": "5", "quick_tag": quick_tag.pk})
    assert DayMood.objects.get(user=alice).quick_tags.get() == quick_tag
    html = bob_client.get("/dashboard/").text
    assert pressed(html) == [] and "Slept badly" not in html
    # Bob's taps are his own day; Alice's quick tag is not one he can use.
    response = bob_client.post("/journal/mood/", {"quick_tag": quick_tag.pk}, **JSON)
    assert response.status_code == 400
    response = bob_client.post("/journal/mood/", {"quick_tag_off": quick_tag.pk}, **JSON)
    assert response.status_code == 400
    bob_client.post("/journal/mood/", {"mood": "1"})
    assert DayMood.objects.get(user=alice).mood == 5
    assert DayMood.objects.get(user=alice).quick_tags.get() == quick_tag
    assert DayMood.objects.get(user=bob).mood == 1


def test_a_tapped_mood_is_the_days_mood_in_the_charts(alice_client, alice):
    today = alice.local_today()
    Entry.objects.create(user=alice, day=today, title="a", mood=1)
    Entry.objects.create(user=alice, day=today, title="b", mood=2)
    html = alice_client.get("/dashboard/").text
    assert f"<title>{today.isoformat()}: 1.5</title>" in html  # the entries' average
    alice_client.post("/journal/mood/", {"mood": "5"})
    html = alice_client.get("/dashboard/").text
    assert f"<title>{today.isoformat()}: 5.0</title>" in html  # the one tapped
    assert f"<title>{today.isoformat()}: 1.5</title>" not in html


def test_the_faces_come_after_what_leads_the_home(alice_client, alice, ready_alice):
    from tests.conftest import SITUATION

    alice_client.post("/readiness/", {**SITUATION, "safety_concern": "on"})
    html = alice_client.get("/dashboard/").text
    assert 'data-verdict="not_advised"' in html
    assert html.index('data-verdict="not_advised"') < html.index("data-mood-today")
    assert html.index("data-urge-summary") < html.index("data-mood-today")


def test_the_faces_are_on_a_new_persons_home_too(alice_client):
    html = alice_client.get("/dashboard/").text
    assert "data-first-run" in html
    assert html.index("data-first-run") < html.index("data-mood-today")


@pytest.mark.parametrize("count", [0, 20])
def test_the_post_takes_a_fixed_number_of_queries(
    alice_client, alice, count, django_assert_max_num_queries
):
    for n in range(count):
        QuickTag.objects.create(user=alice, name=f"tag {n}")
    alice_client.post("/journal/mood/", {"mood": "1"})
    # session, user; savepoint, the day, its release; the mood; the day's quick tags
    with django_assert_max_num_queries(8):
        response = alice_client.post("/journal/mood/", {"mood": "3"}, **JSON)
    assert json.loads(response.content)["mood"] == 3


def test_visitors_are_sent_to_sign_in(visitor):
    response = visitor.post("/journal/mood/", {"mood": "3"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not DayMood.objects.exists()


def test_the_faces_open_from_the_phones_home_screen(alice_client):
    start = alice_client.get("/manifest.webmanifest").json()["start_url"]
    assert start == "/dashboard/"
    assert "data-mood-today" in alice_client.get(start).text


def test_the_journals_heat_map_rings_the_day_of_a_tapped_mood(alice_client, alice):
    today = alice.local_today()
    Entry.objects.create(user=alice, day=today - dt.timedelta(days=1), title="x")
    alice_client.post("/journal/mood/", {"mood": "2"})
    html = alice_client.get("/journal/").text
    heat = html[html.index('class="chart heat-map"') :]
    # Today: no entry, a mood; its ring and its title say so. Yesterday: an entry, no mood.
    assert re.search(rf'heat-0 heat-today heat-mood"><title>{today}: 0 · mood 2 of 5</title>', heat)
    yesterday = today - dt.timedelta(days=1)
    assert re.search(rf'heat-1"><title>{yesterday}: 1</title>', heat)
    assert heat.count("heat-mood") == 1
    assert "A mood tapped on 1 day." in html
