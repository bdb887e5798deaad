"""The quick exit leaves less behind, in a real browser: the visit is one history entry,
words being written are kept as a draft on the way out, the bar is 44 px on a phone with
the page starting within 100 px, no keyboard hint on a touch screen, the button in one place
with or without script, and the idle sign-out in the page."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Page
from pytest_django import Settings

from journal.models import EntryDraft, Urge
from reconnect.accounts.models import User
from tests.browser.conftest import PHONE, login
from tests.conftest import PASSWORD

EXIT_URL = "https://weather.example.org/today"


@pytest.fixture
def quick_exit(alice: User, settings: Settings) -> None:
    settings.QUICK_EXIT_URL = EXIT_URL
    alice.quick_exit = True
    alice.save()


def weather(page: Page) -> None:
    page.route(
        "https://weather.example.org/**",
        lambda route: route.fulfill(
            content_type="text/html", body="<!doctype html><title>Weather</title><p>Sunny</p>"
        ),
    )


def shift_three_times(page: Page) -> None:
    for _ in range(3):
        page.keyboard.press("Shift")


def test_the_visit_is_one_history_entry_and_back_leaves_the_app(new_page, guide, quick_exit):
    page = new_page()
    weather(page)
    login(page, "alice", PASSWORD)
    before = page.evaluate("history.length")
    for name, path in (("Journal", "/journal/"), ("Waiting", "/journal/waiting/")):
        page.locator(".topnav").get_by_role("link", name=name, exact=True).click()
        page.wait_for_url(f"**{path}")
    page.get_by_role("link", name="Skip to content").focus()
    page.keyboard.press("Enter")  # a link within the page moves there, and adds nothing
    assert page.evaluate("history.length") == before
    page.locator("[data-quick-exit]").click()
    page.wait_for_url(EXIT_URL)
    assert page.evaluate("history.length") == before
    page.go_back()
    page.wait_for_load_state()
    assert "/journal/" not in page.url and "/dashboard/" not in page.url, page.url


def test_without_the_quick_exit_links_add_history_as_usual(new_page, guide, alice):
    page = new_page()
    login(page, "alice", PASSWORD)
    before = page.evaluate("history.length")
    page.locator(".topnav").get_by_role("link", name="Journal", exact=True).click()
    page.wait_for_url("**/journal/")
    assert page.evaluate("history.length") == before + 1


def wait_for(check: Callable[[], bool], what: str) -> None:
    """A beacon arrives when the browser sends it; ask the database until it has."""
    for _ in range(200):
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} never arrived")


def test_an_entry_being_written_is_kept_and_given_back(new_page, guide, alice, quick_exit):
    page = new_page()
    weather(page)
    login(page, "alice", PASSWORD)
    page.goto("/journal/new/")
    page.locator("#id_title").fill("By the sea")
    page.locator("#id_body").fill("The tide came in.")
    shift_three_times(page)
    page.wait_for_url(EXIT_URL)
    wait_for(lambda: EntryDraft.objects.filter(user=alice).exists(), "the entry's draft")
    draft = EntryDraft.objects.get(user=alice)
    assert (draft.title, draft.body) == ("By the sea", "The tide came in.")
    page.goto("/journal/new/")
    assert page.locator("[data-draft-restored]").is_visible()
    assert page.locator("#id_title").input_value() == "By the sea"
    page.get_by_role("button", name="Save entry").click()
    page.wait_for_url("**/journal/*/")
    assert not EntryDraft.objects.exists()


def test_an_urge_being_written_waits_among_the_drafts(new_page, guide, alice, quick_exit):
    page = new_page(phone=True)
    weather(page)
    login(page, "alice", PASSWORD)
    page.goto("/urges/new/")
    page.get_by_label("What you want to say to them (optional)").fill("I still think of you")
    page.locator("[data-quick-exit]").tap()
    page.wait_for_url(EXIT_URL)
    wait_for(lambda: Urge.objects.filter(user=alice).exists(), "the urge's draft")
    urge = Urge.objects.get(user=alice)
    assert (urge.message, urge.draft) == ("I still think of you", Urge.Draft.KEPT)


def test_a_page_left_untouched_keeps_nothing(new_page, guide, alice, quick_exit):
    page = new_page()
    weather(page)
    login(page, "alice", PASSWORD)
    page.goto("/journal/new/")
    shift_three_times(page)
    page.wait_for_url(EXIT_URL)
    page.goto("/journal/")  # any request after the beacon's
    assert not EntryDraft.objects.exists()


PAGES = ("/dashboard/", "/journal/", "/journal/new/", "/urges/new/", "/accounts/profile/")


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_the_bar_is_44_px_and_the_page_starts_within_100(
    new_page, guide, alice, quick_exit, javascript
):
    page = new_page(phone=True, javascript=javascript)
    login(page, "alice", PASSWORD)
    for path in PAGES:
        page.goto(path)
        bar = page.locator("[data-quick-exit-bar]").bounding_box()
        main = page.locator("#main").bounding_box()
        button = page.locator("[data-quick-exit]").bounding_box()
        assert bar and main and button, path
        assert bar["height"] <= 44, (path, bar)
        assert button["height"] >= 44, (path, button)
        assert main["y"] <= 100, (path, main)
        assert not page.locator("[data-quick-exit-hint]").is_visible(), path
        assert button["x"] + button["width"] == pytest.approx(PHONE["width"] - 16, abs=1), path


def test_the_button_keeps_its_place_with_or_without_script(new_page, guide, alice, quick_exit):
    places = []
    for javascript in (True, False):
        page = new_page(javascript=javascript)
        login(page, "alice", PASSWORD)
        box = page.locator("[data-quick-exit]").bounding_box()
        assert box
        places.append((round(box["x"]), round(box["y"])))
        if javascript:  # a keyboard: the hint shows, beside the button
            assert page.locator("[data-quick-exit-hint]").is_visible()
            bar = page.locator("[data-quick-exit-bar]").bounding_box()
            assert bar and bar["height"] <= 44
    assert places[0] == places[1]


def test_the_page_signs_out_after_the_chosen_time(new_page, guide, alice, quick_exit):
    alice.idle_minutes = 2
    alice.save()
    page = new_page()
    weather(page)
    page.clock.install()
    login(page, "alice", PASSWORD)
    page.goto("/journal/new/")
    page.locator("#id_title").fill("Unfinished")
    page.clock.run_for("01:00")
    assert page.url.endswith("/journal/new/")  # a minute away is not yet two
    page.clock.run_for("01:10")
    page.wait_for_url(EXIT_URL)
    assert EntryDraft.objects.get(user=alice).title == "Unfinished"
    page.goto("/dashboard/")
    assert "/accounts/login/" in page.url  # the session was ended, not only the page
