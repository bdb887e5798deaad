"""With JavaScript off, every page still reads and every form still submits."""

from __future__ import annotations

from journal.models import Change, Entry, Situation, WaitingPeriod
from reconnect.accounts.models import User
from tests.browser.conftest import login
from tests.conftest import PASSWORD


def test_the_app_works_without_javascript(new_page, guide, alice):
    page = new_page(javascript=False)
    page.goto("/advice/")
    assert page.locator("[data-tip]").count() == 7
    login(page, "alice", PASSWORD)

    page.goto("/journal/focus/new/")
    page.get_by_label("Name").fill("Listening")
    page.locator("input[name=need_to_fix][value=yes]").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/journal/focus/")

    page.goto("/journal/new/")
    page.get_by_label("Title").fill("No script needed")
    page.get_by_role("button", name="Save entry").click()
    page.wait_for_url("**/journal/*/")
    entry = Entry.objects.get(user=alice)

    page.goto(f"/journal/{entry.pk}/edit/")
    page.get_by_label("Title").fill("Edited without script")
    page.get_by_role("button", name="Save entry").click()
    page.wait_for_url(f"**/journal/{entry.pk}/")

    page.goto("/journal/waiting/new/")
    page.get_by_label("How many days").fill("21")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url("**/journal/waiting/*/")
    page.get_by_label("What happened?").fill("Sent a message")
    page.get_by_role("button", name="Reset the clock").click()
    page.wait_for_url("**/journal/waiting/*/")
    assert WaitingPeriod.objects.get(user=alice).resets.count() == 1

    page.goto("/readiness/#answers")  # the answers fold opens at its mark
    page.locator("input[name=whose_side][value=both]").check()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_url("**/readiness/#verdict")
    assert Situation.objects.get(user=alice).whose_side == "both"

    page.goto("/accounts/profile/")
    page.get_by_label("Time zone").select_option("Europe/Berlin")
    page.get_by_role("button", name="Save").first.click()
    page.wait_for_url("**/accounts/profile/")
    assert User.objects.get(pk=alice.pk).timezone == "Europe/Berlin"

    page.goto(f"/journal/{entry.pk}/delete/")
    page.get_by_role("button", name="Delete").click()
    page.wait_for_url("**/journal/")
    assert not Entry.objects.filter(pk=entry.pk).exists()
    assert Change.objects.filter(user=alice).count() == 1

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/")
