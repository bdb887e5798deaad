"""The hard moment in a browser: from the dashboard to a written, named, paused urge and
how it went — on a phone with JavaScript off, and on a desktop with it on."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import Page

from journal.models import ReasonToWait, Reset, Urge, WaitingPeriod
from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, login
from tests.conftest import PASSWORD
from tests.records import matching


def write_an_urge(page: Page) -> Urge:
    page.get_by_role("link", name="I want to contact them").first.click()
    page.wait_for_url("**/urges/new/")
    page.get_by_label("What you want to say to them (optional)").fill("I miss you.")
    # Triggers and strength are buttons to tap: their labels take the tap.
    page.locator("label.btn", has_text="Loneliness").click()
    page.locator("label.btn", has_text="A song, a place or a memory").click()
    page.locator("label.btn", has_text="8").click()
    page.get_by_role("button", name="Pause for ten minutes").last.click()
    page.wait_for_url(re.compile(r"/urges/[0-9]+/$"))
    return Urge.objects.get()


def test_on_a_phone_without_javascript(new_page, guide, alice):
    ReasonToWait.objects.create(user=alice, text="I need to be okay alone first")
    page = new_page(phone=True, javascript=False)
    login(page, "alice", PASSWORD)
    urge = write_an_urge(page)
    assert urge.trigger_keys == ["loneliness", "memory"]
    pause = page.locator("[data-pause-until]")
    assert pause.get_attribute("data-pause-until") == urge.pause_until.isoformat()
    clock = page.locator("[data-countdown]")
    assert clock.is_visible() and ":" in clock.inner_text()  # a clock time, no script
    assert page.get_by_text("I need to be okay alone first").is_visible()
    assert_no_sideways_scroll(page, "the pause on a phone")

    page.get_by_label("It passed, and I sent nothing").check()
    page.get_by_role("button", name="Save").last.click()
    page.wait_for_url(f"**/urges/{urge.pk}/")
    assert page.locator('[data-outcome="rode_out"]').is_visible()
    urge.refresh_from_db()
    assert urge.outcome == "rode_out"

    page.goto("/urges/")
    assert page.locator('[data-trigger="loneliness"]').is_visible()
    assert_no_sideways_scroll(page, "patterns on a phone")


def test_on_a_desktop_with_javascript(new_page, guide, alice):
    start = alice.local_today() - dt.timedelta(days=10)
    period = WaitingPeriod.objects.begin(alice, "No contact", start, 30)
    alice.friend_name, alice.friend_email = "Sam", "sam@example.org"
    alice.save()
    page = new_page()
    login(page, "alice", PASSWORD)
    assert_accessible(page, "the dashboard")
    urge = write_an_urge(page)
    left = page.locator("[data-countdown-left]")
    left.wait_for(state="visible")
    assert "left" in left.inner_text()  # the countdown runs
    assert page.get_by_role("button", name="Ask Sam to call me").is_visible()
    assert "10 days kept" in page.locator(".period-progress").inner_text()
    assert_accessible(page, "the pause")

    page.get_by_label("I sent it, or called").check()
    page.get_by_role("button", name="Save").last.click()
    page.get_by_role("button", name="Start my waiting period again").click()
    page.wait_for_url(f"**/journal/waiting/{period.pk}/")
    reset = Reset.objects.get()
    assert "Loneliness" in reset.note
    assert_accessible(page, "the period after a reset")

    Urge.objects.create(
        user=alice,
        message="Kept for later",
        triggers=",alcohol,",
        intensity=6,
        created=timezone.now() - dt.timedelta(hours=80),
        pause_until=timezone.now(),
        outcome="kept_draft",
        draft="kept",
    )
    page.goto("/urges/drafts/")
    assert page.get_by_text("Do you still want to send this?").is_visible()
    assert_accessible(page, "drafts")
    page.get_by_role("button", name="Let it go").click()
    page.wait_for_url("**/urges/drafts/")
    assert not matching(Urge, message="Kept for later")  # its words are gone

    page.goto("/urges/reasons/")
    page.get_by_label("A reason to wait").fill("I want them to see a change that lasts")
    page.get_by_role("button", name="Add").click()
    page.wait_for_url("**/urges/reasons/")
    assert_accessible(page, "reasons")
    for path in ("/urges/", "/urges/new/", f"/journal/waiting/{period.pk}/contact/",
                 "/journal/waiting/new/"):  # fmt: skip
        page.goto(path)
        assert_accessible(page, path)
    assert urge.pk


def test_on_a_phone_with_javascript(new_page, guide, alice, urge):
    page = new_page(phone=True)
    login(page, "alice", PASSWORD)
    for path in ("/urges/new/", f"/urges/{urge.pk}/", "/urges/", "/urges/reasons/"):
        page.goto(path)
        assert_no_sideways_scroll(page, path)
        assert_accessible(page, f"{path} on a phone")
