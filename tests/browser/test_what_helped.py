"""After a pause, "What helped?" in one tap, then counted on the patterns page: with script
(the page stays, the answer shows in place) and without (a plain form and a reload)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from journal.models import HelpChoice, Helped, Urge, WaitingPeriod
from reconnect.accounts.models import User
from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, login
from tests.conftest import PASSWORD


def ended_pause(user: User, minutes_ago: int = 30) -> Urge:
    began = timezone.now() - dt.timedelta(minutes=minutes_ago)
    return Urge.objects.create(
        user=user,
        triggers=",loneliness,",
        created=began,
        pause_until=began + dt.timedelta(minutes=10),
    )


def chip(page: Page, label: str) -> Locator:
    return page.locator("[data-what-helped] .help-chip", has_text=label)


def test_one_tap_with_script_then_counted_on_the_patterns(new_page, alice):
    urge = ended_pause(alice)
    page = new_page()
    login(page, "alice", PASSWORD)
    page.goto(f"/urges/{urge.pk}/")
    page.get_by_label("It passed, and I sent nothing").check()
    page.get_by_role("button", name="Save", exact=True).last.click()
    page.wait_for_url(f"**/urges/{urge.pk}/")
    page.evaluate("window.stayed = true")  # gone if the page were loaded again

    chip(page, "A walk").click()
    expect(chip(page, "A walk")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-helped-said]")).to_contain_text("Noted.")
    chip(page, "Calling or texting someone").click()
    expect(chip(page, "Calling or texting someone")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("window.stayed === true")  # answered in place
    assert sorted(Helped.objects.values_list("key", flat=True)) == ["someone", "walk"]
    assert_accessible(page, "the pause with its answers")

    chip(page, "Calling or texting someone").click()  # a second tap takes it back
    expect(chip(page, "Calling or texting someone")).to_have_attribute("aria-pressed", "false")

    page.goto("/urges/")
    expect(page.locator('[data-helped="walk"]')).to_have_attribute("data-count", "1")
    expect(page.locator('[data-helped="someone"]')).to_have_count(0)
    assert_accessible(page, "the patterns")


def test_on_the_home_a_tap_or_a_skip_answers_in_place(new_page, alice):
    urge = ended_pause(alice, minutes_ago=40)
    page = new_page(phone=True)
    login(page, "alice", PASSWORD)
    card = page.locator("[data-what-helped-block]")
    expect(card).to_contain_text("What helped?")
    assert_no_sideways_scroll(page, "the home with its question")
    page.get_by_role("button", name="Skip this time").click()
    expect(card).to_contain_text("Skipped.")
    page.goto("/dashboard/")
    expect(page.locator("[data-what-helped-block]")).to_have_count(0)
    urge.refresh_from_db()
    assert urge.helped_answered_at is not None


def test_without_script_a_tap_is_a_plain_form(new_page, alice):
    urge = ended_pause(alice)
    page = new_page(phone=True, javascript=False)
    login(page, "alice", PASSWORD)
    page.goto(f"/urges/{urge.pk}/")
    chip(page, "Just waiting").click()
    page.wait_for_url(f"**/urges/{urge.pk}/")
    expect(chip(page, "Just waiting")).to_have_attribute("aria-pressed", "true")
    page.locator("summary", has_text="Something else").click()
    page.get_by_label("What helped, in a few words").fill("Played the piano")
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.wait_for_url(f"**/urges/{urge.pk}/")
    expect(page.get_by_label("What helped, in a few words")).to_have_value("Played the piano")
    assert_no_sideways_scroll(page, "the pause on a phone")
    page.goto("/urges/")
    expect(page.locator('[data-helped="waiting"]')).to_have_attribute("data-count", "1")
    expect(page.locator('[data-helped="other"]')).to_have_attribute("data-count", "1")
    assert_no_sideways_scroll(page, "the patterns on a phone")


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_new_pages_are_accessible(new_page, alice, dark):
    urge = ended_pause(alice)
    Helped.objects.create(user=alice, urge=urge, key="walk")
    HelpChoice.objects.create(user=alice, label="A cold shower")
    ended_pause(alice, minutes_ago=60)  # the home asks about this one
    began = alice.local_today() - dt.timedelta(days=5)
    period = WaitingPeriod.objects.begin(alice, "No contact", began, 30)
    two_days_ago = timezone.now() - dt.timedelta(days=2)
    period.reset("Texted", two_days_ago, alice.tzinfo, ",alcohol,")
    page = new_page(dark=dark)
    login(page, "alice", PASSWORD)
    assert_accessible(page, "the home with its question")
    for path in (f"/urges/{urge.pk}/", "/urges/", "/urges/helps/", "/journal/waiting/"):
        page.goto(path)
        assert_accessible(page, path)
    page.goto(f"/journal/waiting/{period.pk}/")
    page.locator("summary", has_text="What led to it?").click()
    page.locator("label.help-chip", has_text="Loneliness").click()
    assert_accessible(page, "the period with its resets and what led to them")
