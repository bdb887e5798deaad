"""axe-core on every page, signed out and signed in, in both colour schemes: no violations."""

from __future__ import annotations

import pytest

from journal.models import Change, Entry, WaitingPeriod
from tests.browser.conftest import assert_accessible, login
from tests.conftest import PASSWORD

SIGNED_OUT = [
    "/",
    "/advice/",
    "/advice/wait/",
    "/advice/safety/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password_reset/",
    "/no-such-page/",
]
SIGNED_IN = [
    "/dashboard/",
    "/readiness/",
    "/journal/",
    "/journal/new/",
    "/journal/{entry}/",
    "/journal/{entry}/edit/",
    "/journal/{entry}/delete/",
    "/journal/focus/",
    "/journal/focus/new/",
    "/journal/focus/{change}/edit/",
    "/journal/waiting/",
    "/journal/waiting/new/",
    "/journal/waiting/{period}/",
    "/journal/waiting/{period}/delete/",
    "/journal/import/",
    "/journal/print/",
    "/accounts/profile/",
    "/accounts/password_change/",
    "/accounts/delete/",
    "/advice/be-honest/",
]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_signed_out_pages(new_page, guide, dark):
    page = new_page(dark=dark)
    for path in SIGNED_OUT:
        page.goto(path)
        assert_accessible(page, path)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_signed_in_pages(new_page, guide, alice, ready_alice, dark):
    page = new_page(dark=dark)
    login(page, "alice", PASSWORD)
    entry = Entry.objects.filter(user=alice).first()
    change = Change.objects.filter(user=alice).first()
    period = WaitingPeriod.objects.filter(user=alice).first()
    assert entry is not None and change is not None and period is not None
    ids = {"entry": entry.pk, "change": change.pk, "period": period.pk}
    for path in SIGNED_IN:
        page.goto(path.format(**ids))
        assert_accessible(page, path)


def test_forms_show_errors_accessibly(page, guide, alice):
    login(page, "alice", PASSWORD)
    page.goto("/journal/new/")
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Save entry").click()
    assert page.locator(".invalid-feedback").first.is_visible()
    assert_accessible(page, "/journal/new/ with errors")


def test_charts_have_text_alternatives(page, alice, ready_alice):
    login(page, "alice", PASSWORD)
    for path in ("/dashboard/", "/journal/"):
        page.goto(path)
        charts = page.locator("svg.chart").all()
        assert charts, f"no chart on {path}"
        for svg in charts:
            # The journal's heat map links each day, so it is a group of links.
            assert svg.get_attribute("role") in ("img", "group")
            assert svg.get_attribute("aria-label")
