"""A "·" between two items never ends a line: it is glued to the item after it (" ·&nbsp;"),
or a row of links is spaced by the layout (`link-row`) instead of dots."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[2]
TEMPLATES = [
    *sorted((ROOT / "templates").rglob("*.html")),
    *sorted((ROOT / "journal").rglob("templates/**/*.html")),
]
# A dot with a breakable space (or a line's end) after it; a page's <title> never wraps.
LOOSE_DOT = re.compile(r"·[ \t\n]")


def test_no_separator_can_end_a_line():
    assert len(TEMPLATES) > 20
    loose = [
        f"{path.relative_to(ROOT)}: {line.strip()[:80]}"
        for path in TEMPLATES
        for line in path.read_text().splitlines()
        if LOOSE_DOT.search(re.sub(r"<title>.*?</title>", "", line))
    ]
    assert not loose, "\n".join(loose)
