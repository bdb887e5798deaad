"""Journeys through the app in a real browser, as a person would take them."""

from __future__ import annotations

import datetime as dt

from journal.models import Change, Entry
from reconnect.accounts.models import User
from tests.browser.conftest import login
from tests.conftest import PASSWORD

TIPS = [
    "Work on yourself first",
    "Wait — don't get in touch too soon",
    "Show how you have changed",
    "Make sure your ex is in a good place",
    "Be honest about how you feel",
    "Take things slow",
    "Remember that you don't need them",
]


def test_a_visitor_reads_the_whole_guide(page, guide):
    page.goto("/")
    page.get_by_role("link", name="Read the guide").click()
    page.wait_for_url("**/advice/")
    page.get_by_role("link", name=TIPS[0]).click()
    seen = []
    while True:
        seen.append(page.get_by_role("heading", level=1).inner_text())
        following = page.locator("a[rel=next]")
        if not following.count():
            break
        following.click()
        page.wait_for_load_state()
    assert seen == TIPS


def test_a_newcomer_starts_their_journal(page, guide, live_server):
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("dana")
    page.locator("input[name=password1]").fill("a-long-enough-passphrase")
    page.locator("input[name=password2]").fill("a-long-enough-passphrase")
    page.get_by_role("button", name="Sign up").click()
    # A short welcome, not Settings: where to begin, with a suggested waiting length.
    page.wait_for_url("**/start/")
    assert page.locator("[data-suggested-days]").get_attribute("data-suggested-days") == "30"

    # A change, with the two questions of tip 3.
    page.goto("/journal/focus/new/")
    page.get_by_label("Name").fill("Jealousy")
    page.get_by_label("This was one of the reasons for the breakup").check()
    page.locator("input[name=need_to_fix][value=yes]").check()
    page.locator("input[name=want_to_fix][value=yes]").check()
    page.locator("input[name=for_myself][value=yes]").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/journal/focus/")
    assert page.locator("[data-focus] [data-answer=need_to_fix]").inner_text() == "Yes"

    # Three entries.
    dana = User.objects.get(username="dana")
    for number in range(3):
        page.goto("/journal/new/")
        page.get_by_label("Day").fill((dana.local_today() - dt.timedelta(days=number)).isoformat())
        page.get_by_label("Title").fill(f"Step {number + 1}")
        page.get_by_label("What happened").fill("I went for a *run*.")
        page.get_by_label("Change this is about").select_option(label="Jealousy")
        page.get_by_role("button", name="Save entry").click()
        page.wait_for_url("**/journal/*/")
    page.goto("/journal/")
    assert page.locator("[data-entry]").count() == 3
    assert page.locator('[data-count="total"]').inner_text() == "3"

    # A 30-day waiting period with its progress bar.
    page.goto("/journal/waiting/new/")
    page.get_by_label("How many days").fill("30")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url("**/journal/waiting/*/")
    # Started at midnight today: at most one day of thirty, 3%, has gone by.
    assert int(page.locator("progress[data-percent]").get_attribute("data-percent")) <= 3
    assert page.get_by_text("30 days left").is_visible()

    # The honest answers, and a verdict that explains itself.
    page.goto("/readiness/#answers")  # the answers fold opens at its mark
    page.locator("input[name=whose_side][value=mine]").check()
    page.locator("input[name=their_rough_patch][value=none]").check()
    page.locator("input[name=their_behaviour][value=none]").check()
    page.get_by_label("I can say plainly how I feel, and then listen").check()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_url("**/readiness/#verdict")
    assert page.locator("[data-verdict]").get_attribute("data-verdict") == "not_yet"
    growth = page.locator('[data-condition="growth"]')
    assert growth.get_attribute("data-status") == "unmet"
    assert "3 of 6 entries" in (growth.text_content() or "")  # in the folded checklist
    assert page.locator('[data-condition="waited"]').get_attribute("data-status") == "unmet"

    # And out again.
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(live_server.url + "/")
    page.goto("/dashboard/")
    assert "/accounts/login/" in page.url


def test_a_user_who_meets_every_condition_sees_ready(page, alice, ready_alice):
    login(page, "alice", PASSWORD)
    assert page.locator("[data-verdict]").get_attribute("data-verdict") == "ready"
    page.goto("/readiness/")
    statuses = page.locator("[data-condition]").evaluate_all(
        "rows => rows.map(r => r.dataset.status)"
    )
    assert set(statuses) == {"met"} and len(statuses) == 10
    assert "reach out" in page.locator("[data-verdict]").inner_text()


def test_a_safety_concern_never_suggests_contact(page, alice, ready_alice, guide):
    login(page, "alice", PASSWORD)
    page.goto("/readiness/#answers")  # the answers fold opens at its mark
    page.get_by_label("there was abuse, or I feel afraid of my ex", exact=False).check()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_url("**/readiness/#verdict")
    assert page.locator("[data-verdict]").get_attribute("data-verdict") == "not_advised"
    assert "Your safety comes first" in page.locator("[data-verdict]").inner_text()
    entry = Entry.objects.filter(user=alice).first()
    change = Change.objects.filter(user=alice).first()
    assert entry is not None and change is not None
    for path in ("/dashboard/", "/readiness/", "/journal/", f"/journal/{entry.pk}/",
                 "/journal/focus/", f"/journal/focus/{change.pk}/edit/", "/journal/waiting/",
                 "/advice/", "/advice/wait/", "/advice/be-honest/", "/advice/safety/",
                 "/accounts/profile/"):  # fmt: skip
        page.goto(path)
        assert "reach out" not in page.locator("body").inner_text().lower(), path
