"""Layout facts on a 390 × 844 phone (and one on a desktop): what is in the first screen,
what never scrolls sideways in English or Spanish, and what a hard stop's home looks like."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from journal.models import Situation
from reconnect.accounts.models import User
from tests.browser.conftest import PHONE, assert_no_sideways_scroll, login
from tests.conftest import PASSWORD, many_entries


def top_and_bottom(page: Page, selector: str) -> tuple[float, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["y"], box["y"] + box["height"]


def visible_height(page: Page) -> float:
    """The phone's screen less the bottom bar that covers its foot."""
    bar = page.locator(".bottombar").bounding_box()
    return PHONE["height"] - (bar["height"] if bar else 0)


def test_the_journal_opens_at_its_entries(new_page, alice):
    many_entries(alice, 20)
    page = new_page(phone=True)
    login(page, "alice", PASSWORD)
    page.goto("/journal/")
    top, bottom = top_and_bottom(page, "[data-entry]")
    assert bottom <= visible_height(page), f"the first entry row ends at y {bottom}"
    # The year is one tap away, and opens at whole weeks: no clipped sliver at its left.
    page.locator("[data-numbers-fold] > summary").click()
    first_cell = page.evaluate(
        """() => {
            const scroller = document.querySelector('.heat-scroll').getBoundingClientRect();
            const cells = [...document.querySelectorAll('.heat-map .heat-cell')]
                .map(c => c.getBoundingClientRect()).filter(b => b.right > scroller.left + 1);
            const left = Math.min(...cells.map(b => b.left));
            return {left, scroller: scroller.left};
        }"""
    )
    assert first_cell["left"] >= first_cell["scroller"] - 0.5, first_cell
    # The figures are in the face's own proportional set, not its typewriter-like tabular one.
    figure = page.locator(".stats dd").first
    numeric = figure.evaluate("d => getComputedStyle(d).fontVariantNumeric")
    assert "tabular" not in numeric


def test_under_a_safety_concern_the_home_leads_with_it(new_page, guide, alice, ready_alice):
    situation = Situation.objects.get(user=alice)
    situation.safety_concern = True
    situation.save()
    page = new_page(phone=True)
    login(page, "alice", PASSWORD)
    heading = page.locator("[data-verdict] h2").first
    assert heading.inner_text() == "Your safety comes first"
    verdict_top = heading.bounding_box()["y"]
    for link in page.locator("main a[href='/urges/new/']").all():
        assert link.bounding_box()["y"] > verdict_top
    # Nothing in the urge card is drawn in the accent.
    accent = page.evaluate(
        """() => { const probe = document.createElement('span');
            probe.style.color = 'var(--rc-accent)'; document.body.append(probe);
            const colour = getComputedStyle(probe).color; probe.remove(); return colour; }"""
    )
    colours = page.locator("[data-urge-summary]").evaluate(
        """card => [card, ...card.querySelectorAll('*')].flatMap(el => {
            const s = getComputedStyle(el);
            return [s.color, s.backgroundColor, s.borderTopColor, s.borderLeftColor]; })"""
    )
    assert len(colours) > 8 and accent not in colours, accent


def test_the_bottom_bar_says_write_it_down_on_one_line(new_page, alice):
    page = new_page(phone=True)
    login(page, "alice", PASSWORD)
    label = page.locator(".bottombar .nav-urge span").last
    assert label.inner_text() == "Write it down"
    height = label.bounding_box()["height"]
    line = float(label.evaluate("s => parseFloat(getComputedStyle(s).lineHeight)"))
    assert height < line * 1.5


def test_the_first_tip_is_in_a_phones_first_screen(new_page, guide):
    page = new_page(phone=True)
    page.goto("/advice/")
    top, bottom = top_and_bottom(page, "[data-tip]")
    assert bottom <= PHONE["height"]


def test_on_a_desktop_the_guide_is_balanced(new_page, guide):
    page = new_page()
    page.goto("/advice/")
    intro = page.locator(".guide-intro").bounding_box()
    tip = page.locator("[data-tip]").first.bounding_box()
    assert intro and tip
    assert tip["y"] < intro["y"] + intro["height"], "the tips stand beside the introduction"
    assert intro["width"] <= 600 and tip["width"] <= 800


@pytest.mark.parametrize("path", ["/readiness/#answers", "/accounts/profile/"])
def test_a_tick_with_help_keeps_its_label_wide_and_its_help_under_it(new_page, alice, path):
    page = new_page(phone=True)
    login(page, "alice", PASSWORD)
    page.goto(path)
    checks = page.locator(".form-check:has(.form-text)")
    assert checks.count() >= 1
    for check in checks.all():
        # Both boxes at once: the page may still be scrolling to #answers.
        label, help_text = check.evaluate(
            """c => [c.querySelector('.form-check-label'), c.querySelector('.form-text')]
                .map(e => { const b = e.getBoundingClientRect();
                            return {top: b.top, bottom: b.bottom, width: b.width}; })"""
        )
        assert label["width"] >= 250, check.inner_text()
        assert help_text["top"] >= label["bottom"] - 1, check.inner_text()


SIGNED_OUT = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password_reset/",
              "/advice/", "/advice/safety/"]  # fmt: skip
SIGNED_IN = ["/dashboard/", "/readiness/", "/journal/", "/journal/new/", "/journal/waiting/",
             "/advice/", "/accounts/profile/", "/start/"]  # fmt: skip


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_page_scrolls_sideways_in_either_language(new_page, guide, alice, language):
    page = new_page(phone=True)
    page.context.set_extra_http_headers({"Accept-Language": language})
    for path in SIGNED_OUT:
        page.goto(path)
        assert_no_sideways_scroll(page, f"{path} ({language})")
    User.objects.filter(pk=alice.pk).update(language=language)
    login_in(page, language)
    for path in SIGNED_IN:
        page.goto(path)
        assert_no_sideways_scroll(page, f"{path} ({language})")
    # The signed-out header keeps "Crear cuenta" whole.
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    link = page.locator(".topnav-signed-out a[href='/accounts/signup/']")
    box = link.bounding_box()
    assert box and box["x"] + box["width"] <= PHONE["width"]
    assert link.evaluate("a => a.scrollWidth <= a.clientWidth")


def login_in(page: Page, language: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill("alice")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_url("**/dashboard/")


def test_photos_are_a_sensible_size_on_a_phone(new_page, alice, entry, photo):
    page = new_page(phone=True)
    login(page, "alice", PASSWORD)
    page.goto(f"/journal/{entry.pk}/")
    box = page.locator("[data-photo]").first.bounding_box()
    assert box and 150 <= box["width"] <= 200 and abs(box["width"] - box["height"]) < 1
