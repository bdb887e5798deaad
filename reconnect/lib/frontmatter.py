"""Front matter: a block of YAML between `---` lines at the top of a Markdown file.

The guide's sources and the Markdown export's entries both start with one. It is read
with `yaml.safe_load` alone, so a file can hold names and values but never build an
object.
"""

from __future__ import annotations

import re

import yaml

FRONT_MATTER = re.compile(r"\A---\n(.*?\n)?---\n", re.DOTALL)


class FrontMatterError(ValueError):
    """A block that YAML cannot read, or that holds something other than names and values.

    `line` is the file's line where it went wrong (the block starts on line 2); `problem`
    is YAML's own words, or "" when the block read as something other than names and
    values.
    """

    def __init__(self, line: int, problem: str = "") -> None:
        super().__init__(problem or "expected names and values")
        self.line = line
        self.problem = problem


def split_front_matter(text: str) -> tuple[dict[str, object], str] | None:
    """The front matter's names (as text) and values, none for an empty block, and the text
    after its closing `---`; None when `text` does not start with a block."""
    match = FRONT_MATTER.match(text)
    if match is None:
        return None
    try:
        meta = yaml.safe_load(match[1] or "")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = str(getattr(error, "problem", "") or "not readable")
        raise FrontMatterError(mark.line + 2 if mark else 2, problem) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError(2)
    return {str(name): value for name, value in meta.items()}, text[match.end() :]
