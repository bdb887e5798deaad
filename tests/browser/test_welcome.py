from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll


def test_welcome_page_reads_and_is_accessible(page):
    page.goto("/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("dark", [False, True])
def test_welcome_on_a_phone(new_page, dark):
    page = new_page(phone=True, dark=dark)
    page.goto("/")
    assert_no_sideways_scroll(page)
    # Signed out, the menu is one short row: nothing to open, no script needed.
    assert page.get_by_role("link", name="Log in").is_visible()
    assert page.evaluate("document.documentElement.dataset.bsTheme") == (
        "dark" if dark else "light"
    )
    assert_accessible(page)
