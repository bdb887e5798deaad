"""Markdown to safe HTML, for journal entries and guide pages alike.

Rendered once, when an entry or a tip is saved, and stored; a page view does no
Markdown work. markdown-it-py (CommonMark) runs in time linear in the input, so no
body, however it is nested, can hold a worker for long; nh3 then removes anything that
could run script or load from elsewhere.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
}


def _image_as_text(
    self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """An image would load from elsewhere: keep its description as text instead."""
    return self.renderInline(tokens[idx].children or [], options, env)


# html=False: raw HTML is shown as the text it is ("I <3 my running club"), never run
# and never silently dropped.
_parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
_parser.add_render_rule("image", _image_as_text)


def render_markdown(text: str) -> str:
    """Render Markdown and strip anything that could run script or load from elsewhere.

    Links keep only http(s), mailto and relative URLs and get rel="noopener noreferrer".
    """
    html = _parser.render(text.replace("\r\n", "\n"))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()
