"""A mood in one tap on a 390 × 844 phone, with and without script, and /insights/ read
there: pressed in place, big enough to tap, no sideways scroll, axe at 0 in both schemes."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from journal.models import DayMood, Entry, QuickTag, file_under_tags
from reconnect.accounts.models import User
from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, login
from tests.conftest import PASSWORD


def test_a_tap_on_a_face_presses_it_without_a_page_load(new_page, alice):
    QuickTag.objects.create(user=alice, name="Saw friends")
    page = new_page(phone=True)
    login(page, "alice", PASSWORD)
    page.evaluate("window.stillHere = true")  # gone if the page loads again
    good = page.get_by_role("button", name="Mood: 4 of 5, good")
    box = good.bounding_box()
    assert box and box["width"] >= 44 and box["height"] >= 44
    good.tap()
    expect(good).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-mood-said]")).to_have_text("Today's mood is saved: 4 of 5, good.")
    assert page.evaluate("window.stillHere") is True
    assert DayMood.objects.get(user=alice).mood == 4
    # Another face replaces it; the chosen one tapped again clears it.
    low = page.get_by_role("button", name="Mood: 2 of 5, low")
    low.tap()
    expect(low).to_have_attribute("aria-pressed", "true")
    expect(good).to_have_attribute("aria-pressed", "false")
    low.tap()
    expect(low).to_have_attribute("aria-pressed", "false")
    expect(page.locator("[data-mood-said]")).to_have_text("Today has no mood now.")
    # A quick tag goes on and off in place too.
    friends = page.get_by_role("button", name="Saw friends")
    box = friends.bounding_box()
    assert box and box["height"] >= 44
    friends.tap()
    expect(friends).to_have_attribute("aria-pressed", "true")
    assert [t.name for t in DayMood.objects.get(user=alice).quick_tags.all()] == ["Saw friends"]
    friends.tap()
    expect(friends).to_have_attribute("aria-pressed", "false")
    expect(page.locator("[data-mood-said]")).to_have_text("Today has no mood now.")
    assert not DayMood.objects.filter(user=alice).exists()
    assert page.evaluate("window.stillHere") is True
    assert_no_sideways_scroll(page, "the home with its faces")


def test_without_script_a_tap_comes_back_pressed(new_page, alice):
    page = new_page(phone=True, javascript=False)
    login(page, "alice", PASSWORD)
    page.get_by_role("button", name="Mood: 5 of 5, very good").click()
    page.wait_for_url("**/dashboard/")
    expect(page.get_by_role("button", name="Mood: 5 of 5, very good")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.locator(".messages")).to_contain_text("Today's mood is saved: 5 of 5, very good.")
    assert DayMood.objects.get(user=alice).mood == 5


@pytest.fixture
def months_of_moods(alice: User) -> None:
    """Ninety days: "walk" on better days, "late night" the day before harder ones."""
    friends = QuickTag.objects.create(user=alice, name="Saw friends")
    today = alice.local_today()
    for back in range(90):
        day = today - dt.timedelta(days=back)
        walk, late = back % 3 == 0, back % 4 == 1
        mood = 2 + walk * 2 + (back % 5 == 0) - ((back - 1) % 4 == 1)
        tapped = DayMood.objects.create(user=alice, day=day, mood=max(1, min(5, mood)))
        if back % 2:
            tapped.quick_tags.set([friends])
        tags = (
            ["walk"] * walk + ["late night"] * late + ["a rather long tag name " * 2] * (back % 2)
        )
        if tags:
            entry = Entry.objects.create(user=alice, day=day, title="A day")
            file_under_tags(entry, tags)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_insights_read_on_a_phone_and_stay_accessible(new_page, alice, months_of_moods, dark):
    page = new_page(phone=True, dark=dark)
    login(page, "alice", PASSWORD)
    assert_accessible(page, "the home with its faces")
    page.get_by_role("button", name="Mood: 3 of 5, okay").tap()
    expect(page.get_by_role("button", name="Mood: 3 of 5, okay")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert_accessible(page, "the home with a face pressed")
    page.goto("/insights/")
    expect(page.locator('[data-insights="day"] [data-insight]').first).to_be_visible()
    assert (
        page.locator('[data-insights="day"] [data-insight]').first.get_attribute("data-insight")
        == "tag:walk"
    )
    chart = page.locator("svg.insight-chart").first
    box = chart.bounding_box()
    assert box and box["width"] <= 390
    assert chart.get_attribute("role") == "img" and chart.get_attribute("aria-label")
    assert_no_sideways_scroll(page, "/insights/")
    assert_accessible(page, "/insights/")
    page.goto("/journal/mood/tags/")
    assert_accessible(page, "/journal/mood/tags/")
    assert_no_sideways_scroll(page, "/journal/mood/tags/")
