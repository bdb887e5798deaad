"""Read HTML as a browser would: which elements and attributes a page really has; and
find a piece of a page (a token, a link, a row) that must be there."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from django.test import Client


def page_html(client: Client, path: str, **extra: Any) -> str:
    """A page's HTML, once it answered 200: what a test finds missing from it was looked for
    on the page itself, not on a redirect's or a 404's empty body."""
    response = client.get(path, **extra)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    return response.text


def search(pattern: str, text: str, group: int = 0, flags: int = 0) -> str:
    """What `pattern` matches in `text`, or one of its groups; fails the test when `text`
    has no match, rather than with a TypeError on None."""
    match = re.search(pattern, text, flags)
    assert match, f"{pattern!r} matches nothing in {text[:200]!r}"
    return match[group]


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    """Every start tag in `html` with its attributes (text, escaped markup included, is not)."""
    found: list[tuple[str, dict[str, str]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, {name: value or "" for name, value in attrs}))

    Collector().feed(html)
    return found


def inert(html: str) -> bool:
    """No element in `html` can run script, load from another host or restyle the page."""
    for tag, attrs in elements(html):
        if tag in {"script", "img", "iframe", "object", "embed", "style", "link"}:
            return False
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                return False
            if name in {"href", "src"} and value.strip().lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                return False
            if name == "src":
                return False
    return True
