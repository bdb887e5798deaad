"""The guide's sources: Markdown files with a small YAML front-matter block.

English, the original, sits in content/ itself; each translation is a folder named for
its language (content/es/) holding files of the same names and slugs. A page missing
from a translation shows in English.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reconnect.lib.frontmatter import FrontMatterError, split_front_matter

CONTENT_DIR = Path(__file__).resolve().parent / "content"
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


def _name(path: Path) -> str:
    """The file as the guide's author knows it: es/02-wait.md, not just 02-wait.md."""
    return path.name if path.parent == CONTENT_DIR else f"{path.parent.name}/{path.name}"


def parse(path: Path) -> Source:
    """Read one source file: YAML between `---` markers, then Markdown."""
    name = _name(path)
    try:
        found = split_front_matter(path.read_text(encoding="utf-8"))
    except FrontMatterError as error:
        raise ContentError(f"{name}, line {error.line}: expected 'key: value'") from None
    if found is None:
        raise ContentError(f"{name}: no front matter between --- lines at the top")
    loaded, body = found
    meta = {str(k): "" if v is None else str(v).strip() for k, v in loaded.items()}
    missing = [key for key in REQUIRED if not meta.get(key)]
    if missing:
        raise ContentError(f"{name}: missing {', '.join(missing)}")
    if not meta["order"].isdigit():
        raise ContentError(f"{name}: order must be a whole number")
    if meta["kind"] not in ("intro", "tip", "note"):
        raise ContentError(f"{name}: kind must be intro, tip or note")
    return Source(
        slug=meta["slug"],
        kind=meta["kind"],
        order=int(meta["order"]),
        title=meta["title"],
        summary=meta["summary"],
        body=body.strip() + "\n",
        action_label=meta.get("action_label", ""),
        action_path=meta.get("action_path", ""),
    )


ORIGINAL = "en"


def load_languages(directory: Path, languages: list[str]) -> dict[str, list[Source]]:
    """The original in `directory` and each translation in `directory/<language>/`.

    A translated page must translate one of the original's: its slug is the link between
    the two, so a slug the English does not have is refused.
    """
    found = {ORIGINAL: load(directory)}
    slugs = {source.slug for source in found[ORIGINAL]}
    for language in languages:
        folder = directory / language
        if language == ORIGINAL or not folder.is_dir():
            continue
        found[language] = load(folder)
        strays = sorted(s.slug for s in found[language] if s.slug not in slugs)
        if strays:
            raise ContentError(f"{language}/: no English page with the slug {', '.join(strays)}")
    return found


def load(directory: Path = CONTENT_DIR) -> list[Source]:
    """Every source in `directory`, in order; refuses duplicate slugs."""
    sources = sorted((parse(p) for p in directory.glob("*.md")), key=lambda s: s.order)
    slugs = [s.slug for s in sources]
    duplicates = {slug for slug in slugs if slugs.count(slug) > 1}
    if duplicates:
        raise ContentError(f"the same slug in several files: {', '.join(sorted(duplicates))}")
    return sources
