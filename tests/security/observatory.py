"""The HTTP Observatory's scoring rules, for the headers and cookies a response carries.

Implements the score modifiers of Mozilla's published methodology
(mozilla/http-observatory, httpobs/docs/scoring.md, as used by MDN's HTTP Observatory)
for every test that depends on the app rather than on DNS or TLS set-up:
Content-Security-Policy, cookies, CORS, redirection (http to https on the same host),
Referrer-Policy, Strict-Transport-Security, Subresource Integrity, X-Content-Type-Options
and X-Frame-Options (including the CSP frame-ancestors bonus). Bonuses count only when
the score without them is at least 90, as the methodology says. HSTS preloading is a
property of the browser lists, not of the app, so it is never claimed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

SIX_MONTHS = 15_768_000


@dataclass
class Scan:
    headers: dict[str, str]  # of the final https response of the home page, names lower-case
    set_cookies: list[str]  # every Set-Cookie header seen (login page, login)
    html: str
    redirect_location: str  # where http://host/ redirects
    modifiers: dict[str, int] = field(default_factory=dict)


def parse_csp(value: str) -> dict[str, list[str]]:
    policy = {}
    for part in value.split(";"):
        tokens = part.split()
        if tokens:
            policy[tokens[0].lower()] = [t.lower() for t in tokens[1:]]
    return policy


def content_security_policy(scan: Scan) -> tuple[str, int]:
    value = scan.headers.get("content-security-policy")
    if not value:
        return "csp-not-implemented", -25
    policy = parse_csp(value)
    default = policy.get("default-src", [])
    script = policy.get("script-src", default)
    objects = policy.get("object-src", default)
    style = policy.get("style-src", default)
    if not script or not objects:
        return "csp-implemented-with-unsafe-inline", -20
    for sources in (script, objects):
        if {"'unsafe-inline'", "data:", "https:", "http:", "*"} & set(sources):
            return "csp-implemented-with-unsafe-inline", -20
    if "'unsafe-eval'" in script:
        return "csp-implemented-with-unsafe-eval", -10
    if any(s.startswith("http:") for sources in policy.values() for s in sources):
        return "csp-implemented-with-insecure-scheme", -20
    if {"'unsafe-inline'", "data:", "https:"} & set(style):
        return "csp-implemented-with-unsafe-inline-in-style-src-only", 0
    if default == ["'none'"]:
        return "csp-implemented-with-no-unsafe-default-src-none", 10
    return "csp-implemented-with-no-unsafe", 5


def cookies(scan: Scan) -> tuple[str, int]:
    if not scan.set_cookies:
        return "cookies-not-found", 0
    all_samesite = True
    for header in scan.set_cookies:
        jar = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            session = any(marker in name.lower() for marker in ("sess", "login"))
            if not morsel["secure"]:
                return (
                    ("cookies-session-without-secure-flag", -40)
                    if session
                    else (
                        "cookies-without-secure-flag",
                        -20,
                    )
                )
            if session and not morsel["httponly"]:
                return "cookies-session-without-httponly-flag", -30
            samesite = morsel["samesite"].lower()
            if samesite and samesite not in ("strict", "lax"):
                return "cookies-samesite-flag-invalid", -20
            if "csrf" in name.lower() and not samesite:
                return "cookies-anticsrf-without-samesite-flag", -20
            all_samesite &= bool(samesite)
    if all_samesite:
        return "cookies-secure-with-httponly-sessions-and-samesite", 5
    return "cookies-secure-with-httponly-sessions", 0


def cors(scan: Scan) -> tuple[str, int]:
    origin = scan.headers.get("access-control-allow-origin")
    if origin == "*":
        return "cross-origin-resource-sharing-implemented-with-universal-access", -50
    if origin:
        return "cross-origin-resource-sharing-implemented-with-restricted-access", 0
    return "cross-origin-resource-sharing-not-implemented", 0


def redirection(scan: Scan) -> tuple[str, int]:
    if not scan.redirect_location:
        return "redirection-missing", -20
    if not scan.redirect_location.startswith("https://"):
        return "redirection-not-to-https", -20
    return "redirection-to-https", 0


def referrer_policy(scan: Scan) -> tuple[str, int]:
    value = scan.headers.get("referrer-policy", "").split(",")[-1].strip().lower()
    if not value:
        return "referrer-policy-not-implemented", 0
    if value in ("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"):
        return "referrer-policy-private", 5
    if value == "no-referrer-when-downgrade":
        return "referrer-policy-no-referrer-when-downgrade", 0
    if value in ("origin", "origin-when-cross-origin", "unsafe-url"):
        return "referrer-policy-unsafe", -5
    return "referrer-policy-header-invalid", -5


def strict_transport_security(scan: Scan) -> tuple[str, int]:
    value = scan.headers.get("strict-transport-security")
    if not value:
        return "hsts-not-implemented", -20
    match = re.search(r"max-age=(\d+)", value, re.I)
    if not match:
        return "hsts-header-invalid", -20
    if int(match[1]) < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months", -10
    return "hsts-implemented-max-age-at-least-six-months", 0


def subresource_integrity(scan: Scan) -> tuple[str, int]:
    scripts = re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"([^>]*)>", scan.html)
    if not scripts:
        return "sri-not-implemented-but-no-scripts-loaded", 0
    external = [(src, rest) for src, rest in scripts if re.match(r"^(https?:)?//", src)]
    if not external:
        return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0
    if any(src.startswith("http:") for src, _ in external):
        return "sri-not-implemented-and-external-scripts-not-loaded-securely", -50
    if all("integrity=" in rest for _, rest in external):
        return "sri-implemented-and-external-scripts-loaded-securely", 5
    return "sri-not-implemented-but-external-scripts-loaded-securely", -5


def x_content_type_options(scan: Scan) -> tuple[str, int]:
    value = scan.headers.get("x-content-type-options")
    if value is None:
        return "x-content-type-options-not-implemented", -5
    if value.strip().lower() == "nosniff":
        return "x-content-type-options-nosniff", 0
    return "x-content-type-options-header-invalid", -5


def x_frame_options(scan: Scan) -> tuple[str, int]:
    csp = parse_csp(scan.headers.get("content-security-policy", ""))
    if csp.get("frame-ancestors") in (["'none'"], ["'self'"]):
        return "x-frame-options-implemented-via-csp", 5
    value = scan.headers.get("x-frame-options", "").strip().upper()
    if value in ("DENY", "SAMEORIGIN"):
        return "x-frame-options-sameorigin-or-deny", 0
    if not value:
        return "x-frame-options-not-implemented", -20
    return "x-frame-options-header-invalid", -20


TESTS = (
    content_security_policy,
    cookies,
    cors,
    redirection,
    referrer_policy,
    strict_transport_security,
    subresource_integrity,
    x_content_type_options,
    x_frame_options,
)


def score(scan: Scan) -> int:
    """100, plus penalties, plus bonuses when the score without them is 90 or more."""
    scan.modifiers = dict(test(scan) for test in TESTS)
    penalties = sum(m for m in scan.modifiers.values() if m < 0)
    bonuses = sum(m for m in scan.modifiers.values() if m > 0)
    base = max(100 + penalties, 0)
    return base + bonuses if base >= 90 else base
