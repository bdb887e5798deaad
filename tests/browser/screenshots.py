"""`make screenshots`: PNGs of the main pages, desktop and phone, light and a few dark,
into docs/screenshots/.

Serves the app with gunicorn on a throwaway database filled by seed_demo and drives the
system's Chromium with Playwright. Never downloads a browser.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Literal

from playwright.sync_api import ViewportSize, sync_playwright

from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS, PHONE
from tests.liveserver import ROOT, gunicorn, manage, production_env

OUT = ROOT / "docs" / "screenshots"
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PAGES = [
    ("welcome", "/", False),
    ("advice", "/advice/{tip}/", False),
    ("journal", "/journal/", True),
    ("waiting", "/journal/waiting/", True),
    ("readiness", "/readiness/", True),
    ("dashboard", "/dashboard/", True),
    ("urge-new", "/urges/new/", True),
    ("urges", "/urges/", True),
    ("insights", "/insights/", True),
    ("first-run", "/dashboard/", "newcomer"),
]
# Pages also shot in the dark colour scheme, as most writing happens at night.
DARK = {"dashboard", "journal", "urge-new", "insights"}
SESSION_SCRIPT = """
import django; django.setup()
from django.test import Client
from advice.models import Tip
from reconnect.accounts.models import User
client = Client()
client.force_login(User.objects.get(username="demo1"))
newcomer = Client()
newcomer.force_login(User.objects.create_user("newcomer", password=None))
print(
    client.cookies["sessionid"].value,
    newcomer.cookies["sessionid"].value,
    Tip.objects.filter(kind="tip", language="en").order_by("order")[1].slug,
)
"""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="reconnect-shots-") as tmp:
        env = production_env(Path(tmp) / "shots.sqlite3")
        # The static files first: the guide's pages are made with their hashed names.
        manage("collectstatic", "--noinput", "-v0", env=env)
        manage("migrate", "--noinput", "-v0", env=env)
        manage("sync_advice", env=env)
        manage("seed_demo", "--users", "1", "--entries", "160", "--seed", "3", "--moods", "120",
               "--tags", env=env)  # fmt: skip
        session, newcomer, tip = subprocess.run(
            [sys.executable, "-c", SESSION_SCRIPT],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        with gunicorn(env) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            shots: list[tuple[str, ViewportSize, Literal["light", "dark"]]] = [
                (device, viewport, scheme)
                for device, viewport in (("desktop", DESKTOP), ("phone", PHONE))
                for scheme in ("light", "dark")
            ]
            for device, viewport, scheme in shots:
                context = browser.new_context(
                    base_url=base, viewport=viewport, device_scale_factor=1, color_scheme=scheme
                )
                page = context.new_page()
                for name, path, signed_in in PAGES:
                    if scheme == "dark" and name not in DARK:
                        continue
                    if name == "first-run" and (device, scheme) != ("phone", "light"):
                        continue
                    context.clear_cookies()
                    if signed_in:
                        value = newcomer if signed_in == "newcomer" else session
                        context.add_cookies([{"name": "sessionid", "value": value, "url": base}])
                    page.goto(path.format(tip=tip))
                    suffix = "-dark" if scheme == "dark" else ""
                    target = OUT / f"{name}-{device}{suffix}.png"
                    page.screenshot(path=str(target), full_page=device == "desktop")
                    print(target.relative_to(ROOT))
                context.close()
            browser.close()


if __name__ == "__main__":
    main()
