"""A phone (390 × 844): nothing scrolls sideways and the navigation fits."""

from __future__ import annotations

import pytest

from journal.models import Entry, WaitingPeriod
from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, login
from tests.conftest import PASSWORD


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_pages_fit_a_phone(new_page, guide, alice, ready_alice, dark):
    page = new_page(phone=True, dark=dark)
    for path in ("/", "/advice/", "/advice/show-how-you-have-changed/", "/accounts/signup/"):
        page.goto(path)
        assert_no_sideways_scroll(page, path)
    login(page, "alice", PASSWORD)
    entry = Entry.objects.filter(user=alice).first()
    period = WaitingPeriod.objects.filter(user=alice).first()
    assert entry is not None and period is not None
    for path in ("/dashboard/", "/readiness/", "/journal/", f"/journal/{entry.pk}/",
                 "/journal/new/", "/journal/focus/", "/journal/waiting/",
                 f"/journal/waiting/{period.pk}/",
                 "/journal/import/", "/accounts/profile/"):  # fmt: skip
        page.goto(path)
        assert_no_sideways_scroll(page, path)
    assert_accessible(page, "profile on a phone")


def test_the_navigation_is_shown_without_opening_anything(new_page, guide):
    page = new_page(phone=True)
    page.goto("/")
    assert page.get_by_role("link", name="Log in").is_visible()
    assert page.get_by_role("link", name="Advice").is_visible()
