"""The hard moment in one tap, and a way out: on a 390 × 844 phone the way to write an urge
down and the pause button are in the first screen, with JavaScript on and off; the quick
exit leaves on a button or Shift pressed three times, and Back does not return."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page
from pytest_django import Settings

from journal.models import Situation, Urge
from reconnect.accounts.models import User
from tests.browser.conftest import PHONE, assert_accessible, login
from tests.conftest import PASSWORD
from tests.records import find

EXIT_URL = "https://weather.example.org/today"
PAUSE = re.compile(r"/urges/[0-9]+/$")


def in_first_screen(page: Page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return bool(box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"])


@pytest.mark.parametrize("javascript", [True, False])
def test_one_tap_from_the_dashboard_to_a_running_pause(new_page, guide, alice, javascript):
    page = new_page(phone=True, javascript=javascript)
    login(page, "alice", PASSWORD)
    assert in_first_screen(page, "[data-urge-new]"), "the way to /urges/new/ on the dashboard"
    page.locator("[data-urge-new]").click()
    page.wait_for_url("**/urges/new/")
    assert in_first_screen(page, "[data-pause-button]"), "the pause button on /urges/new/"
    page.locator("[data-pause-button]").click()  # nothing filled in
    page.wait_for_url(PAUSE)
    urge = Urge.objects.get()
    assert page.url.endswith(f"/urges/{urge.pk}/")
    assert page.locator("[data-pause-until]").get_attribute("data-pause-until")


def test_triggers_and_strength_are_quick_to_tap(new_page, guide, alice):
    page = new_page(phone=True)
    login(page, "alice", PASSWORD)
    page.goto("/urges/new/")
    page.locator("label[for=id_triggers_0]").tap()
    page.locator("label[for=id_intensity_6]").tap()
    for label in ("label[for=id_triggers_0]", "label[for=id_intensity_6]"):
        box = page.locator(label).bounding_box()
        assert box and box["height"] >= 44 and box["width"] >= 44, label
    page.get_by_role("button", name="Pause for ten minutes").last.tap()
    page.wait_for_url(PAUSE)
    urge = Urge.objects.get()
    assert (urge.trigger_keys, urge.intensity) == (["loneliness"], 7)


@pytest.fixture
def afraid(alice: User, settings: Settings) -> None:
    settings.QUICK_EXIT_URL = EXIT_URL
    Situation.objects.create(user=alice, safety_concern=True)


def weather(page: Page) -> None:
    page.route(
        "https://weather.example.org/**",
        lambda route: route.fulfill(
            content_type="text/html", body="<!doctype html><title>Weather</title><p>Sunny</p>"
        ),
    )


@pytest.mark.parametrize("how", ["shift", "button"])
def test_the_quick_exit_leaves_and_back_does_not_return(new_page, guide, alice, afraid, how):
    page = new_page(phone=how == "button")
    weather(page)
    login(page, "alice", PASSWORD)
    page.goto("/journal/")
    before = page.evaluate("history.length")
    if how == "shift":
        page.locator("body").click(position={"x": 5, "y": 300})
        for _ in range(3):
            page.keyboard.press("Shift")
    else:
        page.locator("[data-quick-exit]").tap()
    page.wait_for_url(EXIT_URL)
    assert page.title() == "Weather"
    assert page.evaluate("history.length") == before  # replaced, not added
    page.go_back()
    page.wait_for_load_state()
    assert page.url.endswith("/dashboard/"), page.url  # the page before, never /journal/


def test_shift_used_for_capitals_does_not_leave(new_page, guide, alice, afraid):
    page = new_page()
    weather(page)
    login(page, "alice", PASSWORD)
    page.goto("/urges/new/")
    page.get_by_label("What you want to say to them (optional)").press_sequentially("ABC DEF")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url.endswith("/urges/new/")
    status = page.locator("[data-quick-exit-status]").text_content()
    assert status == "Shift, press 2 more times to exit."


def test_without_javascript_it_is_a_plain_link(new_page, guide, alice, afraid):
    page = new_page(javascript=False)
    weather(page)
    login(page, "alice", PASSWORD)
    link = page.locator("[data-quick-exit]")
    assert link.get_attribute("href") == EXIT_URL
    assert not page.locator("[data-quick-exit-hint]").is_visible()  # no Shift without script
    link.click()
    page.wait_for_url(EXIT_URL)


def drafts(alice: User) -> None:
    now = timezone.now()
    for hours, words in ((1, "Resting words"), (80, "Rested words")):
        Urge.objects.create(
            user=alice, message=words, triggers=",date,", intensity=6,
            created=now - dt.timedelta(hours=hours), pause_until=now,
            outcome="kept_draft", draft="kept",
        )  # fmt: skip


@pytest.mark.parametrize("dark", [False, True])
@pytest.mark.parametrize("phone", [False, True])
def test_the_changed_pages_pass_axe(new_page, guide, alice, afraid, dark, phone):
    alice.friend_name, alice.friend_email = "Sam", "sam@example.org"
    alice.save()
    drafts(alice)
    page = new_page(dark=dark, phone=phone)
    login(page, "alice", PASSWORD)
    where = f"{'dark' if dark else 'light'}, {'phone' if phone else 'desktop'}"
    assert page.locator("[data-drafts-rested]").is_visible()
    assert_accessible(page, f"the dashboard with a rested draft and a hard stop ({where})")
    urge = find(Urge, message="Rested words")
    for path in ("/urges/new/", f"/urges/{urge.pk}/", "/urges/drafts/", "/readiness/",
                 "/advice/safety/", "/accounts/profile/"):  # fmt: skip
        page.goto(path)
        assert page.locator("[data-quick-exit]").is_visible(), path
        assert_accessible(page, f"{path} ({where})")
    page.goto("/urges/new/")
    page.locator("label[for=id_triggers_0]").click()
    page.evaluate("document.querySelector('#id_intensity_0').value = '11'")
    page.locator("label[for=id_intensity_0]").click()
    page.get_by_role("button", name="Pause for ten minutes").last.click()
    page.wait_for_load_state()
    assert page.get_by_text("A number from 1 to 10, or none.").is_visible()
    assert_accessible(page, f"/urges/new/ with a mistake ({where})")


def test_the_dashboard_in_discreet_mode_says_notes(new_page, guide, alice):
    alice.discreet = True
    alice.save()
    page = new_page(phone=True)
    login(page, "alice", PASSWORD)
    assert page.title() == "Notes"
    manifest = page.locator("link[rel=manifest]").get_attribute("href")
    assert page.request.get(manifest).json()["name"] == "Notes"
