"""Care in the verdict, in a real browser: hard stops step the checklist back, the open
question counts only a yes, the menu works on a phone without script, charts explain
themselves, and every stand-alone target is at least 24 × 24 px."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page

from advice.models import SupportLine
from journal.models import Change, Entry, WaitingPeriod
from reconnect.accounts.models import User
from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, login
from tests.conftest import PASSWORD

SMALL_TARGETS = """() => [...document.querySelectorAll('a[href], button, summary')].filter(el => {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) return false;
    if (el.closest('.visually-hidden, .visually-hidden-focusable')) return false;
    // WCAG 2.5.8 leaves out a link inside a sentence: its size is the line's.
    const inline = getComputedStyle(el).display === 'inline';
    const text = el.parentElement.textContent.replace(/\\s+/g, ' ').trim();
    if (inline && text.length > el.textContent.trim().length + 2) return false;
    return box.width < 24 || box.height < 24;
}).map(el => {
    const box = el.getBoundingClientRect();
    return `${el.outerHTML.slice(0, 100)} ${Math.round(box.width)}x${Math.round(box.height)}`;
})"""


def stop_safety(page: Page, alice: User) -> None:
    page.goto("/readiness/#answers")  # the answers fold opens at its mark
    page.get_by_label("there was abuse, or I feel afraid of my ex", exact=False).check()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_url("**/readiness/#verdict")


def stop_no_contact(page: Page, alice: User) -> None:
    page.goto("/readiness/#answers")  # the answers fold opens at its mark
    page.get_by_label("my ex asked for no contact or blocked me", exact=False).check()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_url("**/readiness/#verdict")


def stop_not_fixing(page: Page, alice: User) -> None:
    change = Change.objects.get(user=alice, about_breakup=True)
    page.goto(f"/journal/focus/{change.pk}/edit/")
    page.locator("input[name=want_to_fix][value=no]").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/journal/focus/")


@pytest.mark.parametrize(
    ("stop", "kind", "support"),
    [
        (stop_safety, "safety", "domestic abuse helpline"),
        (stop_no_contact, "no_contact", "grief support"),
        (stop_not_fixing, "not_fixing", "counsellor"),
    ],
    ids=["safety", "no_contact", "not_fixing"],
)
def test_a_hard_stop_steps_the_checklist_back(
    new_page, guide, alice, ready_alice, stop, kind, support
):
    SupportLine.objects.create(name="Listening Line", kind="breakup", phone="0800 123")
    page = new_page()
    login(page, "alice", PASSWORD)
    stop(page, alice)
    for path in ("/readiness/", "/dashboard/"):
        page.goto(path)
        verdict = page.locator("[data-verdict]")
        assert verdict.get_attribute("data-verdict") == "not_advised", path
        assert page.locator('[data-status="met"]').count() == 0, path
        assert page.locator("[data-met]").count() == 0, path
        body = page.locator("body").inner_text()
        assert "of 10" not in body and "conditions met" not in body, path
        assert "reach out" not in body.lower(), path
        assert "Update your answers" not in body, path
        assert page.locator(f'[data-support="{kind}"]').is_visible(), path
        assert support in page.locator(f'[data-support="{kind}"]').inner_text(), path
        assert ("Listening Line" in body) == (kind == "no_contact"), path
        assert page.locator('[data-matters="growth"]').is_visible(), path
        assert_accessible(page, f"{path} under a {kind} stop")


def test_the_open_question_counts_only_a_yes(page, guide, alice, ready_alice):
    login(page, "alice", PASSWORD)
    for answer, status, verdict in (
        ("unsure", "unknown", "not_yet"),
        ("no", "unmet", "not_yet"),
        ("yes", "met", "ready"),
    ):
        page.goto("/readiness/#answers")  # the answers fold opens at its mark
        page.locator(f"input[name=open_to_contact][value={answer}]").check()
        page.get_by_role("button", name="Save my answers").click()
        page.wait_for_url("**/readiness/#verdict")
        assert page.locator('[data-condition="open"]').get_attribute("data-status") == status
        assert page.locator("[data-verdict]").get_attribute("data-verdict") == verdict
    page.goto("/readiness/#answers")
    assert page.locator("#div_id_open_to_contact").get_by_text("I don't know").is_visible()


def test_a_heart_written_with_a_bracket_stays(page, alice):
    entry = Entry.objects.create(
        user=alice, day=dt.date(2026, 11, 1), title="Club", body="I <3 my running club"
    )
    login(page, "alice", PASSWORD)
    page.goto(f"/journal/{entry.pk}/")
    assert "I <3 my running club" in page.locator("main").inner_text()


def test_the_phone_menu_works_without_javascript(new_page, guide, alice):
    page = new_page(phone=True, javascript=False)
    login(page, "alice", PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    # The places people go most are in the bottom bar; the rest open under "More", a
    # <details> element, so no script is needed for either.
    for name, path, more in (
        ("Home", "/dashboard/", False),
        ("Journal", "/journal/", False),
        ("Write it down", "/urges/new/", False),
        ("Waiting", "/journal/waiting/", False),
        ("Changes", "/journal/focus/", True),
        ("Readiness", "/readiness/", True),
        ("Your patterns", "/urges/", True),
        ("Advice", "/advice/", True),
        ("Settings", "/accounts/profile/", True),
    ):
        if more:
            nav.get_by_text("More", exact=True).click()
        link = nav.get_by_role("link", name=name, exact=True)
        assert link.is_visible(), name
        link.click()
        page.wait_for_url(f"**{path}")
        assert_no_sideways_scroll(page, path)
    nav.get_by_text("More", exact=True).click()
    nav.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/")
    assert "You are logged out." in page.locator("main").inner_text()
    page.goto("/dashboard/")
    assert "/accounts/login/" in page.url


def test_chart_captions_read_well_for_none_one_and_many(page, alice):
    # An old entry without a mood: past the first run, with nothing in the mood chart.
    Entry.objects.create(user=alice, day=alice.local_today() - dt.timedelta(days=200), title="Old")
    login(page, "alice", PASSWORD)
    page.goto("/dashboard/")
    captions = page.locator("figcaption").all_inner_texts()
    assert "No mood noted in the last 90 days." in captions
    # One point of readiness is a sentence until there is a line to draw.
    assert page.locator("[data-timeline-waiting]").is_visible()
    assert not any("from 0 to 0" in c or "is not advised" in c for c in captions)
    today = alice.local_today()
    Entry.objects.create(user=alice, day=today, title="One", mood=4)
    page.goto("/dashboard/")
    assert "Mood noted on one day in the last 90 days: 4.0 of 5" in page.locator(
        "figcaption"
    ).first.inner_text() + " ".join(page.locator("figcaption").all_inner_texts())
    for days_ago in range(1, 40, 3):
        Entry.objects.create(user=alice, day=today - dt.timedelta(days=days_ago), title="m", mood=2)
    page.goto("/readiness/#answers")  # the answers fold opens at its mark
    page.locator("input[name=whose_side][value=mine]").check()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_url("**/readiness/#verdict")
    page.goto("/dashboard/")
    text = " ".join(page.locator("figcaption").all_inner_texts())
    assert "Your weekly average rose" in text
    assert "No change since" in text or "the outcome changed" in text
    timeline = page.locator("svg.readiness-timeline")
    for state in ("Ready", "Not yet", "A hard stop"):
        assert state in timeline.text_content()


def test_every_stand_alone_target_is_big_enough_on_a_phone(new_page, guide, alice, ready_alice):
    page = new_page(phone=True)
    login(page, "alice", PASSWORD)
    change = Change.objects.filter(user=alice).first()
    period = WaitingPeriod.objects.filter(user=alice).first()
    assert change is not None and period is not None
    small: list[str] = []
    for path in ("/dashboard/", "/readiness/", "/journal/", "/journal/focus/",
                 f"/journal/focus/{change.pk}/delete/", "/journal/waiting/",
                 f"/journal/waiting/{period.pk}/", "/advice/safety/",
                 "/advice/you-dont-need-them/"):  # fmt: skip
        page.goto(path)
        assert_no_sideways_scroll(page, path)
        small += [f"{path}: {target}" for target in page.evaluate(SMALL_TARGETS)]
    assert not small, "\n".join(small)


def test_changed_pages_stay_accessible(new_page, guide, alice):
    SupportLine.objects.create(name="Safe Line", kind="safety", phone="0808 2000 247", hours="24/7")
    page = new_page()
    page.goto("/accounts/signup/")
    assert_accessible(page, "signup")
    page.goto("/advice/safety/")
    assert_accessible(page, "safety note")
    login(page, "alice", PASSWORD)
    WaitingPeriod.objects.begin(alice, "No contact", alice.local_today(), 30)
    page.goto("/journal/waiting/new/")
    page.get_by_label("Name").fill("No social media")
    page.get_by_role("button", name="Start").click()
    assert page.get_by_text("Start another?").is_visible()
    assert_accessible(page, "overlap question")
    page.get_by_role("button", name="Yes, start another").click()
    page.wait_for_url("**/journal/waiting/*/")
    assert WaitingPeriod.objects.filter(user=alice).count() == 2
    page.goto("/journal/new/")
    assert page.get_by_text("20,000 characters left").is_visible()
    page.get_by_label("What happened").fill("x" * 25)
    assert page.get_by_text("19,975 characters left").is_visible()
    assert_accessible(page, "entry form with its counter")
