"""The guide's sources: Markdown files with a small YAML front-matter block."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

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
    """Read one source file: YAML between `---` markers, then Markdown."""
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if match is None:
        raise ContentError(f"{path.name}: no front matter between --- lines at the top")
    try:
        loaded: Any = yaml.safe_load(match["meta"])
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 2}" if mark else ""
        raise ContentError(f"{path.name}{where}: expected 'key: value'") from None
    if not isinstance(loaded, dict):
        raise ContentError(f"{path.name}, line 2: expected 'key: value'")
    meta = {str(k): "" if v is None else str(v).strip() for k, v in loaded.items()}
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
