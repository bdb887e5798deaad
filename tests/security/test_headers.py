"""The production headers, read from a real request cycle with the production settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from tests.liveserver import ROOT
from tests.project.test_settings import PRODUCTION_ENV
from tests.security.observatory import Scan, score

# Runs in a fresh process, so the settings module is read with the production variables.
REQUESTS = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
from django.test import Client
from reconnect.accounts.models import User
User.objects.create_user("carol", password="correct horse battery staple")
host = {"HTTP_HOST": "reconnect.example.org"}
client = Client()
plain = client.get("/", secure=False, **host)
home = client.get("/", secure=True, **host)
login_page = client.get("/accounts/login/", secure=True, **host)
token = login_page.cookies["__Host-csrftoken"].value
logged_in = Client(enforce_csrf_checks=True)
logged_in.cookies = login_page.cookies
after_login = logged_in.post(
    "/accounts/login/",
    {"username": "carol", "password": "correct horse battery staple",
     "csrfmiddlewaretoken": token},
    secure=True, HTTP_REFERER="https://reconnect.example.org/accounts/login/", **host,
)
dashboard = logged_in.get("/dashboard/", secure=True, **host)
# The language switcher's cookie, signed out and signed in.
switched = Client().post("/language/", {"language": "es"}, secure=True, **host)
switched_in = logged_in.post(
    "/language/", {"language": "en", "csrfmiddlewaretoken": token}, secure=True,
    HTTP_REFERER="https://reconnect.example.org/dashboard/", **host,
)
# The two-factor "known browser" cookie, after a sign-in with a code.
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
dana = User.objects.create_user("dana", password="correct horse battery staple")
device = TOTPDevice.objects.create(user=dana, name="app", confirmed=True)
second = Client()
second.post("/accounts/login/", {"username": "dana", "password": "correct horse battery staple"},
            secure=True, **host)
coded = second.post("/accounts/two-factor/login/", {"code": f"{totp(device.bin_key):06d}"},
                    secure=True, **host)
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location", "")],
    "home": {"headers": {k.lower(): v for k, v in home.headers.items()}, "html": home.text},
    "cookies": [m.OutputString() for r in (login_page, after_login) for m in r.cookies.values()],
    "login_status": after_login.status_code,
    "dashboard": {k.lower(): v for k, v in dashboard.headers.items()},
    "other_cookies": [
        m.OutputString() for r in (switched, switched_in, coded) for m in r.cookies.values()
    ],
}))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("headers")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.update(
        PRODUCTION_ENV,
        SQLITE_PATH=str(folder / "db.sqlite3"),
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_SETTINGS_MODULE="reconnect.settings",
    )
    result = subprocess.run(
        [sys.executable, "-c", REQUESTS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    answers: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return answers


def test_the_observatory_score_is_at_least_100(production):
    scan = Scan(
        headers=production["home"]["headers"],
        set_cookies=production["cookies"],
        html=production["home"]["html"],
        redirect_location=production["plain"][1],
    )
    result = score(scan)
    assert result >= 100, scan.modifiers
    assert scan.modifiers and all(m >= 0 for m in scan.modifiers.values()), scan.modifiers


def test_http_redirects_to_https(production):
    assert production["plain"] == [301, "https://reconnect.example.org/"]


def test_production_headers(production):
    headers = production["home"]["headers"]
    csp = headers["content-security-policy"]
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'none'",
                      "frame-ancestors 'none'", "form-action 'self'"):  # fmt: skip
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    # No preload unless DJANGO_HSTS_PRELOAD=1 (test_settings.py); the score never counted it.
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    assert headers["cross-origin-resource-policy"] == "same-origin"
    assert "camera=()" in headers["permissions-policy"]
    assert headers["referrer-policy"] == "same-origin"


def test_cookies_are_host_only_secure_and_samesite(production):
    assert production["login_status"] == 302
    names = {cookie.split("=", 1)[0] for cookie in production["cookies"]}
    assert names == {"__Host-csrftoken", "__Host-sessionid"}
    for cookie in production["cookies"]:
        lowered = cookie.lower()
        assert "secure" in lowered and "samesite=lax" in lowered and "path=/" in lowered
        assert "domain=" not in lowered
    session = next(c for c in production["cookies"] if c.startswith("__Host-sessionid"))
    assert "httponly" in session.lower()


def test_every_other_cookie_is_secure_and_samesite_too(production):
    """The language switcher's cookie (signed out and in) and the two-factor sign-in's."""
    cookies = {c.split("=", 1)[0]: c.lower() for c in production["other_cookies"]}
    assert {"__Host-language", "two_factor_known"} <= set(cookies), cookies
    for name, cookie in cookies.items():
        assert "; secure" in cookie and "samesite=lax" in cookie, name
        assert "httponly" in cookie or name == "__Host-csrftoken", name


def test_signed_in_pages_are_no_store(production):
    assert "no-store" in production["dashboard"]["cache-control"]
