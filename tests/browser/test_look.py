"""The look, checked in a browser on the pages people use most, light and dark, on a
desktop and a 390 × 844 phone: axe at 0, no stock Bootstrap blue, no sideways scroll, a
slim header, big enough controls, charts that read on a phone, and a timeline that
steps back under a hard stop."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from reconnect.accounts.models import User
from tests.browser.conftest import PHONE, assert_accessible, assert_no_sideways_scroll, login
from tests.conftest import PASSWORD

SIGNED_OUT = ["/", "/advice/wait/", "/accounts/login/"]
SIGNED_IN = ["/dashboard/", "/journal/", "/readiness/", "/urges/new/", "/advice/wait/"]

# Any element drawn in Bootstrap's stock primary, #0d6efd.
STOCK_BLUE = """() => {
    const props = ['color', 'backgroundColor', 'borderTopColor', 'borderRightColor',
        'borderBottomColor', 'borderLeftColor', 'outlineColor', 'fill', 'stroke', 'boxShadow'];
    const found = [];
    for (const el of document.querySelectorAll('*')) {
        const style = getComputedStyle(el);
        for (const prop of props) {
            if ((style[prop] || '').replace(/\\s/g, '').includes('13,110,253')) {
                found.push(`${el.tagName.toLowerCase()}.${el.className} ${prop}`);
            }
        }
    }
    return found.slice(0, 10);
}"""

# Every visible button and navigation control shorter than 44 px.
SMALL_CONTROLS = """() => [...document.querySelectorAll(
        'button, .btn, input[type=submit], summary, nav a, nav button')].filter(el => {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) return false;
    if (el.closest('.visually-hidden, .visually-hidden-focusable')) return false;
    return box.height < 44;
}).map(el => `${el.outerHTML.slice(0, 90)} ${Math.round(el.getBoundingClientRect().height)}px`)"""

HEADER_HEIGHT = "() => document.querySelector('header').getBoundingClientRect().height"


def check(page: Page, path: str, phone: bool) -> None:
    assert_accessible(page, path)
    assert page.evaluate(STOCK_BLUE) == [], path
    assert_no_sideways_scroll(page, path)
    if phone:
        assert page.evaluate(HEADER_HEIGHT) < PHONE["height"] * 0.10, path
        assert page.evaluate(SMALL_CONTROLS) == [], path


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_main_pages_look_right(new_page, guide, alice, ready_alice, dark, phone):
    page = new_page(dark=dark, phone=phone)
    for path in SIGNED_OUT:
        page.goto(path)
        check(page, f"{path} signed out", phone)
    login(page, "alice", PASSWORD)
    for path in SIGNED_IN:
        page.goto(path)
        check(page, path, phone)


def test_on_a_phone_heat_map_days_can_be_tapped(new_page, alice, ready_alice):
    page = new_page(phone=True)
    login(page, "alice", PASSWORD)
    page.goto("/journal/")
    page.locator("[data-numbers-fold] > summary").click()  # the year is one tap away
    sizes = page.evaluate(
        "() => [...document.querySelectorAll('.heat-map .heat-cell')].map(c => {"
        " const b = c.getBoundingClientRect(); return Math.min(b.width, b.height); })"
    )
    assert len(sizes) >= 365
    assert min(sizes) >= 24
    # Weekday names stand beside the days, and this week is in view without scrolling.
    assert page.locator(".heat-days text").all_text_contents() == [
        "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
    ]  # fmt: skip
    today = page.locator(".heat-today")
    assert today.is_visible()
    box = today.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_on_a_phone_the_urges_chart_names_weeks_and_counts(new_page, alice, urge):
    page = new_page(phone=True)
    login(page, "alice", PASSWORD)
    page.goto("/urges/")
    chart = page.locator("svg.urges-per-week")
    counts = chart.locator(".chart-value").all_text_contents()
    assert len(counts) == 12 and counts[-1] == "1" and set(counts[:-1]) == {"0"}
    weeks = chart.locator(".chart-label").all_text_contents()
    assert len(weeks) == 6 and all(len(w.split()) == 2 for w in weeks)
    # Big enough to read: the labels are at least 11 px on the screen.
    label = chart.locator(".chart-label").first
    height = label.evaluate("el => el.getBoundingClientRect().height")
    assert height >= 11


def test_a_safety_concern_takes_ready_out_of_the_timeline(new_page, guide, alice, ready_alice):
    page = new_page()
    login(page, "alice", PASSWORD)
    page.goto("/readiness/#answers")  # the answers fold opens at its mark
    page.get_by_role("button", name="Save my answers").click()  # a "ready" snapshot
    page.wait_for_url("**/readiness/#verdict")
    page.goto("/dashboard/")
    timeline = page.locator("svg.readiness-timeline")
    assert timeline.locator(".chart-dot.state-ready").count() == 2  # the snapshot and now
    assert timeline.locator(".chart-key.state-ready").count() == 1
    page.goto("/readiness/#answers")  # the answers fold opens at its mark
    page.get_by_label("there was abuse, or I feel afraid of my ex", exact=False).check()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_url("**/readiness/#verdict")
    page.goto("/dashboard/")
    timeline = page.locator("svg.readiness-timeline")
    assert timeline.locator(".state-ready").count() == 0
    assert "ready" not in timeline.text_content().lower()
    # No mark is drawn in the colour "ready" has when things are not stopped.
    ready = page.evaluate(
        "() => getComputedStyle(document.documentElement).getPropertyValue('--rc-accent').trim()"
    )
    colours = page.evaluate(
        """() => [...document.querySelectorAll('svg.readiness-timeline *')].flatMap(el => {
            const s = getComputedStyle(el); return [s.fill, s.stroke]; })"""
    )
    hex_to_rgb = "rgb({}, {}, {})".format(*(int(ready[i : i + 2], 16) for i in (1, 3, 5)))
    assert hex_to_rgb not in colours


def test_signing_up_lands_on_a_welcome_not_settings(new_page, guide):
    page = new_page(phone=True)
    page.goto("/accounts/signup/")
    assert page.evaluate("document.activeElement.name") == "username"  # focus on the first field
    page.get_by_label("Username").fill("erin")
    page.locator("input[name=password1]").fill("a-long-enough-passphrase")
    page.locator("input[name=password2]").fill("a-long-enough-passphrase")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/start/")
    assert User.objects.filter(username="erin").exists()
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome. This place is yours."
    assert_accessible(page, "the welcome after signing up")
    page.goto("/dashboard/")
    assert page.locator("[data-first-run]").is_visible()
    assert page.locator("[data-verdict]").count() == 0
    assert "streak" not in page.locator("main").inner_text().lower()
    assert_accessible(page, "the first dashboard")


@pytest.mark.parametrize("path", ["/journal/new/", "/urges/new/", "/accounts/login/"])
def test_a_form_page_starts_at_its_first_field(new_page, alice, path):
    page = new_page()
    if path != "/accounts/login/":
        login(page, "alice", PASSWORD)
    page.goto(path)
    assert page.evaluate("document.activeElement.tagName") in ("INPUT", "TEXTAREA", "SELECT")
