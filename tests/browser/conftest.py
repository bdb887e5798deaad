"""Browser tests: Playwright driving the system's Chromium against Django's live server.

A browser is never downloaded. Without Chromium at CHROMIUM_PATH (default
/usr/bin/chromium) these tests are skipped with one line saying why, unless
REQUIRE_BROWSER=1 (set by CI), where a missing browser is a failure.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, ViewportSize
from pytest_django.live_server_helper import LiveServer

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE: ViewportSize = {"width": 390, "height": 844}

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made
# by the tests themselves (fixtures building records) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"Chromium not found at {CHROMIUM}: browser tests skipped (apt-get install chromium)"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(message.replace("skipped", "required (REQUIRE_BROWSER=1)"))
    skip = pytest.mark.skip(reason=message)
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": LAUNCH_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(
    browser_context_args: dict[str, Any], live_server: LiveServer
) -> dict[str, Any]:
    return {**browser_context_args, "base_url": live_server.url}


@pytest.fixture(autouse=True)
def _live_database(transactional_db: None) -> None:
    """The live server runs in another thread, so tests need committed data."""


class PageProblems:
    """Console errors and CSP violations seen by a page; any of them fails the test."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def watch(self, page: Page) -> None:
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def _console(self, page: Page, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        # A page that is itself an error page (a 404) is reported as a failed load.
        if message.location.get("url") == page.url and "Failed to load resource" in message.text:
            return
        self.errors.append(f"console: {message.text} ({message.location.get('url')})")


@pytest.fixture
def new_page(new_context: Callable[..., BrowserContext]) -> Iterator[Callable[..., Page]]:
    """Make pages: `new_page(phone=False, dark=False, javascript=True)`.

    Any console error or uncaught exception on them (a CSP violation is one) fails the test.
    """
    problems = PageProblems()

    def make(*, phone: bool = False, dark: bool = False, javascript: bool = True) -> Page:
        context = new_context(
            viewport=PHONE if phone else {"width": 1280, "height": 900},
            color_scheme="dark" if dark else "light",
            java_script_enabled=javascript,
            is_mobile=phone,
            has_touch=phone,
        )
        context.set_default_timeout(10_000)
        page = context.new_page()
        problems.watch(page)
        return page

    yield make
    assert not problems.errors, "\n".join(problems.errors)


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page (all rules, every impact) and return its violations.

    The script is evaluated through the driver, not injected as a <script> tag, so the
    page's Content-Security-Policy stays in force while it runs.
    """
    page.evaluate(AXE_JS)
    result: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    return result


def assert_accessible(page: Page, where: str = "") -> None:
    violations = axe_violations(page)
    assert not violations, f"{where or page.url}: " + json.dumps(violations, indent=2)


def assert_no_sideways_scroll(page: Page, where: str = "") -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{where or page.url} scrolls sideways by {overflow}px"


def login(page: Page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")
