"""The guide's sources: Markdown files with a small front-matter block."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent / "content"
FRONT_MATTER = re.compile(r"\A---\n(?P<meta>.*?)\n---\n(?P<body>.*)\Z", re.S)
REQUIRED = ("slug", "kind", "order", "title", "summary")


class ContentError(ValueError):
    """A source file that can't be loaded; the message names the file and the problem."""


@dataclass(frozen=True)
class Source:
    slug: str
    kind: str
    order: int
    title: str
    summary: str
    body: str
    action_label: str = ""
    action_path: str = ""


def parse(path: Path) -> Source:
    """Read one source file: `key: value` lines between `---` markers, then Markdown."""
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if match is None:
        raise ContentError(f"{path.name}: no front matter between --- lines at the top")
    meta = {}
    for number, line in enumerate(match["meta"].splitlines(), start=2):
        key, sep, value = line.partition(":")
        if not sep:
            raise ContentError(f"{path.name}, line {number}: expected 'key: value'")
        meta[key.strip()] = value.strip()
    missing = [key for key in REQUIRED if not meta.get(key)]
    if missing:
        raise ContentError(f"{path.name}: missing {', '.join(missing)}")
    if not meta["order"].isdigit():
        raise ContentError(f"{path.name}: order must be a whole number")
    if meta["kind"] not in ("intro", "tip", "note"):
        raise ContentError(f"{path.name}: kind must be intro, tip or note")
    return Source(
        slug=meta["slug"],
        kind=meta["kind"],
        order=int(meta["order"]),
        title=meta["title"],
        summary=meta["summary"],
        body=match["body"].strip() + "\n",
        action_label=meta.get("action_label", ""),
        action_path=meta.get("action_path", ""),
    )


def load(directory: Path = CONTENT_DIR) -> list[Source]:
    """Every source in `directory`, in order; refuses duplicate slugs."""
    sources = sorted((parse(p) for p in directory.glob("*.md")), key=lambda s: s.order)
    slugs = [s.slug for s in sources]
    duplicates = {slug for slug in slugs if slugs.count(slug) > 1}
    if duplicates:
        raise ContentError(f"the same slug in several files: {', '.join(sorted(duplicates))}")
    return sources
