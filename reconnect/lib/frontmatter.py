"""Front matter: a block of YAML between `---` lines at the top of a Markdown file.

The guide's sources and the Markdown export's entries both start with one. It is read
with YAML's safe loader, so a file can hold names and values but never build an object,
and within bounds, since an imported file is anyone's: at most MAX_BYTES, nested at most
MAX_DEPTH deep, and no aliases. A 260-byte zip whose front matter was an alias bomb kept
the worker busy 50 s at 2.76 GB; deep nesting ended in a RecursionError. Front matter
here is a few names and values, and needs none of that.
"""

from __future__ import annotations

import re

import yaml
from yaml.composer import ComposerError
from yaml.nodes import Node

FRONT_MATTER = re.compile(r"\A---\n(.*?\n)?---\n", re.DOTALL)
MAX_BYTES = 16 * 1024
MAX_DEPTH = 10


class BoundedLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing aliases and nesting deeper than MAX_DEPTH."""

    depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise ComposerError(None, None, "it uses an alias (*name), which is not read", mark)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise ComposerError(None, None, f"it is nested over {MAX_DEPTH} deep", mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


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
    block = match[1] or ""
    if len(block.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise FrontMatterError(2, f"it is longer than {MAX_BYTES // 1024} KB")
    try:
        meta = yaml.load(block, Loader=BoundedLoader)  # noqa: S506 (the safe loader, bounded)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = str(getattr(error, "problem", "") or "not readable")
        raise FrontMatterError(mark.line + 2 if mark else 2, problem) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError(2)
    return {str(name): value for name, value in meta.items()}, text[match.end() :]
