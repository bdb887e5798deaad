"""Two-factor sign-in in a real browser: setup, a code, a recovery code, a wrong code."""

from __future__ import annotations

import base64
import re
import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, login
from tests.conftest import PASSWORD


def app_code(key: bytes, step: int | None = None) -> str:
    """What an authenticator app with this key shows now, or at a given time step."""
    totp = TOTP(key, step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() if step is None else step * 30
    return f"{totp.token():06d}"


def password_step(page: Page) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/accounts/two-factor/login/")


def code_step(page: Page, code: str) -> None:
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/")


def test_two_factor_from_setup_to_a_wrong_code(page, alice):
    login(page, "alice", PASSWORD)
    page.goto("/accounts/profile/")
    page.get_by_role("link", name="Two-factor sign-in").click()
    page.wait_for_url("**/accounts/two-factor/")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Set it up").click()

    # The QR code is drawn by the server and loads under the page's CSP.
    qr = page.get_by_role("img", name=re.compile("QR code"))
    assert qr.get_attribute("src").startswith("data:image/svg+xml,")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    assert_accessible(page, "two-factor setup")

    # The key shown as text is the one the app would read from the QR code.
    key = base64.b32decode(page.locator("[data-secret]").inner_text().replace(" ", ""))
    page.get_by_label("Code").fill(app_code(key))
    page.get_by_role("button", name="Turn on").click()
    # The setup page and the codes share one address: wait for the codes, not the URL.
    expect(page.locator("[data-recovery-code]")).to_have_count(10)
    codes = page.locator("[data-recovery-code]").all_inner_texts()
    assert_accessible(page, "recovery codes")
    page.get_by_role("link", name="I have kept them").click()
    expect(page.locator("[data-two-factor=on]")).to_have_count(1)
    log_out(page)

    # The password, then the app's next code (a code already used is never taken again).
    password_step(page)
    assert_accessible(page, "code step")
    page.goto("/dashboard/")
    assert "/accounts/login/" in page.url  # the password alone opened nothing
    password_step(page)
    used = TOTPDevice.objects.get(user=alice).last_t
    code_step(page, app_code(key, step=used + 1))
    page.wait_for_url("**/dashboard/")
    log_out(page)

    # A recovery code signs in once.
    password_step(page)
    code_step(page, codes[0])
    page.wait_for_url("**/dashboard/")
    log_out(page)

    # Used again it is refused, and so is a wrong code from the app.
    password_step(page)
    code_step(page, codes[0])
    assert page.get_by_text("That code did not work").is_visible()
    # The slow-down after a wrong code is this sign-in's: the next code is checked 1 s later.
    page.wait_for_timeout(1100)
    right = {app_code(key, step=int(time.time()) // 30 + k) for k in (-1, 0, 1)}
    wrong = next(c for c in ("000000", "111111", "222222") if c not in right)
    code_step(page, wrong)
    assert page.get_by_text("That code did not work").is_visible()
    assert page.url.endswith("/accounts/two-factor/login/")
    page.goto("/dashboard/")
    assert "/accounts/login/" in page.url
